import { Alert, type AlertProps } from '@mantine/core';

/** The sentence above a form saying why the last action failed (nothing when it did not). */
export function FormError({ error, ...props }: { error: string | null } & Omit<AlertProps, 'children'>) {
  if (!error) return null;
  return (
    <Alert color="red" data-testid="form-error" {...props}>
      {error}
    </Alert>
  );
}
