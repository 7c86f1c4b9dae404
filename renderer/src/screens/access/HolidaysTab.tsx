import { Button, Group, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus, IconTrash } from '../../components/icons.js';
import { HolidayInput } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { notifyError, notifySuccess } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';

interface Values {
  date: string;
  name: string;
}

/** The holiday calendar: schedules are closed on these days unless they are open on holidays. */
export function HolidaysTab() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('listHolidays', {});
  const validate = useContractValidate<Values>(HolidayInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { date: '', name: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const items = [...(query.data?.items ?? [])].sort((a, b) => a.date.localeCompare(b.date));

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const body = HolidayInput.parse(values);
          await api('putHoliday', { params: { date: body.date }, body });
      },
      t('common.saved'),
      () => {
        form.reset();
        query.reload();
      },
    ),
  );
  const remove = async (date: string) => {
    try {
      await api('deleteHoliday', { params: { date } });
      notifySuccess(t('common.deleted'));
      query.reload();
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <>
      <form onSubmit={submit} noValidate data-testid="holiday-form">
        <FormError error={error} mb="sm" />
        <Group align="flex-start" mb="md" wrap="wrap">
          <TextInput type="date" w={180} label={t('access.holidays.date')} withAsterisk data-testid="holiday-date" {...form.getInputProps('date')} />
          <TextInput flex={1} miw={220} label={t('access.holidays.name')} withAsterisk data-testid="holiday-name" {...form.getInputProps('name')} />
          <Button type="submit" mt={25} leftSection={<IconPlus size={18} />} loading={busy} data-testid="holiday-save">
            {t('access.holidays.new')}
          </Button>
        </Group>
      </form>
      <Table.ScrollContainer minWidth={480}>
        <Table data-testid="holidays-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('access.holidays.date')}</Table.Th>
              <Table.Th>{t('access.holidays.name')}</Table.Th>
              <Table.Th w={1}>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((h) => (
              <Table.Tr key={h.date} data-testid="holiday-row" data-date={h.date}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.day(h.date)}</Table.Td>
                <Table.Td>{h.name}</Table.Td>
                <Table.Td>
                  <ConfirmButton
                    size="xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    question={t('access.holidays.deleteConfirm', { name: h.name, date: fmt.day(h.date) })}
                    confirmLabel={t('common.delete')}
                    onConfirm={() => remove(h.date)}
                    data-testid="holiday-delete"
                  >
                    {t('common.delete')}
                  </ConfirmButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <QueryState query={query} empty={items.length === 0} />
    </>
  );
}
