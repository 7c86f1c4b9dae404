import { Badge, Button, Code, Divider, Group, Modal, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import type { CardAction, CardView } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { useFormatters } from '../../i18n/format.js';
import { ActivateForm, ReplaceForm, TransitionForm } from './CardForms.js';
import { DANGEROUS, EVENT_KINDS, actionsFor, canActivate, canReplace, statusColor } from './cardHelpers.js';

type Dialog = { kind: 'activate' } | { kind: 'transition'; action: CardAction } | { kind: 'replace' } | null;

/** One card: its data, the actions its status allows (with cards.manage) and its history. */
export function CardDetail({ cardId, canManage, onChanged, onOpenCard }: { cardId: number; canManage: boolean; onChanged(): void; onOpenCard(id: number): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('getCard', { params: { id: cardId } });
  const groups = useApiQuery('listGroups', {});
  const zones = useApiQuery('listZones', {});
  const [dialog, setDialog] = useState<Dialog>(null);
  useGatewayEvent(['card.changed', 'hello'], (event) => {
    if (event.type === 'hello' || (event.type === 'card.changed' && event.data.id === cardId)) query.reload();
  });

  const card = query.data;
  if (!card) return <QueryState query={query} empty={false} />;

  const done = () => {
    setDialog(null);
    query.reload();
    onChanged();
  };
  const groupNames = card.accessGroupIds.map((id) => groups.data?.items.find((g) => g.id === id)?.name ?? `#${id}`);
  const zoneNames = card.zoneIds.map((id) => zones.data?.items.find((z) => z.id === id)?.name ?? `#${id}`);
  const kindLabel = (kind: string) => ((EVENT_KINDS as readonly string[]).includes(kind) ? t(`cards.eventKinds.${kind as (typeof EVENT_KINDS)[number]}`) : kind);
  const dialogTitle = () => {
    if (!dialog) return '';
    if (dialog.kind === 'activate') return t('cards.activateTitle', { uid: card.uid });
    if (dialog.kind === 'replace') return t('cards.replaceTitle', { uid: card.uid });
    return t('cards.actionTitle', { action: t(`cards.actions.${dialog.action}`), uid: card.uid });
  };

  return (
    <Stack data-testid="card-detail" data-card-id={card.id} data-status={card.status}>
      <Group justify="space-between" wrap="nowrap">
        <Code fz="xl" fw={700} data-testid="card-detail-uid">
          {card.uid}
        </Code>
        <Badge size="lg" color={statusColor[card.status]} data-testid="card-detail-status">
          {t(`cards.statuses.${card.status}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Field label={t('cards.technology')}>{t(`cards.technologies.${card.technology}`)}</Field>
        <Field label={t('cards.printedNumber')}>{card.printedNumber ?? t('common.none')}</Field>
        <Field label={t('cards.holder')}>
          {card.personName ?? t('common.none')}
          {card.holderKind ? <Text span c="dimmed" size="sm"> · {t(`cards.holderKinds.${card.holderKind}`)}</Text> : null}
        </Field>
        <Field label={t('cards.unit')}>{card.unitCode ?? t('common.none')}</Field>
        <Field label={t('cards.validFrom')}>{card.validFrom ? fmt.dateTime(card.validFrom) : t('cards.noLimit')}</Field>
        <Field label={t('cards.validUntil')}>{card.validUntil ? fmt.dateTime(card.validUntil) : t('cards.noLimit')}</Field>
      </SimpleGrid>
      <Field label={t('cards.accessGroups')}>
        <Group gap={4} data-testid="card-detail-groups">
          {groupNames.length === 0 ? t('common.none') : groupNames.map((n) => <Badge key={n} variant="light">{n}</Badge>)}
        </Group>
      </Field>
      {zoneNames.length > 0 ? (
        <Field label={t('cards.zones')}>
          <Group gap={4}>
            {zoneNames.map((n) => (
              <Badge key={n} variant="outline">
                {n}
              </Badge>
            ))}
          </Group>
        </Field>
      ) : null}
      {canManage ? (
        <Group gap="xs" data-testid="card-actions">
          {canActivate(card.status) ? (
            <Button onClick={() => setDialog({ kind: 'activate' })} data-testid="card-action-activate">
              {t('cards.actions.activate')}
            </Button>
          ) : null}
          {actionsFor(card.status).map((action) => (
            <Button
              key={action}
              variant={DANGEROUS.includes(action) ? 'light' : 'default'}
              color={DANGEROUS.includes(action) ? 'red' : undefined}
              onClick={() => setDialog({ kind: 'transition', action })}
              data-testid={`card-action-${action}`}
            >
              {t(`cards.actions.${action}`)}
            </Button>
          ))}
          {canReplace(card.status) ? (
            <Button variant="light" color="red" onClick={() => setDialog({ kind: 'replace' })} data-testid="card-action-replace">
              {t('cards.actions.replace')}
            </Button>
          ) : null}
        </Group>
      ) : (
        <Text size="sm" c="dimmed" data-testid="card-read-only">
          {t('cards.readOnly')}
        </Text>
      )}
      <Divider />
      <Title order={4}>{t('cards.history')}</Title>
      {card.events.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('cards.noHistory')}
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} data-testid="card-history">
          {card.events.map((e, i) => (
            <Timeline.Item
              key={`${e.at}-${i}`}
              color={e.toStatus ? statusColor[e.toStatus] : 'gray'}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {kindLabel(e.kind)}
                  </Text>
                  {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                    <Text size="xs" c="dimmed">
                      {t(`cards.statuses.${e.fromStatus}`)} → {t(`cards.statuses.${e.toStatus}`)}
                    </Text>
                  ) : null}
                </Group>
              }
              data-testid="card-history-item"
              data-kind={e.kind}
            >
              {e.reason ? (
                <Text size="sm" data-testid="card-history-reason">
                  {e.reason}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed">
                {fmt.dateTime(e.at)}
                {e.username ? ` · ${t('cards.by', { user: e.username })}` : ''}
                {e.stationName ? ` · ${t('cards.atStation', { station: e.stationName })}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <Modal opened={dialog !== null} onClose={() => setDialog(null)} title={dialogTitle()} size={dialog?.kind === 'activate' ? 'lg' : 'md'}>
        {dialog?.kind === 'activate' ? <ActivateForm card={card} onDone={done} /> : null}
        {dialog?.kind === 'transition' ? <TransitionForm card={card} action={dialog.action} onDone={done} /> : null}
        {dialog?.kind === 'replace' ? (
          <ReplaceForm
            card={card}
            onDone={(replacement: CardView) => {
              done();
              onOpenCard(replacement.id);
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" lh={1.3}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
