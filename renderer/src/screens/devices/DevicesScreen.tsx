import { Alert, Badge, Button, Code, Drawer, Grid, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan, useSession } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import type { DeviceView } from '../../contract.js';
import { useEntityChanged, useGatewayEvent } from '../../events/useGatewayEvents.js';
import { notifyError } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';
import { ActivityPanel } from './ActivityPanel.js';
import { DemoControls } from './DemoControls.js';
import { DeviceForm } from './DeviceForm.js';
import { ACTIVITY_TYPES, addActivity, applyStatus, deviceAddress, isActivity, type ActivityEntry } from './deviceHelpers.js';

type Editing = { device: DeviceView | null } | null;
interface TestState {
  device: DeviceView;
  result: { ok: boolean; detail: string } | null;
}

const stateColor: Record<DeviceView['status']['state'], string> = {
  connected: 'green',
  connecting: 'yellow',
  disconnected: 'gray',
  error: 'red',
  disabled: 'gray',
};

/**
 * Card readers, encoders, ID readers and scanners: health updated live from `device.status`, demo controls on
 * simulated devices, and the latest cards and documents they reported. Configuration needs `devices.manage`.
 */
export function DevicesScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const { session } = useSession();
  const fmt = useFormatters();
  const canManage = can('devices.manage');
  const query = useApiQuery('listDevices', {});
  const stations = useApiQuery('listStations', canManage ? {} : null);
  const [live, setLive] = useState<{ base: unknown; items: DeviceView[] }>({ base: null, items: [] });
  const [activity, setActivity] = useState<{ seq: number; entries: ActivityEntry[] }>({ seq: 0, entries: [] });
  const [editing, setEditing] = useState<Editing>(null);
  const [testing, setTesting] = useState<TestState | null>(null);

  // A reconnect may have missed status changes: reload then.
  useEntityChanged([], query.reload);
  useGatewayEvent(['device.status'], (event) => {
    if (event.type !== 'device.status' || !query.data) return;
    const current = live.base === query.data ? live.items : query.data.items;
    const next = applyStatus(current, event.data);
    if (next) setLive({ base: query.data, items: next });
    else query.reload();
  });
  useGatewayEvent(ACTIVITY_TYPES, (event) => {
    if (isActivity(event)) setActivity((a) => ({ seq: a.seq + 1, entries: addActivity(a.entries, event, a.seq + 1) }));
  });

  const mode = query.data?.mode ?? null;
  const items = query.data ? (live.base === query.data ? live.items : query.data.items) : [];
  const stationName = (id: number | null) => {
    if (id === null) return t('devices.noStation');
    if (session?.station?.id === id) return session.station.name;
    return stations.data?.items.find((s) => s.id === id)?.name ?? t('devices.stationNumber', { id: String(id) });
  };
  const deviceName = (id: string) => items.find((d) => d.id === id)?.name ?? t('devices.unknownDevice', { id });
  const editable = (d: DeviceView) => canManage && mode === 'configured' && !d.status.simulated;
  const columns = canManage ? 4 : 3;

  const runTest = async (device: DeviceView) => {
    setTesting({ device, result: null });
    try {
      const result = await api('testDevice', { params: { id: device.id } });
      setTesting((cur) => (cur?.device.id === device.id ? { device, result } : cur));
    } catch (err) {
      setTesting(null);
      notifyError(err, t);
    }
  };

  const done = () => {
    setEditing(null);
    query.reload();
  };

  return (
    <>
      <PageHeader title={t('devices.title')}>
        {canManage ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ device: null })} data-testid="device-new">
            {t('devices.new')}
          </Button>
        ) : null}
      </PageHeader>
      {mode === 'simulated' ? (
        <Alert color="grape" variant="light" mb="md" py="sm" title={t('devices.demoTitle')} data-testid="devices-demo-banner">
          {t('devices.demoText')}
        </Alert>
      ) : null}
      {mode === 'none' ? (
        <Alert color="gray" variant="light" mb="md" title={t('devices.noneTitle')} data-testid="devices-none-banner">
          {t('devices.noneText')}
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="md" radius="md">
            <Table.ScrollContainer minWidth={600}>
              <Table data-testid="devices-table" highlightOnHover={false} verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('devices.name')}</Table.Th>
                    <Table.Th>{t('devices.address')}</Table.Th>
                    <Table.Th>{t('devices.status')}</Table.Th>
                    {canManage ? <Table.Th w={1}>{t('common.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                {items.map((d) => (
                  <Table.Tbody key={d.id} data-testid="device-row" data-device-id={d.id} className="fg-device">
                    <Table.Tr>
                      <Table.Td>
                        <Text fw={600} data-testid="device-name">
                          {d.name}
                        </Text>
                        <Group gap={6} mt={2} wrap="wrap">
                          <Badge variant="light" color="blue" size="sm" miw="max-content" data-testid="device-role" data-role={d.role}>
                            {t(`devices.roles.${d.role}`)}
                          </Badge>
                          <Text size="xs" c="dimmed" data-testid="device-driver" data-driver={d.driver}>
                            {t(`devices.drivers.${d.driver}`)}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Code style={{ whiteSpace: 'nowrap' }} data-testid="device-address">
                          {deviceAddress(d) ?? t('common.none')}
                        </Code>
                        <Text size="xs" c="dimmed" mt={4} data-testid="device-station">
                          {t('devices.station')}: {stationName(d.stationId)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={stateColor[d.status.state]} variant="dot" size="md" miw="max-content" data-testid="device-status" data-state={d.status.state}>
                          {t(`devices.states.${d.status.state}`)}
                        </Badge>
                        <Text size="xs" c="dimmed" mt={4} data-testid="device-last-seen">
                          {d.status.lastSeenAt ? t('devices.lastSeen', { time: fmt.dateTime(d.status.lastSeenAt) }) : t('devices.neverSeen')}
                        </Text>
                        {d.status.lastError ? (
                          <Text size="xs" c="red" lineClamp={2} maw={260} title={d.status.lastError} data-testid="device-last-error">
                            {t('devices.lastError', { error: d.status.lastError })}
                          </Text>
                        ) : null}
                      </Table.Td>
                      {canManage ? (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="xs"
                              variant="default"
                              loading={testing?.device.id === d.id && testing.result === null}
                              onClick={() => void runTest(d)}
                              data-testid="device-test"
                            >
                              {t('devices.test')}
                            </Button>
                            {editable(d) ? (
                              <Button size="xs" variant="light" onClick={() => setEditing({ device: d })} data-testid="device-edit">
                                {t('common.edit')}
                              </Button>
                            ) : null}
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                    {d.status.simulated ? (
                      <Table.Tr className="fg-device-demo">
                        <Table.Td colSpan={columns} py="xs">
                          <DemoControls device={d} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Table.Tbody>
                ))}
              </Table>
            </Table.ScrollContainer>
            <QueryState query={query} empty={items.length === 0 && mode !== 'none'} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }} className="fg-activity-col">
          <ActivityPanel entries={activity.entries} deviceName={deviceName} onClear={() => setActivity((a) => ({ seq: a.seq, entries: [] }))} />
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.device ? t('devices.editTitle', { name: editing.device.name }) : t('devices.newTitle')}
      >
        {editing ? <DeviceForm key={editing.device?.id ?? 'new'} device={editing.device} stations={stations.data?.items ?? []} onDone={done} /> : null}
      </Drawer>
      <Modal
        opened={testing !== null && testing.result !== null}
        onClose={() => setTesting(null)}
        title={testing ? t('devices.testTitle', { name: testing.device.name }) : ''}
      >
        {testing?.result ? (
          <Stack data-testid="device-test-result" data-ok={String(testing.result.ok)}>
            <Alert color={testing.result.ok ? 'green' : 'red'} variant="light">
              {testing.result.ok ? t('devices.testOk') : t('devices.testFailed')}
            </Alert>
            <Text size="sm" c="dimmed">
              {testing.result.detail}
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => setTesting(null)} data-testid="device-test-close">
                {t('common.close')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
