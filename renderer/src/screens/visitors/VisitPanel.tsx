import { Button, Grid, Group, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPrinter } from '../../components/icons.js';
import { BlockedNotice } from './BlockedNotice.js';
import { CheckOutNotice, type CheckOutOutcome } from './CheckOutNotice.js';
import { CustodySection } from './CustodySection.js';
import { VisitCardSection } from './VisitCardSection.js';
import { CheckOutButton, WaitingActions } from './VisitActions.js';
import { VisitStatusBadge } from './VisitStatusBadge.js';
import { VisitSummary } from './VisitSummary.js';
import { useVisitChanged } from './useVisitLive.js';
import { isOpen } from './visitHelpers.js';

/** One visit at the desk: status, host, floors, custody, the visitor card, waiting steps, badge and check-out. */
export function VisitPanel() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('visits.manage');
  const id = Number(useParams().id);
  const query = useApiQuery('getVisit', Number.isInteger(id) && id > 0 ? { params: { id } } : null);
  useVisitChanged(query.reload, id);
  const [checkOut, setCheckOut] = useState<CheckOutOutcome | null>(null);

  const visit = query.data;
  if (!visit || visit.id !== id) return <QueryState query={query} empty={false} />;
  const changed = query.reload;

  return (
    <Stack data-testid="visit-panel" data-visit-id={visit.id} data-status={visit.status}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md" wrap="wrap">
          <Title order={2} data-testid="page-title">
            {visit.fullName}
          </Title>
          <VisitStatusBadge visit={visit} size="xl" />
        </Group>
        <Group gap="sm">
          {isOpen(visit) ? (
            <Button size="md" leftSection={<IconPrinter size={20} />} component={Link} to={`/visitors/${visit.id}/badge`} data-testid="visit-print-badge">
              {t('visits.badge.print')}
            </Button>
          ) : null}
          <Button size="md" variant="default" component={Link} to="/visitors" data-testid="visit-back">
            {t('visits.backToDesk')}
          </Button>
        </Group>
      </Group>
      {visit.status === 'blocked' ? <BlockedNotice visit={visit} /> : null}
      {checkOut ? (
        <CheckOutNotice
          outcome={checkOut}
          onChange={(next) => {
            setCheckOut(next);
            changed();
          }}
          onDismiss={() => setCheckOut(null)}
        />
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <VisitSummary visit={visit} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            {canManage && visit.status === 'waiting' && visit.checkoutRequestedAt === null ? <WaitingActions visit={visit} onChanged={changed} /> : null}
            {visit.status !== 'blocked' ? <VisitCardSection visit={visit} canManage={canManage} onChanged={changed} /> : null}
            <CustodySection visit={visit} canManage={canManage} onChanged={changed} />
            {canManage && isOpen(visit) && visit.checkoutRequestedAt === null ? (
              <Paper withBorder p="lg" radius="md">
                <Stack gap="sm">
                  <CheckOutButton
                    visit={visit}
                    onCheckedOut={(outcome) => {
                      setCheckOut(outcome);
                      changed();
                    }}
                  />
                </Stack>
              </Paper>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
