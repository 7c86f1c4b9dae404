import { Badge, Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import { EditDrawer, NewButton } from './TabParts.js';
import { ZoneInput, type ResponseOf } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

type Zone = ResponseOf<'listZones'>['items'][number];
const KINDS = ZoneInput.shape.kind.options;

export function ZonesTab() {
  const { t } = useTranslation();
  const query = useApiQuery('listZones', {});
  const [editing, setEditing] = useState<{ zone: Zone | null } | null>(null);
  const items = query.data?.items ?? [];
  return (
    <>
      <NewButton label={t('access.zones.new')} testId="zone-new" onClick={() => setEditing({ zone: null })} />
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="zones-table" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.zones.code')}</Table.Th>
              <Table.Th>{t('access.zones.name')}</Table.Th>
              <Table.Th>{t('access.zones.kind')}</Table.Th>
              <Table.Th ta="right">{t('access.zones.floor')}</Table.Th>
              <Table.Th>{t('access.zones.antiPassback')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((z) => (
              <Table.Tr key={z.id} onClick={() => setEditing({ zone: z })} style={{ cursor: 'pointer' }} data-testid="zone-row" data-code={z.code}>
                <Table.Td fw={600}>{z.code}</Table.Td>
                <Table.Td>{z.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`access.zones.kinds.${z.kind}`)}</Badge>
                </Table.Td>
                <Table.Td ta="right">{z.floor ?? t('common.none')}</Table.Td>
                <Table.Td>{z.antiPassback ? t('common.yes') : <Text c="dimmed" size="sm">{t('common.no')}</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
      <EditDrawer opened={editing !== null} onClose={() => setEditing(null)} title={editing?.zone ? t('access.zones.editTitle', { name: editing.zone.name }) : t('access.zones.newTitle')}>
        {editing ? (
          <ZoneForm
            key={editing.zone?.id ?? 'new'}
            zone={editing.zone}
            onDone={() => {
              setEditing(null);
              query.reload();
            }}
          />
        ) : null}
      </EditDrawer>
    </>
  );
}

interface Values {
  code: string;
  name: string;
  kind: Zone['kind'];
  floor: number | string;
  antiPassback: boolean;
}
const toInput = (v: Values) => ({ ...v, floor: v.floor === '' ? null : v.floor });

function ZoneForm({ zone, onDone }: { zone: Zone | null; onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(ZoneInput, toInput);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { code: zone?.code ?? '', name: zone?.name ?? '', kind: zone?.kind ?? 'door', floor: zone?.floor ?? '', antiPassback: zone?.antiPassback ?? false },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = ZoneInput.parse(toInput(values));
          if (zone) await api('updateZone', { params: { id: zone.id }, body });
          else await api('createZone', { body });
      },
      zone ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="zone-form">
      <Stack>
        <FormError error={error} />
        <SimpleGrid cols={2}>
          <TextInput label={t('access.zones.code')} withAsterisk data-testid="zone-code" {...form.getInputProps('code')} />
          <Select
            label={t('access.zones.kind')}
            withAsterisk
            allowDeselect={false}
            data={KINDS.map((k) => ({ value: k, label: t(`access.zones.kinds.${k}`) }))}
            data-testid="zone-kind"
            {...form.getInputProps('kind')}
          />
        </SimpleGrid>
        <TextInput label={t('access.zones.name')} withAsterisk data-testid="zone-name" {...form.getInputProps('name')} />
        <NumberInput label={t('access.zones.floor')} allowDecimal={false} min={-10} max={200} data-testid="zone-floor" {...form.getInputProps('floor')} />
        <Switch
          size="md"
          label={t('access.zones.antiPassback')}
          description={t('access.zones.antiPassbackHint')}
          data-testid="zone-anti-passback"
          {...form.getInputProps('antiPassback', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="zone-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
