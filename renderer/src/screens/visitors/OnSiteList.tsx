import { Badge, Code, Table, Text } from '@mantine/core';
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

/** Everyone checked in: host, floors, card, since when, until when (overstays in red), held document, check-out. */
export function OnSiteList({ visits, now, canManage, onCheckedOut }: { visits: VisitView[]; now: number; canManage: boolean; onCheckedOut(outcome: CheckOutOutcome): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <VisitTable testId="onsite-table" minWidth={900} headers={[t('visits.fields.visitor'), t('visits.fields.host'), t('visits.fields.floors'), t('visits.fields.card'), t('visits.fields.since'), t('visits.fields.until'), t('visits.fields.custody')]} actions={canManage ? t('common.actions') : null}>
      {visits.map((v) => {
        const slot = heldSlot(v);
        return (
          <Table.Tr
            key={v.id}
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
      })}
    </VisitTable>
  );
}
