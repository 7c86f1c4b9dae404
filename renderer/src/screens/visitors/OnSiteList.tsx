import { Badge, Code, Table, Text } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import type { CheckOutOutcome } from './CheckOutNotice.js';
import { Duration } from './Duration.js';
import { CheckOutButton } from './VisitActions.js';
import { VisitTable } from './VisitTable.js';
import { VisitName } from './VisitName.js';
import { VisitStatusBadge } from './VisitStatusBadge.js';
import { heldSlot } from './visitHelpers.js';

interface ListProps {
  visits: VisitView[];
  now: number;
  canManage: boolean;
  onCheckedOut(outcome: CheckOutOutcome): void;
}

/**
 * Everyone checked in: host, floors, card, since when, until when (overstays in red), held document, check-out.
 * Memoized, list and rows: the board re-renders on every card tap and check-out, and reloads after every visit
 * change; only rows whose visit changed render again (a long list costs tens of milliseconds; docs/performance.md,
 * "Screens").
 */
export const OnSiteList = memo(function OnSiteList({ visits, now, canManage, onCheckedOut }: ListProps) {
  const { t } = useTranslation();
  return (
    <VisitTable testId="onsite-table" minWidth={900} headers={[t('visits.fields.visitor'), t('visits.fields.host'), t('visits.fields.floors'), t('visits.fields.card'), t('visits.fields.since'), t('visits.fields.until'), t('visits.fields.custody')]} actions={canManage ? t('common.actions') : null}>
      {visits.map((v) => (
        <OnSiteRow key={v.id} visit={v} now={now} canManage={canManage} onCheckedOut={onCheckedOut} />
      ))}
    </VisitTable>
  );
});

interface RowProps extends Omit<ListProps, 'visits'> {
  visit: VisitView;
}

/** A reload brings new objects for unchanged visits: compare what they say, not where they live. */
const sameRow = (a: RowProps, b: RowProps) =>
  a.now === b.now && a.canManage === b.canManage && a.onCheckedOut === b.onCheckedOut && (a.visit === b.visit || JSON.stringify(a.visit) === JSON.stringify(b.visit));

const OnSiteRow = memo(function OnSiteRow({ visit: v, now, canManage, onCheckedOut }: RowProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const slot = heldSlot(v);
  return (
    <Table.Tr
      bg={v.overstay ? 'var(--mantine-color-red-light)' : undefined}
      data-testid="onsite-row"
      data-visit-id={v.id}
      data-overstay={String(v.overstay)}
    >
      <Table.Td>
        <VisitName visit={v} />
        {v.checkoutRequestedAt ? <VisitStatusBadge visit={v} mt={4} /> : null}
      </Table.Td>
      <Table.Td data-testid="onsite-host">{v.host.label}</Table.Td>
      <Table.Td data-testid="onsite-floors">{v.destinationFloors.join(', ') || t('common.none')}</Table.Td>
      <Table.Td>{v.card ? <Code data-testid="onsite-card">{v.card.uid}</Code> : <Text c="dimmed">{t('common.none')}</Text>}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{fmt.time(v.checkedInAt)}</Text>
        {v.checkedInAt ? <Duration from={v.checkedInAt} now={now} c="dimmed" /> : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={v.overstay ? 'red.8' : undefined} fw={v.overstay ? 700 : undefined}>
          {fmt.dateTime(v.expectedEnd)}
        </Text>
        {v.overstay ? (
          <Badge color="red" data-testid="onsite-overstay">
            {t('visits.overstay')}
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td>{slot ? <Badge variant="outline" color="orange" data-testid="onsite-slot">{t('visits.custody.slotShort', { slot })}</Badge> : null}</Table.Td>
      {canManage ? (
        <Table.Td>
          <CheckOutButton visit={v} size="sm" onCheckedOut={onCheckedOut} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}, sameRow);
