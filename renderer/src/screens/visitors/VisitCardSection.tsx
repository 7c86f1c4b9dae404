import { Alert, Badge, Button, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { CardStatus, type VisitView } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { statusColor as cardStatusColor, technologyOf } from '../cards/cardHelpers.js';
import { useDeskDevices } from './useDeskDevices.js';
import { useVisitAction } from './useVisitAction.js';
import { mayIssueCard } from './visitHelpers.js';

/**
 * The visitor card: the active card, or two ways to issue one: a card from the desk pool tapped on the desk reader,
 * or a blank MIFARE card written on the encoder. The gateway activates it for the visit's floors until its end; a
 * failure leaves nothing active and its reason is shown here.
 */
export function VisitCardSection({ visit, canManage, onChanged }: { visit: VisitView; canManage: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const desk = useDeskDevices();
  const [waiting, setWaiting] = useState(false);
  const action = useVisitAction<VisitView>(onChanged);
  const { run } = action;

  useGatewayEvent(['card.presented'], (event) => {
    if (!waiting || event.type !== 'card.presented' || event.data.deviceId !== desk.reader?.id) return;
    setWaiting(false);
    const body = { source: 'pool' as const, uid: event.data.uid, technology: technologyOf(event.data.technology) };
    void run('pool', () => api('issueVisitCard', { params: { id: visit.id }, body }));
  });

  const encode = (deviceId: string) => {
    setWaiting(false);
    void run('encode', () => api('issueVisitCard', { params: { id: visit.id }, body: { source: 'encode', deviceId } }));
  };

  const card = visit.card;
  const cardStatus = card ? CardStatus.safeParse(card.status) : null;
  return (
    <Paper withBorder p="lg" radius="md" data-testid="visit-card-section">
      <Title order={3} mb="md">
        {t('visits.card.title')}
      </Title>
      {card ? (
        <Group gap="md" data-testid="visit-card" data-status={card.status} data-uid={card.uid}>
          <Code fz="xl" fw={700} data-testid="visit-card-uid">
            {card.uid}
          </Code>
          <Badge size="lg" color={cardStatus?.success ? cardStatusColor[cardStatus.data] : 'gray'} data-testid="visit-card-status">
            {cardStatus?.success ? t(`cards.statuses.${cardStatus.data}`) : card.status}
          </Badge>
        </Group>
      ) : canManage && mayIssueCard(visit) ? (
        <Stack gap="md">
          {waiting ? (
            <Alert color="blue" variant="light" icon={<Loader size="sm" />} data-testid="card-tap-waiting">
              <Group justify="space-between" wrap="wrap">
                <Text fz="lg">{t('visits.card.tapWaiting', { reader: desk.reader?.name ?? '' })}</Text>
                <Button variant="default" onClick={() => setWaiting(false)} data-testid="card-tap-cancel">
                  {t('common.cancel')}
                </Button>
              </Group>
            </Alert>
          ) : (
            <Button
              size="lg"
              fullWidth
              disabled={!desk.reader || action.busy !== null}
              loading={action.busy === 'pool'}
              onClick={() => {
                action.setError(null);
                setWaiting(true);
              }}
              data-testid="card-tap"
            >
              {t('visits.card.tap')}
            </Button>
          )}
          <Stack gap={4}>
            <Button
              size="lg"
              fullWidth
              variant="light"
              disabled={!desk.encoder || action.busy !== null}
              loading={action.busy === 'encode'}
              onClick={() => desk.encoder && encode(desk.encoder.id)}
              data-testid="card-encode"
            >
              {t('visits.card.encode')}
            </Button>
            <Text size="sm" c="dimmed" data-testid="card-encode-hint">
              {desk.encoder ? t('visits.card.encodeHint', { encoder: desk.encoder.name }) : t('visits.card.noEncoder')}
            </Text>
          </Stack>
          {!desk.reader ? (
            <Text size="sm" c="dimmed" data-testid="card-no-reader">
              {t('visits.card.noReader')}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text c="dimmed" data-testid="visit-card-none">
          {t('visits.card.none')}
        </Text>
      )}
      {action.error ? (
        <Alert color="red" mt="md" data-testid="card-error">
          {action.error}
        </Alert>
      ) : null}
    </Paper>
  );
}
