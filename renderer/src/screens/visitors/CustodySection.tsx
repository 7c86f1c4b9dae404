import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { useVisitAction } from './useVisitAction.js';
import { heldSlot } from './visitHelpers.js';

const HOLDABLE: readonly VisitView['status'][] = ['blocked', 'waiting', 'checked_in'];

/**
 * ID custody: the desk records the slot where it keeps the visitor's document, and hands it back as an explicit step.
 * A visitor who checked out while the desk still holds the document stays open until then.
 */
export function CustodySection({ visit, canManage, onChanged }: { visit: VisitView; canManage: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [slot, setSlot] = useState('');
  const action = useVisitAction<VisitView>(() => {
    setSlot('');
    onChanged();
  });
  const held = heldSlot(visit);
  const leaving = held !== null && visit.checkoutRequestedAt !== null;

  return (
    <Paper withBorder p="lg" radius="md" bg={leaving ? 'orange.0' : undefined} data-testid="custody-section" data-held={held ?? ''}>
      <Title order={3} mb="md">
        {t('visits.custody.title')}
      </Title>
      <Stack gap="md">
        {held !== null && visit.custody ? (
          <>
            <Text fz={leaving ? 22 : 'lg'} fw={leaving ? 800 : 600} c={leaving ? 'orange.9' : undefined} data-testid="custody-held">
              {leaving ? t('visits.checkOut.returnDocument', { slot: held }) : t('visits.custody.held', { slot: held, time: fmt.dateTime(visit.custody.takenAt) })}
            </Text>
            {canManage ? (
              <Button
                size="lg"
                color={leaving ? 'orange' : undefined}
                loading={action.busy === 'return'}
                onClick={() => void action.run('return', () => api('returnDocument', { params: { id: visit.id } }))}
                data-testid="custody-return"
              >
                {t('visits.custody.return')}
              </Button>
            ) : null}
          </>
        ) : (
          <>
            {visit.custody?.returnedAt ? (
              <Text data-testid="custody-returned">{t('visits.custody.returned', { slot: visit.custody.slot, time: fmt.dateTime(visit.custody.returnedAt) })}</Text>
            ) : (
              <Text c="dimmed" data-testid="custody-none">
                {t('visits.custody.none')}
              </Text>
            )}
            {canManage && HOLDABLE.includes(visit.status) && visit.checkoutRequestedAt === null ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!slot.trim()) return action.setError(t('issues.required'));
                  void action.run('hold', () => api('holdDocument', { params: { id: visit.id }, body: { slot: slot.trim() } }));
                }}
              >
                <Group align="flex-end" wrap="nowrap">
                  <TextInput
                    flex={1}
                    size="md"
                    label={t('visits.custody.slot')}
                    placeholder={t('visits.custody.slotPlaceholder')}
                    value={slot}
                    onChange={(e) => setSlot(e.currentTarget.value)}
                    maxLength={20}
                    data-testid="custody-slot"
                  />
                  <Button type="submit" size="md" variant="light" loading={action.busy === 'hold'} data-testid="custody-hold">
                    {t('visits.custody.hold')}
                  </Button>
                </Group>
              </form>
            ) : null}
          </>
        )}
        {action.error ? (
          <Alert color="red" data-testid="custody-error">
            {action.error}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
