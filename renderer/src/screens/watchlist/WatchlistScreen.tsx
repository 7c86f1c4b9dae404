import { Badge, Button, Drawer, Group, Paper, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { IconPlus } from '../../components/icons.js';
import { WatchlistInput } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { notifyError, notifySuccess } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';

/** The building's block list: a name and/or an ID number (kept only as a keyed hash) with the reason. */
export function WatchlistScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const query = useApiQuery('listWatchlist', {});
  const [adding, setAdding] = useState(false);
  const [showInactive, setShowInactive] = useState(false);
  const items = (query.data?.items ?? []).filter((w) => showInactive || w.active);

  const deactivate = async (id: number) => {
    try {
      await api('removeWatchlist', { params: { id } });
      notifySuccess(t('common.saved'));
      query.reload();
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <>
      <PageHeader title={t('watchlist.title')}>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setAdding(true)} data-testid="watchlist-new">
          {t('watchlist.new')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Group mb="md">
          <Switch size="md" label={t('watchlist.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} data-testid="watchlist-show-inactive" />
        </Group>
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="watchlist-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('watchlist.fullName')}</Table.Th>
                <Table.Th>{t('watchlist.idNumber')}</Table.Th>
                <Table.Th>{t('watchlist.reason')}</Table.Th>
                <Table.Th>{t('watchlist.status')}</Table.Th>
                <Table.Th>{t('watchlist.createdAt')}</Table.Th>
                <Table.Th w={1}>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((w) => (
                <Table.Tr key={w.id} data-testid="watchlist-row" data-active={String(w.active)}>
                  <Table.Td fw={600}>{w.fullName ?? <Text c="dimmed" size="sm">{t('watchlist.noName')}</Text>}</Table.Td>
                  <Table.Td>{w.hasIdNumber ? <Badge variant="light">{t('watchlist.hasIdNumber')}</Badge> : t('common.none')}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {w.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={w.active ? 'red' : 'gray'} variant={w.active ? 'filled' : 'light'} miw="max-content">
                      {w.active ? t('watchlist.active') : t('watchlist.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{fmt.dateTime(w.createdAt)}</Text>
                    {w.createdBy ? <Text size="xs" c="dimmed">{w.createdBy}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {w.active ? (
                      <ConfirmButton
                        size="xs"
                        variant="light"
                        question={t('watchlist.deactivateConfirm', { name: w.fullName ?? t('watchlist.noName') })}
                        confirmLabel={t('watchlist.deactivate')}
                        onConfirm={() => deactivate(w.id)}
                        data-testid="watchlist-deactivate"
                      >
                        {t('watchlist.deactivate')}
                      </ConfirmButton>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
      </Paper>
      <Drawer opened={adding} onClose={() => setAdding(false)} position="right" title={t('watchlist.newTitle')}>
        {adding ? (
          <WatchlistForm
            onDone={() => {
              setAdding(false);
              query.reload();
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}

interface Values {
  fullName: string;
  idNumber: string;
  reason: string;
}

function WatchlistForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(WatchlistInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { fullName: '', idNumber: '', reason: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) =>
    run(
      async () => {
          await api('addWatchlist', { body: WatchlistInput.parse(values) });
      },
      t('common.created'),
      onDone,
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="watchlist-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('watchlist.fullName')} data-testid="watchlist-name" {...form.getInputProps('fullName')} />
        <TextInput label={t('watchlist.idNumber')} description={t('watchlist.idNumberHint')} autoComplete="off" data-testid="watchlist-id-number" {...form.getInputProps('idNumber')} />
        <Textarea label={t('watchlist.reason')} withAsterisk autosize minRows={2} data-testid="watchlist-reason" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="watchlist-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
