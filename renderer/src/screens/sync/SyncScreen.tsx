import { Alert, Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import type { DeadLetterView, SyncStatus } from '../../contract.js';
import { notifyError, notifySuccess } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';
import { durationOf, errorSentenceKey } from './syncHelpers.js';

const REFRESH_MS = 5_000;
const stateColor: Record<SyncStatus['state'], string> = { not_configured: 'gray', idle: 'green', pushing: 'blue', offline: 'yellow', error: 'red' };

/** Upstream sync: what waits, what reached the central office, what it refused (dead letters), commands received. */
export function SyncScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const manage = can('sync.manage');
  const [page, setPage] = useState(1);
  const status = useApiQuery('syncStatus', {});
  const dead = useApiQuery('listDeadLetters', { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  const { reload: reloadStatus } = status;
  const { reload: reloadDead } = dead;

  useEffect(() => {
    const timer = setInterval(() => {
      reloadStatus();
      reloadDead();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadStatus, reloadDead]);

  const refresh = () => {
    reloadStatus();
    reloadDead();
  };
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      notifySuccess(done);
      refresh();
    } catch (err) {
      notifyError(err, t);
    }
  };
  const s = status.data;

  return (
    <>
      <PageHeader title={t('sync.title')}>
        {manage && s && s.state !== 'not_configured' ? (
          <Button onClick={() => act(() => api('retrySync'), t('sync.status.retried'))} data-testid="sync-retry">
            {t('sync.status.retry')}
          </Button>
        ) : null}
      </PageHeader>
      <Stack gap="lg">
        {s ? <StatusPanel status={s} /> : <QueryState query={status} empty={false} />}
        {s && s.state !== 'not_configured' ? <CommandsPanel status={s} /> : null}
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb="xs">
            <Title order={3}>{t('sync.dead.heading')}</Title>
            {manage && (dead.data?.total ?? 0) > 0 ? (
              <ConfirmButton
                variant="light"
                question={t('sync.dead.resendAllConfirm')}
                confirmLabel={t('sync.dead.resendAll')}
                onConfirm={() => act(async () => api('resendAllDeadLetters'), t('sync.dead.resent', { count: dead.data?.total ?? 0 }))}
                data-testid="sync-resend-all"
              >
                {t('sync.dead.resendAll')}
              </ConfirmButton>
            ) : null}
          </Group>
          <Text c="dimmed" size="sm" mb="md">
            {t('sync.dead.help')}
          </Text>
          <DeadLetterTable items={dead.data?.items ?? []} manage={manage} onChanged={refresh} />
          {dead.data && dead.data.total === 0 ? (
            <Text c="dimmed" ta="center" py="md" data-testid="sync-dead-empty">
              {t('sync.dead.empty')}
            </Text>
          ) : null}
          {dead.data && dead.data.total > 0 ? <ListFooter total={dead.data.total} page={page} onPage={setPage} /> : <QueryState query={dead} empty={false} />}
        </Paper>
      </Stack>
    </>
  );
}

/** "3 min", "2 h": how long the oldest event has waited. */
function useDuration() {
  const { t } = useTranslation();
  return (seconds: number) => {
    const { unit, n } = durationOf(seconds);
    return t(`sync.duration.${unit}`, { n: String(n) });
  };
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="md" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

function StatusPanel({ status: s }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const duration = useDuration();
  const when = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('sync.status.never'));
  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-status-panel">
      <Group justify="space-between" mb="md">
        <Title order={3}>{t('sync.status.heading')}</Title>
        <Badge size="lg" color={stateColor[s.state]} variant="filled" data-testid="sync-state" data-state={s.state}>
          {t(`sync.state.${s.state}`)}
        </Badge>
      </Group>
      {s.state === 'not_configured' ? (
        <Alert color="gray" mb="md" data-testid="sync-not-configured">
          {t('sync.status.notConfigured')}
        </Alert>
      ) : null}
      {s.state === 'offline' ? (
        <Alert color="yellow" mb="md">
          {t('sync.status.offlineHelp')}
        </Alert>
      ) : null}
      {s.state === 'error' ? (
        <Alert color="red" mb="md" data-testid="sync-error-help">
          {t('sync.status.errorHelp')}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Field label={t('sync.status.queueDepth')} testId="sync-queue-depth">
          {fmt.number(s.queueDepth)}
          {s.held > 0 ? (
            <Text component="span" display="block" size="sm" c="orange.8">
              {t('sync.status.held')}: {fmt.number(s.held)}
            </Text>
          ) : null}
        </Field>
        <Field label={t('sync.status.oldest')}>
          {s.oldestPendingAt ? `${fmt.dateTime(s.oldestPendingAt)} · ${t('sync.status.waitingFor', { duration: duration(s.oldestPendingAgeSeconds ?? 0) })}` : t('common.none')}
        </Field>
        <Field label={t('sync.status.lastSuccess')} testId="sync-last-success">
          {when(s.lastSuccessAt)}
        </Field>
        <Field label={t('sync.dead.heading')} testId="sync-dead-count">
          {fmt.number(s.deadLetters)}
        </Field>
        <Field label={t('sync.status.transport')}>{s.transport ? s.transport.toUpperCase() : t('common.none')}</Field>
        <Field label={t('sync.status.upstream')}>{s.upstream ?? t('common.none')}</Field>
        <Field label={t('sync.status.lastAttempt')}>{when(s.lastAttemptAt)}</Field>
        <Field label={t('sync.status.nextAttempt')}>{s.nextAttemptAt ? fmt.dateTime(s.nextAttemptAt) : t('common.none')}</Field>
        <Field label={t('sync.status.sentSinceStart')}>{fmt.number(s.sentSinceStart)}</Field>
        <Field label={t('sync.status.batchSize')}>{fmt.number(s.batchSize)}</Field>
      </SimpleGrid>
      {s.lastError ? <ErrorAlert error={s.lastError} testId="sync-last-error" /> : null}
      <Text c="dimmed" size="sm" mt="md">
        {t('sync.status.retention', { days: String(s.retentionDays) })}
      </Text>
    </Paper>
  );
}

function CommandsPanel({ status: s }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const c = s.commands;
  const channels = [c.http ? 'HTTP' : null, c.mqtt ? 'MQTT' : null].filter(Boolean).join(', ');
  return (
    <Paper withBorder p="md" radius="md" data-testid="sync-commands">
      <Title order={3} mb="xs">
        {t('sync.commands.heading')}
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        {t('sync.commands.help')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <Field label={t('sync.commands.channels')}>{channels || t('sync.commands.none')}</Field>
        <Field label={t('sync.commands.applied')}>{fmt.number(c.applied)}</Field>
        <Field label={t('sync.commands.rejected')}>{fmt.number(c.rejected)}</Field>
        <Field label={t('sync.commands.unacked')}>{fmt.number(c.unacked)}</Field>
        <Field label={t('sync.commands.lastReceived')}>{c.lastReceivedAt ? fmt.dateTime(c.lastReceivedAt) : t('sync.status.never')}</Field>
        {c.http ? <Field label={t('sync.commands.lastPoll')}>{c.lastPollAt ? fmt.dateTime(c.lastPollAt) : t('sync.status.never')}</Field> : null}
      </SimpleGrid>
      {c.lastError ? <ErrorAlert error={c.lastError} testId="sync-commands-error" /> : null}
    </Paper>
  );
}

/** The last error: a translated sentence (or its kind), then the technical detail as the gateway logged it. */
function ErrorAlert({ error, testId }: { error: NonNullable<SyncStatus['lastError']>; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const sentence = errorSentenceKey(error);
  return (
    <Alert color={error.kind === 'auth' ? 'red' : error.kind === 'rejected' ? 'orange' : 'yellow'} mt="md" title={`${t('sync.status.lastError')} · ${fmt.dateTime(error.at)}`} data-testid={testId} data-code={error.code}>
      <Text size="sm">{sentence ? t(`sync.errorCode.${sentence}` as 'sync.errorCode.network') : t(`sync.errorKind.${error.kind}`)}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        {error.code}: {error.message}
      </Text>
    </Alert>
  );
}

function DeadLetterTable({ items, manage, onChanged }: { items: DeadLetterView[]; manage: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [discarding, setDiscarding] = useState<DeadLetterView | null>(null);
  const resend = async (id: string) => {
    try {
      const { count } = await api('resendDeadLetter', { params: { id } });
      notifySuccess(t('sync.dead.resent', { count }));
      onChanged();
    } catch (err) {
      notifyError(err, t);
    }
  };
  if (items.length === 0) return null;
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table data-testid="sync-dead-table" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.dead.event')}</Table.Th>
              <Table.Th>{t('sync.dead.about')}</Table.Th>
              <Table.Th>{t('sync.dead.rejectedAt')}</Table.Th>
              <Table.Th>{t('sync.dead.reason')}</Table.Th>
              <Table.Th>{t('sync.dead.attempts')}</Table.Th>
              <Table.Th>{t('sync.dead.holding')}</Table.Th>
              {manage ? <Table.Th w={1}>{t('common.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id} data-testid="sync-dead-row">
                <Table.Td>
                  <Text fw={600} size="sm">
                    {d.type}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {fmt.dateTime(d.occurredAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {d.aggregateType} {d.aggregateId}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(d.rejectedAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color="orange" mb={4}>
                    {d.code}
                  </Badge>
                  <Text size="sm" lineClamp={3}>
                    {d.reason}
                  </Text>
                </Table.Td>
                <Table.Td>{fmt.number(d.attempts)}</Table.Td>
                <Table.Td>{d.held > 0 ? t('sync.dead.holdingCount', { count: d.held }) : t('common.none')}</Table.Td>
                {manage ? (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => void resend(d.id)} data-testid="sync-dead-resend">
                        {t('sync.dead.resend')}
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => setDiscarding(d)} data-testid="sync-dead-discard">
                        {t('sync.dead.discard')}
                      </Button>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={discarding !== null} onClose={() => setDiscarding(null)} title={t('sync.dead.discardTitle')}>
        {discarding ? (
          <DiscardForm
            letter={discarding}
            onDone={() => {
              setDiscarding(null);
              onChanged();
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

function DiscardForm({ letter, onDone }: { letter: DeadLetterView; onDone(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api('discardDeadLetter', { params: { id: letter.id }, body: { reason } });
      notifySuccess(t('sync.dead.discarded'));
      onDone();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Text size="sm">
        {letter.type} · {letter.aggregateType} {letter.aggregateId}
      </Text>
      <Text size="sm" c="dimmed">
        {t('sync.dead.discardHelp')}
      </Text>
      <Textarea label={t('sync.dead.discardReason')} withAsterisk autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="sync-discard-reason" />
      <Group justify="flex-end">
        <Button color="red" loading={busy} disabled={reason.trim() === ''} onClick={() => void submit()} data-testid="sync-discard-confirm">
          {t('sync.dead.discard')}
        </Button>
      </Group>
    </Stack>
  );
}
