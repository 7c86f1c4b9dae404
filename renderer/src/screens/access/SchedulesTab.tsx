import { Badge, Button, CloseButton, Group, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import { EditDrawer, NewButton } from './TabParts.js';
import { ScheduleInput, type ResponseOf } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { ALL_WEEK, DAY_KEYS, OFFICE_HOURS, WEEK_ORDER, copyMondayToWeekdays, dayText, indicesOfDay, type Interval } from './scheduleHelpers.js';

type Schedule = ResponseOf<'listSchedules'>['items'][number];

export function SchedulesTab() {
  const { t } = useTranslation();
  const query = useApiQuery('listSchedules', {});
  const [editing, setEditing] = useState<{ schedule: Schedule | null } | null>(null);
  const items = query.data?.items ?? [];
  return (
    <>
      <NewButton label={t('access.schedules.new')} testId="schedule-new" onClick={() => setEditing({ schedule: null })} />
      <Table.ScrollContainer minWidth={720}>
        <Table data-testid="schedules-table" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.schedules.name')}</Table.Th>
              <Table.Th>{t('access.schedules.week')}</Table.Th>
              <Table.Th>{t('access.schedules.openOnHolidays')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id} onClick={() => setEditing({ schedule: s })} style={{ cursor: 'pointer' }} data-testid="schedule-row" data-name={s.name}>
                <Table.Td fw={600}>{s.name}</Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    {WEEK_ORDER.filter((d) => s.intervals.some((i) => i.day === d)).map((d) => (
                      <Text key={d} size="xs">
                        <Text span fw={600} size="xs">
                          {t(`access.schedules.short.${DAY_KEYS[d]}`)}
                        </Text>{' '}
                        {dayText(s.intervals, d)}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={s.openOnHolidays ? 'green' : 'gray'}>
                    {s.openOnHolidays ? t('access.schedules.holidaysOpen') : t('access.schedules.holidaysClosed')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
      <EditDrawer opened={editing !== null} onClose={() => setEditing(null)} size="lg" title={editing?.schedule ? t('access.schedules.editTitle', { name: editing.schedule.name }) : t('access.schedules.newTitle')}>
        {editing ? (
          <ScheduleForm
            key={editing.schedule?.id ?? 'new'}
            schedule={editing.schedule}
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
  openOnHolidays: boolean;
  intervals: Interval[];
}

/** A weekly schedule: per weekday, any number of [from, to) intervals; across midnight = two intervals. */
function ScheduleForm({ schedule, onDone }: { schedule: Schedule | null; onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(ScheduleInput);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: schedule?.name ?? '', openOnHolidays: schedule?.openOnHolidays ?? false, intervals: schedule?.intervals.map((i) => ({ ...i })) ?? [] },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const intervals = form.values.intervals;
  const setIntervals = (next: Interval[]) => {
    form.setFieldValue('intervals', next);
    form.clearErrors();
  };

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = ScheduleInput.parse(values);
          if (schedule) await api('updateSchedule', { params: { id: schedule.id }, body });
          else await api('createSchedule', { body });
      },
      schedule ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );

  return (
    <form onSubmit={submit} noValidate data-testid="schedule-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('access.schedules.name')} withAsterisk data-testid="schedule-name" {...form.getInputProps('name')} />
        <Switch size="md" label={t('access.schedules.openOnHolidays')} data-testid="schedule-holidays" {...form.getInputProps('openOnHolidays', { type: 'checkbox' })} />
        <Text size="sm" c="dimmed">
          {t('access.schedules.hint')}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setIntervals(ALL_WEEK.map((i) => ({ ...i })))} data-testid="schedule-preset-247">
            {t('access.schedules.preset247')}
          </Button>
          <Button size="xs" variant="light" onClick={() => setIntervals(OFFICE_HOURS.map((i) => ({ ...i })))} data-testid="schedule-preset-office">
            {t('access.schedules.presetOffice')}
          </Button>
          <Button size="xs" variant="default" disabled={!intervals.some((i) => i.day === 1)} onClick={() => setIntervals(copyMondayToWeekdays(intervals))}>
            {t('access.schedules.copyMonday')}
          </Button>
          <Button size="xs" variant="subtle" color="red" disabled={intervals.length === 0} onClick={() => setIntervals([])}>
            {t('access.schedules.clearAll')}
          </Button>
        </Group>
        {form.errors.intervals ? (
          <Text c="red" size="sm" data-testid="schedule-intervals-error">
            {form.errors.intervals}
          </Text>
        ) : null}
        <Stack gap={6}>
          {WEEK_ORDER.map((day) => {
            const indices = indicesOfDay(intervals, day);
            return (
              <Paper key={day} withBorder p="xs" radius="sm" data-testid={`schedule-day-${day}`}>
                <Group align="flex-start" wrap="nowrap" gap="sm">
                  <Text fw={600} w={92} pt={6} size="sm">
                    {t(`access.schedules.days.${DAY_KEYS[day]}`)}
                  </Text>
                  <Stack gap={6} flex={1}>
                    {indices.length === 0 ? (
                      <Text c="dimmed" size="sm" pt={6}>
                        {t('access.schedules.closed')}
                      </Text>
                    ) : (
                      indices.map((index) => (
                        <Group key={index} gap={6} wrap="nowrap" align="flex-start" data-testid="schedule-interval">
                          <TextInput
                            size="sm"
                            w={92}
                            maxLength={5}
                            placeholder="08:00"
                            aria-label={t('access.schedules.from')}
                            data-testid="schedule-from"
                            {...form.getInputProps(`intervals.${index}.from`)}
                          />
                          <Text pt={6}>–</Text>
                          <TextInput
                            size="sm"
                            w={92}
                            maxLength={5}
                            placeholder="18:00"
                            aria-label={t('access.schedules.to')}
                            data-testid="schedule-to"
                            {...form.getInputProps(`intervals.${index}.to`)}
                          />
                          <CloseButton mt={6} aria-label={t('access.schedules.removeInterval')} onClick={() => setIntervals(intervals.filter((_, i) => i !== index))} />
                        </Group>
                      ))
                    )}
                  </Stack>
                  <Button
                    size="xs"
                    variant="subtle"
                    mt={4}
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setIntervals([...intervals, { day, from: '08:00', to: '18:00' }])}
                    data-testid={`schedule-add-${day}`}
                  >
                    {t('access.schedules.addInterval')}
                  </Button>
                </Group>
              </Paper>
            );
          })}
        </Stack>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('access.schedules.intervalsCount', { count: intervals.length })}
          </Text>
          <Button type="submit" loading={busy} data-testid="schedule-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
