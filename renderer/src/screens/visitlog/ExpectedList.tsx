import { Button, Code, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';

export const invitationPath = (id: number) => `/visits/expected/${id}/invitation`;

/** Expected visits with their time window, reference, invitation and cancel. */
export function ExpectedList({ visits, onCancel }: { visits: readonly VisitView[]; onCancel(visit: VisitView): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table data-testid="expected-table" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('visitAdmin.expected.fullName')}</Table.Th>
            <Table.Th>{t('visitAdmin.expected.company')}</Table.Th>
            <Table.Th>{t('visitAdmin.expected.host')}</Table.Th>
            <Table.Th>{t('visitAdmin.expected.window')}</Table.Th>
            <Table.Th>{t('visitAdmin.log.ref')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {visits.map((v) => (
            <Table.Tr key={v.id} data-testid="expected-row" data-id={v.id} data-ref={v.ref}>
              <Table.Td>
                <Text size="sm" fw={600} data-testid="expected-name">
                  {v.fullName}
                </Text>
              </Table.Td>
              <Table.Td>{v.company ?? t('common.none')}</Table.Td>
              <Table.Td>{v.host.label}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {fmt.dateTime(v.expectedStart)} – {fmt.dateTime(v.expectedEnd)}
              </Table.Td>
              <Table.Td>
                <Code fz="sm" data-testid="expected-ref">
                  {v.ref}
                </Code>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button component={Link} to={invitationPath(v.id)} size="sm" variant="light" data-testid="expected-invitation">
                    {t('visitAdmin.expected.invitation')}
                  </Button>
                  <Button size="sm" variant="subtle" color="red" onClick={() => onCancel(v)} data-testid="expected-cancel">
                    {t('visitAdmin.expected.cancel')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
