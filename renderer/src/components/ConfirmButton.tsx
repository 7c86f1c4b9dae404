import { Button, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useState, type ReactNode } from 'react';
import { screenLoader } from '../app/firstScreen.js';
import { lazyFrom } from '../app/lazyScreen.js';

// Fetched when the pointer or the focus reaches a confirm button, so that it is here by the click.
const loadDialog = screenLoader(() => import('./ConfirmDialog.js'));
const ConfirmDialog = lazyFrom(loadDialog, 'ConfirmDialog');

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
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  // The dialog mounts when first opened and stays, so it can animate closed.
  const [asked, setAsked] = useState(false);
  if (opened && !asked) setAsked(true);
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
      <Button {...button} onClick={open} onPointerEnter={() => void loadDialog()} onFocus={() => void loadDialog()}>
        {children}
      </Button>
      {asked ? (
        <Suspense fallback={null}>
          <ConfirmDialog opened={opened} question={question} confirmLabel={confirmLabel} busy={busy} onClose={close} onConfirm={() => void run()} />
        </Suspense>
      ) : null}
    </>
  );
}
