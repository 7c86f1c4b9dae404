import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CheckOutResult, VisitView } from '../../contract.js';
import { useVisitAction } from './useVisitAction.js';
import type { z } from 'zod';

/** A check-out as the desk saw it: the result, and the card that was given back (the visit no longer shows it). */
export interface CheckOutOutcome {
  result: z.infer<typeof CheckOutResult>;
  cardUid: string | null;
}

/**
 * After a check-out: who left and that their card no longer opens anything; while the desk still holds the visitor's
 * ID document, a reminder that will not be missed, with the button that hands it back (and closes the visit).
 */
export function CheckOutNotice({ outcome, onChange, onDismiss }: { outcome: CheckOutOutcome; onChange(next: CheckOutOutcome): void; onDismiss?: () => void }) {
  const { t } = useTranslation();
  const { visit, closed, documentSlot } = outcome.result;
  const action = useVisitAction<VisitView>((returned) =>
    onChange({ ...outcome, result: { visit: returned, closed: returned.status === 'checked_out', documentSlot: null } }),
  );
  return (
    <Paper withBorder radius="md" p="lg" mb="md" bg={closed ? 'teal.0' : 'orange.0'} data-testid="checkout-notice" data-closed={String(closed)} data-visit-id={visit.id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} data-testid="checkout-title">
            {closed ? t('visits.checkOut.closed', { name: visit.fullName }) : t('visits.checkOut.open', { name: visit.fullName })}
          </Title>
          {onDismiss ? (
            <Button variant="subtle" color="gray" onClick={onDismiss} data-testid="checkout-dismiss">
              {t('common.close')}
            </Button>
          ) : null}
        </Group>
        {outcome.cardUid ? (
          <Text fz="lg" data-testid="checkout-card">
            {t('visits.checkOut.cardDeactivated', { uid: outcome.cardUid })}
          </Text>
        ) : null}
        {!closed && documentSlot ? (
          <Paper radius="md" p="md" bg="orange.6" c="white" data-testid="checkout-reminder" data-slot={documentSlot}>
            <Group justify="space-between" wrap="wrap" gap="md">
              <Text fz={24} fw={800}>
                {t('visits.checkOut.returnDocument', { slot: documentSlot })}
              </Text>
              <Button
                size="lg"
                color="dark"
                loading={action.busy !== null}
                onClick={() => void action.run('return', () => api('returnDocument', { params: { id: visit.id } }))}
                data-testid="checkout-return-document"
              >
                {t('visits.custody.return')}
              </Button>
            </Group>
          </Paper>
        ) : null}
        {action.error ? (
          <Alert color="red" data-testid="checkout-error">
            {action.error}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * A visitor card just tapped on the desk reader, while the gateway checks its visit out: who is leaving, at once
 * (the board knows who holds the card), then the notice above with the outcome.
 */
export function CheckOutPending({ visit, cardUid }: { visit: VisitView; cardUid: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="lg" mb="md" bg="gray.0" data-testid="checkout-pending" data-visit-id={visit.id} aria-busy="true">
      <Group gap="md" wrap="nowrap">
        <Loader size="md" />
        <Stack gap={4}>
          <Title order={3} data-testid="checkout-pending-title">
            {t('visits.checkOut.checking', { name: visit.fullName })}
          </Title>
          <Text fz="lg" c="dimmed">
            {cardUid}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
