import { Anchor, Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { VisitStatusBadge } from '../visitors/VisitStatusBadge.js';
import { floorsText } from './visitText.js';

/** The path of one visit's page (the desk's visitor screen). */
export const visitPath = (id: number) => `/visitors/${id}`;

/** One page of the visit log; a row opens the visit. Purged rows say so instead of showing an empty name. */
export function VisitLogTable({ visits }: { visits: readonly VisitView[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table data-testid="visit-log-table" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('visitAdmin.log.name')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.company')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.purpose')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.host')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.floors')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.arrived')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.left')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.card')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visits.map((v) => (
            <Table.Tr
              key={v.id}
              onClick={() => void navigate(visitPath(v.id))}
              style={{ cursor: 'pointer' }}
              data-testid="visit-log-row"
              data-id={v.id}
              data-ref={v.ref}
              data-status={v.status}
              data-purpose={v.purpose}
            >
              <Table.Td data-testid="visit-log-name">
                {v.purgedAt ? (
                  <Text size="sm" fs="italic" c="dimmed" data-testid="visit-log-purged">
                    {t('visitAdmin.log.purged')}
                  </Text>
                ) : (
                  <Anchor
                    component={Link}
                    to={visitPath(v.id)}
                    size="sm"
                    fw={600}
                    aria-label={t('visitAdmin.log.open', { name: v.fullName })}
                    onClick={(e) => e.stopPropagation()}
                    data-testid="visit-log-open"
                  >
                    {v.fullName}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>{v.company ?? t('common.none')}</Table.Td>
              <Table.Td>{t(`visits.purposes.${v.purpose}`)}</Table.Td>
              <Table.Td data-testid="visit-log-host-label">{v.host.label}</Table.Td>
              <Table.Td>{v.destinationFloors.length ? floorsText(v.destinationFloors) : t('common.none')}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="visit-log-arrived">
                {v.checkedInAt || !v.expectedStart ? (
                  fmt.dateTime(v.checkedInAt)
                ) : (
                  <Text span size="sm" c="dimmed">
                    {t('visitAdmin.log.expectedAt', { at: fmt.dateTime(v.expectedStart) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(v.checkedOutAt)}</Table.Td>
              <Table.Td>{v.card ? <Code fz="sm">{v.card.uid}</Code> : t('common.none')}</Table.Td>
              <Table.Td>
                <VisitStatusBadge visit={v} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
