import { Badge, Code, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { FormFooter } from '../../components/FormFooter.js';
import { QueryState } from '../../components/QueryState.js';
import { EditDrawer, NewButton } from './TabParts.js';
import { ReaderInput, type DeviceView, type ResponseOf } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

type Reader = ResponseOf<'listReaders'>['items'][number];
type Zone = ResponseOf<'listZones'>['items'][number];

export function ReadersTab() {
  const { t } = useTranslation();
  const query = useApiQuery('listReaders', {});
  const zones = useApiQuery('listZones', {});
  const devices = useApiQuery('listDevices', {});
  const [editing, setEditing] = useState<{ reader: Reader | null } | null>(null);
  const items = query.data?.items ?? [];
  const deviceName = (id: string) => devices.data?.items.find((d) => d.id === id)?.name ?? id;
  const done = () => {
    setEditing(null);
    query.reload();
  };
  return (
    <>
      <NewButton label={t('access.readers.new')} testId="reader-new" onClick={() => setEditing({ reader: null })} />
      <Table.ScrollContainer minWidth={720}>
        <Table data-testid="readers-table" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.readers.id')}</Table.Th>
              <Table.Th>{t('access.readers.name')}</Table.Th>
              <Table.Th>{t('access.readers.zone')}</Table.Th>
              <Table.Th>{t('access.readers.direction')}</Table.Th>
              <Table.Th>{t('access.readers.device')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id} onClick={() => setEditing({ reader: r })} style={{ cursor: 'pointer' }} data-testid="reader-row" data-reader-id={r.id}>
                <Table.Td>
                  <Code>{r.id}</Code>
                </Table.Td>
                <Table.Td fw={600}>{r.name}</Table.Td>
                <Table.Td>{r.zoneName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.direction === 'in' ? 'teal' : 'grape'}>
                    {t(`access.readers.directions.${r.direction}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.deviceId ? deviceName(r.deviceId) : <Text c="dimmed" size="sm">{t('access.readers.noDevice')}</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
      <EditDrawer opened={editing !== null} onClose={() => setEditing(null)} title={editing?.reader ? t('access.readers.editTitle', { name: editing.reader.name }) : t('access.readers.newTitle')}>
        {editing ? (
          <ReaderForm key={editing.reader?.id ?? 'new'} reader={editing.reader} zones={zones.data?.items ?? []} devices={devices.data?.items ?? []} onDone={done} />
        ) : null}
      </EditDrawer>
    </>
  );
}

interface Values {
  id: string;
  name: string;
  zoneId: string | null;
  direction: 'in' | 'out';
  deviceId: string | null;
}
const toInput = (v: Values) => ({ ...v, zoneId: v.zoneId === null ? undefined : Number(v.zoneId) });

function ReaderForm({ reader, zones, devices, onDone }: { reader: Reader | null; zones: Zone[]; devices: DeviceView[]; onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(ReaderInput, toInput);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      id: reader?.id ?? '',
      name: reader?.name ?? '',
      zoneId: reader ? String(reader.zoneId) : null,
      direction: reader?.direction ?? 'in',
      deviceId: reader?.deviceId ?? null,
    },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  // Door readers first: they are the ones a reader is normally linked to.
  const deviceOptions = [...devices]
    .sort((a, b) => Number(b.role === 'door_reader') - Number(a.role === 'door_reader'))
    .map((d) => ({ value: d.id, label: `${d.name} (${d.id}) · ${t(`devices.roles.${d.role}`)}` }));

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = ReaderInput.parse(toInput(values));
          await api('putReader', { params: { id: body.id }, body });
      },
      reader ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );
  const remove = async () => reader && run(() => api('deleteReader', { params: { id: reader.id } }), t('common.deleted'), onDone);

  return (
    <form onSubmit={submit} noValidate data-testid="reader-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('access.readers.id')} description={t('access.readers.idHint')} withAsterisk disabled={reader !== null} data-testid="reader-id" {...form.getInputProps('id')} />
        <TextInput label={t('access.readers.name')} withAsterisk data-testid="reader-name" {...form.getInputProps('name')} />
        <Select
          label={t('access.readers.zone')}
          withAsterisk
          searchable
          data={zones.map((z) => ({ value: String(z.id), label: `${z.code} · ${z.name}` }))}
          data-testid="reader-zone"
          {...form.getInputProps('zoneId')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('access.readers.direction')}
          </Text>
          <SegmentedControl
            data={(['in', 'out'] as const).map((d) => ({ value: d, label: t(`access.readers.directions.${d}`) }))}
            data-testid="reader-direction"
            {...form.getInputProps('direction')}
          />
        </Stack>
        <Select
          label={t('access.readers.device')}
          description={t('access.readers.deviceHint')}
          placeholder={t('access.readers.noDevice')}
          clearable
          searchable
          data={deviceOptions}
          data-testid="reader-device"
          {...form.getInputProps('deviceId')}
        />
        <FormFooter
          deleteQuestion={reader ? t('access.readers.deleteConfirm', { name: reader.name }) : null}
          onDelete={remove}
          deleteTestId="reader-delete"
          busy={busy}
          saveTestId="reader-save"
        />
      </Stack>
    </form>
  );
}
