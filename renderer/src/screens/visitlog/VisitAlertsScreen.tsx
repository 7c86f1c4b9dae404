import { Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { useFormatters } from '../../i18n/format.js';
import { useVisitAlerts } from './VisitAlerts.js';

/** Security's list of visitors stopped by the watchlist right now, with the same decisions as the live notification. */
export function VisitAlertsScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { live, letIn, refuse } = useVisitAlerts();
  const query = useApiQuery('listVisits', { query: { status: 'blocked', limit: 200 } });
  useGatewayEvent(['visit.alert', 'visit.changed', 'hello'], query.reload);
  const items = query.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('visitAdmin.alerts.title')}>
        <Button variant="default" onClick={query.reload} data-testid="visit-alerts-refresh">
          {t('common.refresh')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Title order={4} mb="sm">
          {t('visitAdmin.alerts.blockedTitle')}
        </Title>
        <Table.ScrollContainer minWidth={860}>
          <Table data-testid="blocked-table" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('visitAdmin.log.name')}</Table.Th>
                <Table.Th>{t('visitAdmin.alerts.reason')}</Table.Th>
                <Table.Th>{t('visitAdmin.alerts.host')}</Table.Th>
                <Table.Th>{t('visitAdmin.alerts.station')}</Table.Th>
                <Table.Th>{t('visitAdmin.alerts.stoppedAt')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((v) => {
                const alert = live[v.id];
                const visitor = { id: v.id, fullName: v.fullName };
                return (
                  <Table.Tr key={v.id} bg="var(--mantine-color-red-light)" data-testid="blocked-row" data-id={v.id} data-ref={v.ref}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={600} size="sm" data-testid="blocked-name">
                          {v.fullName}
                        </Text>
                        {alert ? (
                          <Badge color="red" size="sm" miw="max-content" style={{ flexShrink: 0 }} data-testid="blocked-live">
                            {t('visitAdmin.alerts.live')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td data-testid="blocked-reason">
                      <Text size="sm" c="red.8" fw={600}>
                        {alert?.reason ?? v.watchlist?.reason ?? t('common.none')}
                      </Text>
                    </Table.Td>
                    <Table.Td>{v.host.label}</Table.Td>
                    <Table.Td data-testid="blocked-station">{alert ? (alert.stationName ?? t('visitAdmin.alerts.noStation')) : t('common.none')}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(alert?.at ?? v.createdAt)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="sm" color="orange" onClick={() => letIn(visitor)} data-testid="blocked-let-in">
                          {t('visitAdmin.alerts.letIn')}
                        </Button>
                        <Button size="sm" color="red" variant="light" onClick={() => refuse(visitor)} data-testid="blocked-refuse">
                          {t('visitAdmin.alerts.refuse')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {query.error || (query.loading && !query.data) ? <QueryState query={query} empty={false} /> : null}
        {query.data && items.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl" data-testid="blocked-empty">
            {t('visitAdmin.alerts.blockedEmpty')}
          </Text>
        ) : null}
      </Paper>
    </>
  );
}
