import { Button, Paper } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useSite } from '../../app/session.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconDownload } from '../../components/icons.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { useCsvExport } from '../../export/useCsvExport.js';
import { useFormatters, zonedDayBoundary } from '../../i18n/format.js';
import { visitLogCsvJob } from './visitCsv.js';
import { VisitLogFilters, noLogFilters, type LogFilters } from './VisitLogFilters.js';
import { VisitLogTable } from './VisitLogTable.js';
import { hostQuery } from './visitText.js';

/** The visit log: every visit, filtered by name, ID number, host, dates, purpose and status; CSV export of the filter. */
export function VisitLogScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const site = useSite();
  const [filters, setFilters] = useState<LogFilters>(noLogFilters);
  const [page, setPage] = useState(1);
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const [idNumber] = useDebouncedValue(filters.idNumber.trim(), 300);
  const change = (patch: Partial<LogFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const filterQuery = useMemo(
    () => ({
      q: q || undefined,
      idNumber: idNumber || undefined,
      ...hostQuery(filters.host),
      purpose: filters.purpose ?? undefined,
      status: filters.status ?? undefined,
      from: zonedDayBoundary(filters.from, site.timezone) ?? undefined,
      to: zonedDayBoundary(filters.to, site.timezone, true) ?? undefined,
    }),
    [q, idNumber, filters.host, filters.purpose, filters.status, filters.from, filters.to, site.timezone],
  );
  const query = useApiQuery('listVisits', { query: { ...filterQuery, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  useGatewayEvent(['visit.changed', 'hello'], query.reload);
  const exporter = useCsvExport();
  const items = query.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('visitAdmin.log.title')}>
        <Button
          leftSection={<IconDownload size={18} />}
          variant="default"
          loading={exporter.busy}
          onClick={() => exporter.run(t('visitAdmin.log.exportFile'), visitLogCsvJob(filterQuery, t, fmt))}
          data-testid="visit-log-export"
        >
          {t('export.csv')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <VisitLogFilters value={filters} onChange={change} />
        <VisitLogTable visits={items} />
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      {exporter.dialog}
    </>
  );
}
