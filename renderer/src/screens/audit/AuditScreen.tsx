import { Badge, Button, Code, Group, Modal, Paper, ScrollArea, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan, useSite } from '../../app/session.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconDownload } from '../../components/icons.js';
import type { AuditEntry } from '../../contract.js';
import { buildCsvInSlices, collectPages } from '../../export/csv.js';
import { useCsvExport } from '../../export/useCsvExport.js';
import { useFormatters, zonedDayBoundary } from '../../i18n/format.js';
import type { en } from '../../i18n/en.js';

type EntityKey = keyof (typeof en)['audit']['entities'];
type ActionKey = keyof (typeof en)['audit']['actions'];

const entityKeys = [
  'unit', 'company', 'person', 'user', 'station', 'site', 'device', 'import', 'session',
  'card', 'zone', 'reader', 'schedule', 'holiday', 'access_group', 'controller', 'watchlist',
] as const satisfies readonly EntityKey[];
const actionKeys = [
  'unit_create', 'unit_update', 'unit_delete',
  'company_create', 'company_update', 'company_delete', 'company_contact_read',
  'person_create', 'person_update', 'person_delete', 'person_contact_read',
  'user_create', 'user_update', 'user_unlock',
  'station_create', 'station_pair', 'station_pairing_code', 'station_revoke',
  'device_create', 'device_update', 'device_delete',
  'site_update', 'import_run', 'auth_login', 'auth_login_failed', 'auth_logout',
  'card_registered', 'card_activated', 'card_suspended', 'card_resumed', 'card_revoked', 'card_lost', 'card_returned', 'card_restocked',
  'zone_create', 'zone_update', 'reader_put', 'reader_delete', 'schedule_create', 'schedule_update', 'holiday_put', 'holiday_delete',
  'group_create', 'group_update', 'controller_create', 'controller_revoke', 'watchlist_add', 'watchlist_deactivate',
] as const satisfies readonly ActionKey[];

/** "unit.create" ↔ "unit_create" (i18next treats dots as nesting). */
const actionKey = (action: string) => action.replace('.', '_');
const actionValue = (key: string) => key.replace('_', '.');

interface Filters {
  entity: string | null;
  action: string | null;
  userId: string | null;
  from: string;
  to: string;
}

const noFilters: Filters = { entity: null, action: null, userId: null, from: '', to: '' };

