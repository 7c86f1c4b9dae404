import { Button, Group, type MantineSpacing } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton.js';

interface Props {
  /** Question asked before deleting; null for a new record (no delete button). */
  deleteQuestion: string | null;
  onDelete(): Promise<unknown>;
  deleteTestId?: string;
  busy: boolean;
  saveTestId: string;
  mt?: MantineSpacing;
}

/** Bottom row of an edit form: delete (asks first) on the left, submit on the right. */
export function FormFooter({ deleteQuestion, onDelete, deleteTestId, busy, saveTestId, mt }: Props) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt={mt}>
      {deleteQuestion !== null ? (
        <ConfirmButton
          variant="subtle"
          color="red"
          question={deleteQuestion}
          confirmLabel={t('common.delete')}
          onConfirm={onDelete}
          data-testid={deleteTestId}
        >
          {t('common.delete')}
        </ConfirmButton>
      ) : (
        <span />
      )}
      <Button type="submit" loading={busy} data-testid={saveTestId}>
        {t('common.save')}
      </Button>
    </Group>
  );
}
