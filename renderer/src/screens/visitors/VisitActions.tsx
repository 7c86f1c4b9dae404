import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import type { CheckOutOutcome } from './CheckOutNotice.js';
import { useVisitAction } from './useVisitAction.js';
import { isOpen } from './visitHelpers.js';

/** A business visitor waits: the desk calls the host, then lets the visitor up (or the host escorts them). */
export function WaitingActions({ visit, onChanged }: { visit: VisitView; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const action = useVisitAction<VisitView>(onChanged);
  return (
    <Paper withBorder p="lg" radius="md" bg="yellow.0" data-testid="waiting-actions">
      <Title order={3} mb="md">
        {t('visits.waiting.title')}
      </Title>
      <Stack gap="sm">
        <Text>{t('visits.waiting.text', { host: visit.host.label })}</Text>
        {visit.hostContactedAt ? (
          <Text c="teal.8" fw={600} data-testid="waiting-host-contacted">
            {t('visits.waiting.contactedAt', { time: fmt.time(visit.hostContactedAt) })}
          </Text>
        ) : (
          <Button
            size="lg"
            variant="light"
            loading={action.busy === 'contact'}
            onClick={() => void action.run('contact', () => api('hostContacted', { params: { id: visit.id } }))}
            data-testid="visit-host-contacted"
          >
            {t('visits.waiting.hostContacted')}
          </Button>
        )}
        <Button size="lg" loading={action.busy === 'admit'} onClick={() => void action.run('admit', () => api('admitVisit', { params: { id: visit.id } }))} data-testid="visit-admit">
          {t('visits.waiting.admit')}
        </Button>
        {action.error ? (
          <Alert color="red" data-testid="waiting-error">
            {action.error}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Check-out: the card stops working at once; the visit closes now, or when the held document is handed back. */
export function CheckOutButton({ visit, onCheckedOut, size = 'lg' }: { visit: VisitView; onCheckedOut(outcome: CheckOutOutcome): void; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const action = useVisitAction<CheckOutOutcome>(onCheckedOut);
  if (!isOpen(visit) || visit.checkoutRequestedAt !== null) return null;
  return (
    <>
      <ConfirmButton
        size={size}
        color="orange"
        question={t('visits.checkOut.confirm', { name: visit.fullName })}
        confirmLabel={t('visits.checkOut.action')}
        onConfirm={() =>
          action.run('checkout', async () => ({ result: await api('checkOutVisit', { params: { id: visit.id } }), cardUid: visit.card?.uid ?? null }))
        }
        data-testid="visit-check-out"
      >
        {t('visits.checkOut.action')}
      </ConfirmButton>
      {action.error ? (
        <Alert color="red" data-testid="checkout-error">
          {action.error}
        </Alert>
      ) : null}
    </>
  );
}
