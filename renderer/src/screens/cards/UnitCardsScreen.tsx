import { Badge, Button, Group, Paper, Switch, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { IconDownload } from '../../components/icons.js';
import { useEntityChanged, useGatewayEvent } from '../../events/useGatewayEvents.js';
import { buildCsvInSlices } from '../../export/csv.js';
import { useCsvExport } from '../../export/useCsvExport.js';
import { useFormatters } from '../../i18n/format.js';
import { cardListCsv } from './cardCsv.js';

/** Active and suspended cards per unit against the free quota, for the management board; CSV exports. */
export function UnitCardsScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('unitCardSummary', {});
  useEntityChanged(['unit'], query.reload);
  useGatewayEvent(['card.changed'], query.reload);
  const [search, setSearch] = useState('');
  const [overOnly, setOverOnly] = useState(false);
  const exporter = useCsvExport();

  const rows = useMemo(() => {
    const q = search.trim().toUpperCase();
    return (query.data?.items ?? []).filter((r) => (!q || r.unitCode.toUpperCase().includes(q)) && (!overOnly || r.overQuota > 0));
  }, [query.data, search, overOnly]);

  const exportSummary = () =>
    exporter.run('cards-per-unit', async (progress, signal) => {
      const header = [t('cardUnits.unit'), t('cardUnits.floor'), t('cardUnits.quota'), t('cardUnits.active'), t('cardUnits.suspended'), t('cardUnits.overQuota')];
      const csv = await buildCsvInSlices(header, rows, (r) => [r.unitCode, r.floor, r.freeCardQuota, r.activeCards, r.suspendedCards, r.overQuota], progress, signal);
      return { csv, rows: rows.length };
    });
  const exportUnit = (unitId: number, unitCode: string) => exporter.run(`cards-${unitCode}`, (progress, signal) => cardListCsv(unitId, t, fmt, progress, signal));

  return (
    <>
      <PageHeader title={t('cardUnits.title')}>
        <Button leftSection={<IconDownload size={18} />} variant="default" loading={exporter.busy} disabled={rows.length === 0} onClick={exportSummary} data-testid="unit-cards-export">
          {t('export.csv')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed" mb="sm">
          {t('cardUnits.hint')}
        </Text>
        <Group mb="md" wrap="wrap">
          <SearchInput
            w={260}
            placeholder={t('cardUnits.searchPlaceholder')}
            value={search}
            onSearch={setSearch}
            data-testid="unit-cards-search"
          />
          <Switch size="md" label={t('cardUnits.overOnly')} checked={overOnly} onChange={(e) => setOverOnly(e.currentTarget.checked)} data-testid="unit-cards-over-only" />
        </Group>
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="unit-cards-table" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cardUnits.unit')}</Table.Th>
                <Table.Th ta="right">{t('cardUnits.floor')}</Table.Th>
                <Table.Th ta="right">{t('cardUnits.quota')}</Table.Th>
                <Table.Th ta="right">{t('cardUnits.active')}</Table.Th>
                <Table.Th ta="right">{t('cardUnits.suspended')}</Table.Th>
                <Table.Th ta="right">{t('cardUnits.overQuota')}</Table.Th>
                <Table.Th w={1}>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.unitId} bg={r.overQuota > 0 ? 'var(--mantine-color-orange-light)' : undefined} data-testid="unit-cards-row" data-unit={r.unitCode} data-over={String(r.overQuota > 0)}>
                  <Table.Td fw={600}>{r.unitCode}</Table.Td>
                  <Table.Td ta="right">{r.floor}</Table.Td>
                  <Table.Td ta="right">{r.freeCardQuota}</Table.Td>
                  <Table.Td ta="right">{r.activeCards}</Table.Td>
                  <Table.Td ta="right">{r.suspendedCards}</Table.Td>
                  <Table.Td ta="right">
                    {r.overQuota > 0 ? (
                      <Badge color="orange" variant="filled">
                        +{r.overQuota}
                      </Badge>
                    ) : (
                      <Text c="dimmed" size="sm">
                        0
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" component={Link} to={`/cards?unit=${r.unitId}&code=${encodeURIComponent(r.unitCode)}`}>
                        {t('cardUnits.openCards')}
                      </Button>
                      <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} disabled={exporter.busy} onClick={() => exportUnit(r.unitId, r.unitCode)} data-testid="unit-cards-export-unit">
                        {t('cardUnits.exportCards')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={rows.length === 0} />
        <Text c="dimmed" size="sm" mt="md">
          {t('common.total', { count: rows.length })}
        </Text>
      </Paper>
      {exporter.dialog}
    </>
  );
}
