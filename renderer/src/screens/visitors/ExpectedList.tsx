import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';

/** Visitors expected in the next day: for whom, when; "check in" opens the registration form already filled in. */
export function ExpectedList({ visits, canManage }: { visits: VisitView[]; canManage: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" data-testid="expected-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('visits.fields.visitor')}</Table.Th>
            <Table.Th>{t('visits.fields.host')}</Table.Th>
            <Table.Th>{t('visits.fields.expectedWindow')}</Table.Th>
            <Table.Th>{t('visits.fields.purpose')}</Table.Th>
            {canManage ? <Table.Th w={1}>{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
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
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
