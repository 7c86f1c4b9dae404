import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useSite } from '../../app/session.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPrinter } from '../../components/icons.js';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { printPage, type PrintFailure } from './printPage.js';
import { PrintStyles } from './PrintStyles.js';
import { useVisitChanged } from './useVisitLive.js';
import './visitors.css';

/**
 * The evacuation list: every visitor on site now with host, floors and card, and everyone waiting in the lobby, with
 * the time it was printed and an empty column to tick at the assembly point. Live until printed.
 */
export function EvacuationList() {
  const { t } = useTranslation();
  const site = useSite();
  const fmt = useFormatters();
  const query = useApiQuery('visitBoard', {});
  useVisitChanged(query.reload);
  const [asOf, setAsOf] = useState(() => new Date().toISOString());
  const [failure, setFailure] = useState<PrintFailure | null>(null);

  // The printed time is the time of the list: when it was (re)loaded, and again at the moment of printing.
  useEffect(() => setAsOf(new Date().toISOString()), [query.data]);
  useEffect(() => {
    const stamp = () => setAsOf(new Date().toISOString());
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, []);

  const board = query.data;
  if (!board) return <QueryState query={query} empty={false} />;
  const lobby = board.waiting;
  const total = board.onSite.length + lobby.length;

  return (
    <Stack className="fg-evacuation-sheet" data-testid="evacuation-list">
      <PrintStyles page="list" />
      <Group className="fg-no-print" justify="space-between">
        <Button size="lg" leftSection={<IconPrinter size={22} />} onClick={() => void printPage().then(setFailure)} data-testid="evacuation-print">
          {t('visits.evacuation.print')}
        </Button>
        <Button size="lg" variant="default" component={Link} to="/visitors" data-testid="evacuation-back">
          {t('visits.backToDesk')}
        </Button>
      </Group>
      {failure ? (
        <Alert className="fg-no-print" color="red" data-testid="print-error">
          {t(`visits.print.errors.${failure}`)}
        </Alert>
      ) : null}
      <div>
        <Title order={2} data-testid="page-title">
          {t('visits.evacuation.title')}
        </Title>
        <Text fz="lg" fw={600}>
          {site.name}
        </Text>
        <Text data-testid="evacuation-time" data-at={asOf}>
          {t('visits.evacuation.asOf', { time: fmt.dateTime(asOf) })}
        </Text>
        <Text fw={700} data-testid="evacuation-count" data-count={total}>
          {t('visits.evacuation.count', { count: total })}
        </Text>
      </div>
      <PeopleTable title={t('visits.evacuation.onSite')} visits={board.onSite} kind="onsite" />
      {lobby.length > 0 ? <PeopleTable title={t('visits.evacuation.lobby')} visits={lobby} kind="lobby" /> : null}
    </Stack>
  );
}

function PeopleTable({ title, visits, kind }: { title: string; visits: VisitView[]; kind: 'onsite' | 'lobby' }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <div>
      <Title order={3} mb="xs">
        {title} ({visits.length})
      </Title>
      {visits.length === 0 ? (
        <Text c="dimmed" data-testid={`evacuation-empty-${kind}`}>
          {t('visits.evacuation.nobody')}
        </Text>
      ) : (
        <table className="fg-evacuation" data-testid={`evacuation-table-${kind}`}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('visits.fields.visitor')}</th>
              <th>{t('visits.fields.host')}</th>
              <th>{t('visits.fields.floors')}</th>
              <th>{t('visits.fields.since')}</th>
              <th>{t('visits.fields.card')}</th>
              <th className="fg-rollcall">{t('visits.evacuation.present')}</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v, i) => (
              <tr key={v.id} data-testid="evacuation-row" data-visit-id={v.id}>
                <td>{i + 1}</td>
                <td>
                  <strong data-testid="evacuation-name">{v.fullName}</strong>
                  {v.company ? <div>{v.company}</div> : null}
                </td>
                <td data-testid="evacuation-host">{v.host.label}</td>
                <td data-testid="evacuation-floors">{v.destinationFloors.join(', ') || t('common.none')}</td>
                <td>{fmt.time(v.checkedInAt ?? v.createdAt)}</td>
                <td>{v.card?.uid ?? t('common.none')}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
