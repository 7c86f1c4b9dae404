import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** ConfirmButton's question (its own chunk: a list of confirm buttons loads the modal when one is first pressed). */
export function ConfirmDialog({ opened, question, confirmLabel, busy, onClose, onConfirm }: { opened: boolean; question: string; confirmLabel: string; busy: boolean; onClose(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('common.confirmTitle')}>
      <Text mb="lg">{question}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={busy} onClick={onConfirm} data-testid="confirm-yes">
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
