/** What every access-setup tab has: a "new" button above its table and a drawer holding the edit form. */
import { Button, Drawer, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconPlus } from '../../components/icons.js';

export function NewButton({ label, testId, onClick }: { label: string; testId: string; onClick(): void }) {
  return (
    <Group justify="flex-end" mb="sm">
      <Button leftSection={<IconPlus size={18} />} onClick={onClick} data-testid={testId}>
        {label}
      </Button>
    </Group>
  );
}

export function EditDrawer({ opened, onClose, title, size, children }: { opened: boolean; onClose(): void; title: string; size?: 'lg'; children: ReactNode }) {
  return (
    <Drawer opened={opened} onClose={onClose} position="right" {...(size && { size })} title={title}>
      {children}
    </Drawer>
  );
}
