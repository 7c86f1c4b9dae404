import { Alert, Badge, Button, Group, Paper, Tabs, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconList, IconPlus } from '../../components/icons.js';
import { CheckOutNotice, CheckOutPending, type CheckOutOutcome } from './CheckOutNotice.js';
import { DeskReaderBar } from './DeskReaderBar.js';
import { ExpectedList } from './ExpectedList.js';
import { OnSiteList } from './OnSiteList.js';
import { WaitingList } from './WaitingList.js';
import { useCardCheckOut } from './useCardCheckOut.js';
import { useDeskDevices } from './useDeskDevices.js';
import { useKioskArrivals } from './useKioskArrivals.js';
import { useNow, useVisitChanged } from './useVisitLive.js';
import { loadRegister } from './visitorScreens.js';

type BoardTab = 'waiting' | 'onSite' | 'expected';

/**
 * The receptionist's main screen: who waits for whom (and how long), who is on site (overstays in red), who is
 * expected; live from `visit.changed`. A visitor card tapped on the desk reader checks its visitor out.
 */
export function DeskBoard() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('visits.manage');
  const query = useApiQuery('visitBoard', {});
  useVisitChanged(query.reload);
  useKioskArrivals(canManage);
  const now = useNow();
  const desk = useDeskDevices();
  const board = query.data;
  const lists = { waiting: board?.waiting ?? [], onSite: board?.onSite ?? [], expected: board?.expected ?? [] };
  const cardCheckOut = useCardCheckOut(desk, canManage, lists.onSite);
  const { setOutcome } = cardCheckOut;
  const reload = query.reload;
  // Stable, so that the (memoized) on-site list does not re-render when only the notice or the reader bar changes.
  const onCheckedOut = useCallback(
    (outcome: CheckOutOutcome) => {
      setOutcome(outcome);
      reload();
    },
    [setOutcome, reload],
  );
  const [tab, setTab] = useState<BoardTab>('onSite');

  return (
    <>
      <PageHeader title={t('visits.board.title')}>
        {canManage ? (
          <Button
            size="md"
            leftSection={<IconPlus size={20} />}
            component={Link}
            to="/visitors/new"
            onPointerEnter={() => void loadRegister()}
            onFocus={() => void loadRegister()}
            data-testid="visitor-new"
          >
            {t('visits.register.title')}
          </Button>
        ) : null}
        <Button size="md" variant="default" leftSection={<IconList size={20} />} component={Link} to="/visitors/on-site/print" data-testid="evacuation-open">
          {t('visits.evacuation.open')}
        </Button>
      </PageHeader>
      {canManage ? <DeskReaderBar desk={desk} busy={cardCheckOut.busy} /> : null}
      {cardCheckOut.failure ? (
        <Alert color="red" mb="md" withCloseButton onClose={cardCheckOut.clearFailure} data-testid="card-checkout-error" data-uid={cardCheckOut.failure.uid}>
          <Text fz="lg">{cardCheckOut.failure.message}</Text>
        </Alert>
      ) : null}
      {cardCheckOut.pending ? (
        <CheckOutPending visit={cardCheckOut.pending.visit} cardUid={cardCheckOut.pending.uid} />
      ) : cardCheckOut.outcome ? (
        <CheckOutNotice
          outcome={cardCheckOut.outcome}
          onChange={(next) => {
            cardCheckOut.setOutcome(next);
            query.reload();
          }}
          onDismiss={() => cardCheckOut.setOutcome(null)}
        />
      ) : null}
      <Paper withBorder p="md" radius="md">
        <Tabs value={tab} onChange={(value) => setTab((value as BoardTab | null) ?? 'onSite')} keepMounted={false}>
          <Tabs.List mb="md">
            {(['waiting', 'onSite', 'expected'] as const).map((key) => (
              <Tabs.Tab
                key={key}
                value={key}
                fz="lg"
                rightSection={
                  <Badge variant="light" color={key === 'waiting' && lists.waiting.length > 0 ? 'yellow' : 'gray'} data-testid={`board-count-${key}`}>
                    {lists[key].length}
                  </Badge>
                }
                data-testid={`board-tab-${key}`}
              >
                {t(`visits.board.tabs.${key}`)}
              </Tabs.Tab>
            ))}
            {board && board.overstays > 0 ? (
              <Group ml="auto" pr="sm">
                <Badge color="red" size="lg" data-testid="board-overstays">
                  {t('visits.board.overstays', { count: board.overstays })}
                </Badge>
              </Group>
            ) : null}
          </Tabs.List>
          <Tabs.Panel value="waiting">
            {lists.waiting.length > 0 ? <WaitingList visits={lists.waiting} now={now} canManage={canManage} onChanged={query.reload} /> : null}
            <QueryState query={query} empty={lists.waiting.length === 0} />
          </Tabs.Panel>
          <Tabs.Panel value="onSite">
            {lists.onSite.length > 0 ? (
              <OnSiteList visits={lists.onSite} now={now} canManage={canManage} onCheckedOut={onCheckedOut} />
            ) : null}
            <QueryState query={query} empty={lists.onSite.length === 0} />
          </Tabs.Panel>
          <Tabs.Panel value="expected">
            {lists.expected.length > 0 ? <ExpectedList visits={lists.expected} canManage={canManage} /> : null}
            <QueryState query={query} empty={lists.expected.length === 0} />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