export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const site = useSite();
  const can = useCan();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState<AuditEntry | null>(null);
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const filterQuery = {
    entity: filters.entity ?? undefined,
    action: filters.action ?? undefined,
    userId: filters.userId ? Number(filters.userId) : undefined,
    from: zonedDayBoundary(filters.from, site.timezone) ?? undefined,
    to: zonedDayBoundary(filters.to, site.timezone, true) ?? undefined,
  };
  const query = useApiQuery('listAudit', { query: { ...filterQuery, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  const exporter = useCsvExport();
  const users = useApiQuery('listUsers', can('users.manage') ? {} : null);
  const items = useMemo(() => query.data?.items ?? [], [query.data]);

  // Without users.manage the user filter offers the people seen in the log so far.
  const [seenActors, setSeenActors] = useState<Record<string, string>>({});
  useEffect(() => {
    const actors = items.flatMap((e) => (e.actor?.userId != null ? [[String(e.actor.userId), e.actor.username] as const] : []));
    if (actors.length > 0) setSeenActors((s) => ({ ...s, ...Object.fromEntries(actors) }));
  }, [items]);
  const userOptions = users.data
    ? users.data.items.map((u) => ({ value: String(u.id), label: `${u.displayName} (${u.username})` }))
    : Object.entries(seenActors).map(([value, label]) => ({ value, label }));

  const actionLabel = (action: string) => {
    const key = `audit.actions.${actionKey(action)}`;
    return i18n.exists(key) ? t(key as 'audit.actions.unit_create') : action;
  };
  const entityLabel = (entity: string) => {
    const key = `audit.entities.${entity}`;
    return i18n.exists(key) ? t(key as 'audit.entities.unit') : entity;
  };

  // Every page of the current filter, oldest columns first as on screen; before/after as JSON text.
  const exportCsv = () =>
    exporter.run('audit', async (progress, signal) => {
      const entries = await collectPages<AuditEntry>((offset, limit, s) => api('listAudit', { query: { ...filterQuery, offset, limit }, signal: s }), progress, signal);
      const header = [t('audit.at'), t('audit.user'), t('audit.station'), t('audit.action'), t('audit.entity'), t('audit.entityId'), t('audit.before'), t('audit.after')];
      const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
      const csv = await buildCsvInSlices(
        header,
        entries,
        (e) => [fmt.dateTime(e.at), e.actor?.username ?? t('audit.system'), e.station?.name ?? null, actionLabel(e.action), entityLabel(e.entity), e.entityId, json(e.before), json(e.after)],
        progress,
        signal,
      );
      return { csv, rows: entries.length };
    });

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <Button leftSection={<IconDownload size={18} />} variant="default" loading={exporter.busy} onClick={exportCsv} data-testid="audit-export">
          {t('export.csv')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, lg: 5 }} mb="md">
          <Select
            label={t('audit.entity')}
            clearable
            data={entityKeys.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
            value={filters.entity}
            onChange={(v) => set({ entity: v })}
            placeholder={t('common.all')}
            data-testid="audit-entity"
          />
          <Select
            label={t('audit.action')}
            clearable
            searchable
            data={actionKeys.map((a) => ({ value: actionValue(a), label: t(`audit.actions.${a}`) }))}
            value={filters.action}
            onChange={(v) => set({ action: v })}
            placeholder={t('common.all')}
            data-testid="audit-action"
          />
          <Select
            label={t('audit.user')}
            clearable
            searchable
            data={userOptions}
            value={filters.userId}
            onChange={(v) => set({ userId: v })}
            placeholder={t('common.all')}
            data-testid="audit-user"
          />
          <TextInput label={t('audit.from')} type="date" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="audit-from" />
          <TextInput label={t('audit.to')} type="date" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="audit-to" />
        </SimpleGrid>
        <Group justify="flex-end" mb="sm">
          <Button variant="subtle" size="sm" onClick={() => set(noFilters)}>
            {t('audit.clear')}
          </Button>
          <Button variant="default" size="sm" onClick={query.reload}>
            {t('common.refresh')}
          </Button>
        </Group>
        <Table.ScrollContainer minWidth={860}>
          <Table data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.at')}</Table.Th>
                <Table.Th>{t('audit.user')}</Table.Th>
                <Table.Th>{t('audit.station')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.entity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id} onClick={() => setShown(e)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.at)}</Table.Td>
                  <Table.Td>{e.actor ? e.actor.username : <Text c="dimmed">{t('audit.system')}</Text>}</Table.Td>
                  <Table.Td>{e.station?.name ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={e.action.endsWith('delete') || e.action.endsWith('failed') ? 'red' : 'blue'}>
                      {actionLabel(e.action)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {entityLabel(e.entity)}
                    {e.entityId ? <Text span c="dimmed"> #{e.entityId}</Text> : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      <Modal opened={shown !== null} onClose={() => setShown(null)} size="xl" title={shown ? actionLabel(shown.action) : ''}>
        {shown ? (
          <Stack>
            <Text size="sm" c="dimmed">
              {fmt.dateTime(shown.at)} · {shown.actor?.username ?? t('audit.system')}
              {shown.station ? ` · ${shown.station.name}` : ''} · {entityLabel(shown.entity)}
              {shown.entityId ? ` #${shown.entityId}` : ''}
            </Text>
            <SimpleGrid cols={2}>
              <JsonBlock title={t('audit.before')} value={shown.before} />
              <JsonBlock title={t('audit.after')} value={shown.after} />
            </SimpleGrid>
          </Stack>
        ) : null}
      </Modal>
      {exporter.dialog}
    </>
  );
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={5}>{title}</Title>
      <ScrollArea.Autosize mah={420}>
        <Code block>{value === null || value === undefined ? t('common.none') : JSON.stringify(value, null, 2)}</Code>
      </ScrollArea.Autosize>
    </Stack>
  );
}
