import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props extends ButtonProps {
  /** The question shown before acting. */
  question: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  children: ReactNode;
  'data-testid'?: string;
}

/** A button that asks first, then runs `onConfirm` with a loading state. */
export function ConfirmButton({ question, confirmLabel, onConfirm, children, ...button }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onConfirm();
      close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button {...button} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={t('common.confirmTitle')}>
        <Text mb="lg">{question}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void run()} data-testid="confirm-yes">
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
