import { Badge, Button, Drawer, Group, NumberInput, Paper, Select, Table } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { IconPlus } from '../../components/icons.js';
import { UnitKind, type UnitView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';
import { useFormatters } from '../../i18n/format.js';
import { UnitForm } from './UnitForm.js';

type Editing = { unit: UnitView | null } | null;

export function UnitsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const fmt = useFormatters();
  const canWrite = can('units.write');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<UnitKind | null>(null);
  const [floor, setFloor] = useState<number | string>('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);

  const query = useApiQuery('listUnits', {
    query: {
      q: q || undefined,
      kind: kind ?? undefined,
      floor: typeof floor === 'number' ? floor : undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
  });
  useEntityChanged(['unit'], query.reload);
  const items = query.data?.items ?? [];

  const done = () => {
    setEditing(null);
    query.reload();
  };

  return (
    <>
      <PageHeader title={t('units.title')}>
        {canWrite ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ unit: null })} data-testid="unit-new">
            {t('units.new')}
          </Button>
        ) : null}
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Group mb="md" align="flex-end" wrap="wrap">
          <SearchInput
            flex={1}
            miw={240}
            placeholder={t('units.searchPlaceholder')}
            value={search}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
            data-testid="units-search"
          />
          <Select
            w={200}
            aria-label={t('units.kind')}
            placeholder={t('units.kind')}
            clearable
            data={UnitKind.options.map((k) => ({ value: k, label: t(`units.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => {
              setKind(v ? UnitKind.parse(v) : null);
              setPage(1);
            }}
            data-testid="units-kind-filter"
          />
          <NumberInput
            w={140}
            aria-label={t('units.floorFilter')}
            placeholder={t('units.floorFilter')}
            allowDecimal={false}
            value={floor}
            onChange={(v) => {
              setFloor(v);
              setPage(1);
            }}
            data-testid="units-floor-filter"
          />
        </Group>
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="units-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('units.code')}</Table.Th>
                <Table.Th>{t('units.kind')}</Table.Th>
                <Table.Th>{t('units.building')}</Table.Th>
                <Table.Th ta="right">{t('units.floor')}</Table.Th>
                <Table.Th ta="right">{t('units.area')}</Table.Th>
                <Table.Th ta="right">{t('units.peopleCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id} onClick={() => setEditing({ unit: u })} style={{ cursor: 'pointer' }} data-testid="unit-row">
                  <Table.Td fw={600}>{u.code}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={u.kind === 'apartment' ? 'teal' : u.kind === 'office' ? 'indigo' : 'orange'}>
                      {t(`units.kinds.${u.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{u.building ?? t('common.none')}</Table.Td>
                  <Table.Td ta="right">{u.floor}</Table.Td>
                  <Table.Td ta="right">{u.areaM2 === null ? t('common.none') : fmt.number(u.areaM2)}</Table.Td>
                  <Table.Td ta="right">{u.peopleCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.unit ? t('units.editTitle', { code: editing.unit.code }) : t('units.newTitle')}
      >
        {editing ? <UnitForm key={editing.unit?.id ?? 'new'} unit={editing.unit} canWrite={canWrite} onDone={done} /> : null}
      </Drawer>
    </>
  );
}
