import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { VisitTable } from './VisitTable.js';

/** Visitors expected in the next day: for whom, when; "check in" opens the registration form already filled in. */
export function ExpectedList({ visits, canManage }: { visits: VisitView[]; canManage: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <VisitTable testId="expected-table" minWidth={720} headers={[t('visits.fields.visitor'), t('visits.fields.host'), t('visits.fields.expectedWindow'), t('visits.fields.purpose')]} actions={canManage ? t('common.actions') : null}>
      {visits.map((v) => (
        <Table.Tr key={v.id} data-testid="expected-row" data-visit-id={v.id} data-ref={v.ref}>
          <Table.Td>
            <Text fw={650} fz="lg">
              {v.fullName}
            </Text>
            {v.company ? (
              <Text size="sm" c="dimmed">
                {v.company}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>{v.host.label}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {fmt.dateTime(v.expectedStart)} – {fmt.time(v.expectedEnd)}
          </Table.Td>
          <Table.Td>{t(`visits.purposes.${v.purpose}`)}</Table.Td>
          {canManage ? (
            <Table.Td>
              <Button size="sm" component={Link} to={`/visitors/new?ref=${encodeURIComponent(v.ref)}`} data-testid="expected-check-in">
                {t('visits.board.checkIn')}
              </Button>
            </Table.Td>
          ) : null}
        </Table.Tr>
      ))}
    </VisitTable>
  );
}
