import { Button, CloseButton, Group, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import { EditDrawer, NewButton } from './TabParts.js';
import { GroupInput, type ResponseOf } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

type AccessGroup = ResponseOf<'listGroups'>['items'][number];
type Zone = ResponseOf<'listZones'>['items'][number];
type Schedule = ResponseOf<'listSchedules'>['items'][number];

export function GroupsTab() {
  const { t } = useTranslation();
  const query = useApiQuery('listGroups', {});
  const zones = useApiQuery('listZones', {});
  const schedules = useApiQuery('listSchedules', {});
  const [editing, setEditing] = useState<{ group: AccessGroup | null } | null>(null);
  const items = query.data?.items ?? [];
  const zoneName = (id: number) => zones.data?.items.find((z) => z.id === id)?.name ?? `#${id}`;
  const scheduleName = (id: number) => schedules.data?.items.find((s) => s.id === id)?.name ?? `#${id}`;
  return (
    <>
      <NewButton label={t('access.groups.new')} testId="group-new" onClick={() => setEditing({ group: null })} />
      <Table.ScrollContainer minWidth={720}>
        <Table data-testid="groups-table" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.groups.name')}</Table.Th>
              <Table.Th>{t('access.groups.rules')}</Table.Th>
              <Table.Th ta="right">{t('access.groups.cards')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((g) => (
              <Table.Tr key={g.id} onClick={() => setEditing({ group: g })} style={{ cursor: 'pointer' }} data-testid="group-row" data-name={g.name}>
                <Table.Td>
                  <Text fw={600}>{g.name}</Text>
                  {g.description ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {g.description}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {g.rules.length === 0 ? (
                    <Text c="dimmed" size="sm">
                      {t('common.none')}
                    </Text>
                  ) : (
                    <Stack gap={0}>
                      {g.rules.map((r) => (
                        <Text key={`${r.zoneId}:${r.scheduleId}`} size="xs">
                          {zoneName(r.zoneId)} · {scheduleName(r.scheduleId)}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td ta="right">{g.cardCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
      <EditDrawer opened={editing !== null} onClose={() => setEditing(null)} size="lg" title={editing?.group ? t('access.groups.editTitle', { name: editing.group.name }) : t('access.groups.newTitle')}>
        {editing ? (
          <GroupForm
            key={editing.group?.id ?? 'new'}
            group={editing.group}
            zones={zones.data?.items ?? []}
            schedules={schedules.data?.items ?? []}
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
  name: string;
  description: string;
  rules: { zoneId: string | null; scheduleId: string | null }[];
}
const toInput = (v: Values) => ({
  ...v,
  rules: v.rules.map((r) => ({ zoneId: r.zoneId === null ? undefined : Number(r.zoneId), scheduleId: r.scheduleId === null ? undefined : Number(r.scheduleId) })),
});

/** An access group: which zones its cards open, each during which schedule. */
function GroupForm({ group, zones, schedules, onDone }: { group: AccessGroup | null; zones: Zone[]; schedules: Schedule[]; onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(GroupInput, toInput);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: group?.name ?? '',
      description: group?.description ?? '',
      rules: group?.rules.map((r) => ({ zoneId: String(r.zoneId), scheduleId: String(r.scheduleId) })) ?? [{ zoneId: null, scheduleId: null }],
    },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const zoneOptions = zones.map((z) => ({ value: String(z.id), label: `${z.code} · ${z.name}` }));
  const scheduleOptions = schedules.map((s) => ({ value: String(s.id), label: s.name }));

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = GroupInput.parse(toInput(values));
          if (group) await api('updateGroup', { params: { id: group.id }, body });
          else await api('createGroup', { body });
      },
      group ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="group-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('access.groups.name')} withAsterisk data-testid="group-name" {...form.getInputProps('name')} />
        <Textarea label={t('access.groups.description')} autosize minRows={2} data-testid="group-description" {...form.getInputProps('description')} />
        <div>
          <Text size="sm" fw={500}>
            {t('access.groups.rules')}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('access.groups.rulesHint')}
          </Text>
          {form.errors.rules ? (
            <Text c="red" size="sm" mb="xs">
              {form.errors.rules}
            </Text>
          ) : null}
          <Stack gap="xs">
            {form.values.rules.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('access.groups.noRules')}
              </Text>
            ) : null}
            {form.values.rules.map((_, i) => (
              <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-testid="group-rule">
                <Select
                  flex={1}
                  searchable
                  placeholder={t('access.groups.zone')}
                  aria-label={t('access.groups.zone')}
                  data={zoneOptions}
                  data-testid={`group-rule-zone-${i}`}
                  {...form.getInputProps(`rules.${i}.zoneId`)}
                />
                <Select
                  flex={1}
                  searchable
                  placeholder={t('access.groups.schedule')}
                  aria-label={t('access.groups.schedule')}
                  data={scheduleOptions}
                  data-testid={`group-rule-schedule-${i}`}
                  {...form.getInputProps(`rules.${i}.scheduleId`)}
                />
                <CloseButton mt={8} aria-label={t('access.groups.removeRule')} onClick={() => form.removeListItem('rules', i)} />
              </Group>
            ))}
          </Stack>
          <Button mt="xs" size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('rules', { zoneId: null, scheduleId: null })} data-testid="group-add-rule">
            {t('access.groups.addRule')}
          </Button>
        </div>
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="group-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
