import { Alert, Badge, Button, Code, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { FormFooter } from '../../components/FormFooter.js';
import { DeviceDriver, DeviceInput, DeviceRole, type DeviceView, type ResponseOf, type StationView } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { isHidDriver, parseUsbHex, usbHex } from './deviceHelpers.js';

interface Values {
  id: string;
  name: string;
  driver: DeviceDriver;
  role: DeviceRole;
  stationId: string | null;
  portPath: string;
  usbVid: string;
  usbPid: string;
  baudRate: number | string;
  enabled: boolean;
}

type PortInfo = ResponseOf<'listPorts'>['ports'][number];

/** Monospace for the typed value only (ids, paths, hex), not the label. */
const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** The role a driver usually plays at a front desk, offered when the driver is picked. */
const usualRole: Record<DeviceDriver, DeviceRole> = {
  em4100: 'desk_reader',
  'ascii-line': 'desk_reader',
  pn532: 'desk_encoder',
  cnid: 'id_reader',
  'serial-scanner': 'scanner',
  wedge: 'desk_reader',
  'hid-pos': 'scanner',
};

/** Form values → the contract's DeviceInput (hex USB ids → numbers; an unparsable id is left to the form's own check). */
function toInput(v: Values) {
  const hid = isHidDriver(v.driver);
  return {
    id: v.id,
    name: v.name,
    driver: v.driver,
    role: v.role,
    stationId: v.stationId ? Number(v.stationId) : null,
    portPath: v.portPath,
    usbVid: parseUsbHex(v.usbVid) ?? null,
    usbPid: parseUsbHex(v.usbPid) ?? null,
    baudRate: hid || v.baudRate === '' ? null : v.baudRate,
    enabled: v.enabled,
  };
}

function initialValues(device: DeviceView | null): Values {
  return {
    id: device?.id ?? '',
    name: device?.name ?? '',
    driver: device?.driver ?? 'em4100',
    role: device?.role ?? 'desk_reader',
    stationId: device?.stationId != null ? String(device.stationId) : null,
    portPath: device?.portPath ?? '',
    usbVid: usbHex(device?.usbVid ?? null),
    usbPid: usbHex(device?.usbPid ?? null),
    baudRate: device?.baudRate ?? '',
    enabled: device?.enabled ?? true,
  };
}

/** Add or change a device (needs devices.manage); the detected ports fill in where it is plugged in. */
export function DeviceForm({ device, stations, onDone }: { device: DeviceView | null; stations: StationView[]; onDone(): void }) {
  const { t } = useTranslation();
  const contractValidate = useContractValidate<Values>(DeviceInput, toInput);
  const validate = useCallback(
    (values: Values) => {
      const errors = contractValidate(values);
      for (const field of ['usbVid', 'usbPid'] as const) {
        if (parseUsbHex(values[field]) === undefined) errors[field] = t('validation.usb_id');
      }
      return errors;
    },
    [contractValidate, t],
  );
  const form = useForm<Values>({ mode: 'controlled', initialValues: initialValues(device), validate });
  const { error, busy, run } = useFormAction(form);
  const hid = isHidDriver(form.values.driver);

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = DeviceInput.parse(toInput(values));
          if (device) await api('updateDevice', { params: { id: device.id }, body });
          else await api('createDevice', { body });
      },
      device ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );

  const remove = async () => device && run(() => api('deleteDevice', { params: { id: device.id } }), t('common.deleted'), onDone);

  const usePort = (port: PortInfo) => {
    form.setValues({
      portPath: port.path,
      usbVid: usbHex(port.vendorId),
      usbPid: usbHex(port.productId),
      ...(port.suggestedDriver ? { driver: port.suggestedDriver, ...(form.isDirty('role') ? {} : { role: usualRole[port.suggestedDriver] }) } : {}),
    });
  };

  const stationOptions = stations
    .filter((s) => !s.revokedAt || String(s.id) === form.values.stationId)
    .map((s) => ({ value: String(s.id), label: s.name }));

  return (
    <form onSubmit={submit} noValidate data-testid="device-form">
      <Stack>
        <FormError error={error} />
        <SimpleGrid cols={2}>
          <TextInput label={t('devices.name')} withAsterisk data-testid="device-form-name" {...form.getInputProps('name')} />
          <TextInput
            label={t('devices.id')}
            withAsterisk
            disabled={device !== null}
            placeholder="desk-reader-1"
            styles={mono}
            data-testid="device-form-id"
            {...form.getInputProps('id')}
          />
        </SimpleGrid>
        {device ? null : (
          <Text size="xs" c="dimmed" mt={-8}>
            {t('devices.idHint')}
          </Text>
        )}
        <Select
          label={t('devices.driver')}
          withAsterisk
          data={DeviceDriver.options.map((d) => ({ value: d, label: t(`devices.drivers.${d}`) }))}
          data-testid="device-form-driver"
          {...form.getInputProps('driver')}
          onChange={(v) => {
            if (!v) return;
            const driver = DeviceDriver.parse(v);
            form.setFieldValue('driver', driver);
            if (!form.isDirty('role')) form.setFieldValue('role', usualRole[driver]);
          }}
        />
        <SimpleGrid cols={2}>
          <Select
            label={t('devices.role')}
            withAsterisk
            data={DeviceRole.options.map((r) => ({ value: r, label: t(`devices.roles.${r}`) }))}
            data-testid="device-form-role"
            {...form.getInputProps('role')}
          />
          <Select
            label={t('devices.station')}
            placeholder={t('devices.noStation')}
            clearable
            allowDeselect
            data={stationOptions}
            data-testid="device-form-station"
            {...form.getInputProps('stationId')}
          />
        </SimpleGrid>
        <TextInput
          label={t('devices.portPath')}
          description={t('devices.portPathHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          placeholder="/dev/ttyUSB0"
          styles={mono}
          data-testid="device-form-port"
          {...form.getInputProps('portPath')}
        />
        <SimpleGrid cols={hid ? 2 : 3}>
          <TextInput label={t('devices.usbVid')} placeholder="1A86" styles={mono} maxLength={6} data-testid="device-form-vid" {...form.getInputProps('usbVid')} />
          <TextInput label={t('devices.usbPid')} placeholder="7523" styles={mono} maxLength={6} data-testid="device-form-pid" {...form.getInputProps('usbPid')} />
          {hid ? null : (
            <NumberInput
              label={t('devices.baudRate')}
              placeholder={t('devices.baudRateHint')}
              allowDecimal={false}
              allowNegative={false}
              min={1200}
              max={921600}
              data-testid="device-form-baud"
              {...form.getInputProps('baudRate')}
            />
          )}
        </SimpleGrid>
        <DetectedPorts onUse={usePort} />
        <Switch label={t('devices.enabled')} data-testid="device-form-enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <FormFooter
          deleteQuestion={device ? t('devices.deleteConfirm', { name: device.name }) : null}
          onDelete={remove}
          deleteTestId="device-delete"
          busy={busy}
          saveTestId="device-save"
          mt="xs"
        />
      </Stack>
    </form>
  );
}

/** "1A86:7523 · QinHeng · USB Serial": what the USB descriptor says about a port, if anything. */
function describePort(p: PortInfo): string {
  const ids = p.vendorId !== null && p.productId !== null ? `${usbHex(p.vendorId)}:${usbHex(p.productId)}` : null;
  return [ids, p.manufacturer, p.product].filter(Boolean).join(' · ');
}

function DetectedPorts({ onUse }: { onUse(port: PortInfo): void }) {
  const { t } = useTranslation();
  const query = useApiQuery('listPorts', {});
  const ports = query.data?.ports ?? [];
  return (
    <Paper bg="gray.0" radius="md" p="sm" withBorder data-testid="device-ports">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={6}>{t('devices.ports')}</Title>
          <Button size="xs" variant="subtle" loading={query.loading} onClick={query.reload} data-testid="device-ports-scan">
            {t('devices.portsScan')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('devices.portsHint')}
        </Text>
        {query.error ? (
          <Alert color="red" variant="light">
            {t(`errors.${query.error.code}`)}
          </Alert>
        ) : null}
        {(query.data?.warnings ?? []).map((w) => (
          <Text key={w} size="xs" c="orange.8">
            {t('devices.portsWarning', { detail: w })}
          </Text>
        ))}
        {query.data && ports.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="device-ports-none">
            {t('devices.portsNone')}
          </Text>
        ) : null}
        {ports.map((p) => (
          <Paper key={`${p.kind}:${p.path}`} withBorder radius="sm" p="xs" data-testid="device-port">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={2} miw={0}>
                <Group gap={6} wrap="nowrap">
                  <Badge size="xs" variant="light" color={p.kind === 'hid' ? 'orange' : 'blue'}>
                    {t(`devices.portKinds.${p.kind}`)}
                  </Badge>
                  <Code>{p.path}</Code>
                </Group>
                {describePort(p) ? (
                  <Text size="xs" c="dimmed" truncate="end">
                    {describePort(p)}
                  </Text>
                ) : null}
                {p.suggestedDriver ? (
                  <Text size="xs" c="teal.8">
                    {t('devices.suggested', { driver: t(`devices.drivers.${p.suggestedDriver}`) })}
                  </Text>
                ) : null}
              </Stack>
              <Button size="xs" variant="light" onClick={() => onUse(p)} data-testid="device-port-use">
                {t('devices.usePort')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
