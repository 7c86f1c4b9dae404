import { Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { Duration } from './Duration.js';
import { useVisitErrors } from './useVisitErrors.js';
import { VisitTable } from './VisitTable.js';
import { VisitName } from './VisitName.js';
import { VisitStatusBadge } from './VisitStatusBadge.js';

/** Who waits in the lobby for whom, and since when; the desk calls the host, then admits. Stopped visitors too. */
export function WaitingList({ visits, now, canManage, onChanged }: { visits: VisitView[]; now: number; canManage: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const errors = useVisitErrors();
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      onChanged();
    } catch (err) {
      const message = errors.message(err);
      if (message) notifications.show({ color: 'red', message });
    }
  };
  return (
    <VisitTable testId="waiting-table" minWidth={820} headers={[t('visits.fields.visitor'), t('visits.fields.waitsFor'), t('visits.fields.waitingSince'), t('visits.fields.status')]} actions={canManage ? t('common.actions') : null}>
      {visits.map((v) => {
        const since = v.checkedInAt ?? v.createdAt;
        return (
          <Table.Tr key={v.id} bg={v.status === 'blocked' ? 'var(--mantine-color-red-light)' : undefined} data-testid="waiting-row" data-visit-id={v.id} data-status={v.status}>
            <Table.Td>
              <VisitName visit={v} />
            </Table.Td>
            <Table.Td fz="lg" data-testid="waiting-host">
              {v.host.label}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Duration from={since} now={now} fz="lg" fw={650} />
              <Text size="sm" c="dimmed">
                {t('visits.board.sinceTime', { time: fmt.time(since) })}
              </Text>
            </Table.Td>
            <Table.Td>
              <VisitStatusBadge visit={v} />
              {v.hostContactedAt ? (
                <Text size="sm" c="teal.8" mt={4} data-testid="waiting-contacted">
                  {t('visits.waiting.contactedAt', { time: fmt.time(v.hostContactedAt) })}
                </Text>
              ) : null}
            </Table.Td>
            {canManage ? (
              <Table.Td>
                {v.status === 'waiting' && v.checkoutRequestedAt === null ? (
                  <Group gap="xs" wrap="nowrap">
                    {v.hostContactedAt === null ? (
                      <Button size="sm" variant="light" onClick={() => void act(() => api('hostContacted', { params: { id: v.id } }))} data-testid="waiting-host-contacted">
                        {t('visits.waiting.hostContacted')}
                      </Button>
                    ) : null}
                    <Button size="sm" onClick={() => void act(() => api('admitVisit', { params: { id: v.id } }))} data-testid="waiting-admit">
                      {t('visits.waiting.admit')}
                    </Button>
                  </Group>
                ) : null}
              </Table.Td>
            ) : null}
          </Table.Tr>
        );
      })}
    </VisitTable>
  );
}
