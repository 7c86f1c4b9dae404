import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { VisitReason } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

export interface ReasonRequest {
  title: string;
  hint: string;
  confirmLabel: string;
  color: string;
  /** Runs the action with the reason; a thrown error is shown in the dialog. */
  run(reason: string): Promise<unknown>;
}

/** Asks for a reason (required by the contract's VisitReason) before cancelling, overriding or refusing a visit. */
export function ReasonDialog({ request, onClose }: { request: ReasonRequest | null; onClose(): void }) {
  return (
    <Modal opened={request !== null} onClose={onClose} title={request?.title ?? ''} size="lg" zIndex={1000}>
      {request ? <ReasonForm key={request.title} request={request} onClose={onClose} /> : null}
    </Modal>
  );
}

function ReasonForm({ request, onClose }: { request: ReasonRequest; onClose(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<{ reason: string }>(VisitReason);
  const form = useForm<{ reason: string }>({ mode: 'controlled', initialValues: { reason: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit(({ reason }) => run(() => request.run(reason.trim()), null, onClose));
  return (
    <form onSubmit={submit} noValidate data-testid="reason-form">
      <Stack>
        <Text size="sm" c="dimmed">
          {request.hint}
        </Text>
        <FormError error={error} data-testid="reason-error" />
        <Textarea
          label={t('visitAdmin.reason.label')}
          placeholder={t('visitAdmin.reason.placeholder')}
          withAsterisk
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus
          data-testid="reason-input"
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="reason-back">
            {t('visitAdmin.reason.back')}
          </Button>
          <Button type="submit" color={request.color} loading={busy} data-testid="reason-confirm">
            {request.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
