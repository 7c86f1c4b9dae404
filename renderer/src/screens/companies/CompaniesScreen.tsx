import { Badge, Button, Drawer, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { FormFooter } from '../../components/FormFooter.js';
import { UnitPicker } from '../../components/EntityPickers.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { IconPlus } from '../../components/icons.js';
import { CompanyInput, type CompanyView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

export function CompaniesScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('companies.write');
  const canContact = can('people.contact');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ company: CompanyView | null } | null>(null);
  const query = useApiQuery('listCompanies', { query: { q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
  useEntityChanged(['company'], query.reload);
  const items = query.data?.items ?? [];
  const done = () => {
    setEditing(null);
    query.reload();
  };

  return (
    <>
      <PageHeader title={t('companies.title')}>
        {canWrite ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ company: null })} data-testid="company-new">
            {t('companies.new')}
          </Button>
        ) : null}
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <SearchInput
          mb="md"
          placeholder={t('companies.searchPlaceholder')}
          value={search}
          onSearch={(v) => {
            setSearch(v);
            setPage(1);
          }}
          data-testid="companies-search"
        />
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="companies-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('companies.name')}</Table.Th>
                <Table.Th>{t('companies.taxCode')}</Table.Th>
                <Table.Th>{t('companies.unit')}</Table.Th>
                <Table.Th>{t('people.contact')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} onClick={() => setEditing({ company: c })} style={{ cursor: 'pointer' }} data-testid="company-row">
                  <Table.Td fw={600}>{c.name}</Table.Td>
                  <Table.Td>{c.taxCode ?? t('common.none')}</Table.Td>
                  <Table.Td>{c.unitCode ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    {canContact && (c.phone !== undefined || c.email !== undefined) ? (
                      <Stack gap={0}>
                        <Text size="sm">{c.phone ?? t('common.none')}</Text>
                        {c.email ? <Text size="sm">{c.email}</Text> : null}
                      </Stack>
                    ) : canContact ? (
                      <Text size="sm" c="dimmed">
                        {t('people.contactOnOpen')}
                      </Text>
                    ) : (
                      <Badge color="gray" variant="outline" data-testid="contact-hidden">
                        {t('people.contactHidden')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.company ? t('companies.editTitle', { name: editing.company.name }) : t('companies.newTitle')}
      >
        {editing?.company && canContact ? (
          <CompanyWithContact key={editing.company.id} id={editing.company.id} canWrite={canWrite} onDone={done} />
        ) : editing ? (
          <CompanyForm key={editing.company?.id ?? 'new'} company={editing.company} canWrite={canWrite} canContact={canContact} onDone={done} />
        ) : null}
      </Drawer>
    </>
  );
}

/** The company's contact data is read one company at a time (audited), as for people. */
function CompanyWithContact({ id, canWrite, onDone }: { id: number; canWrite: boolean; onDone(): void }) {
  const query = useApiQuery('getCompany', { params: { id } });
  if (!query.data) return <QueryState query={query} empty={false} />;
  return <CompanyForm company={query.data} canWrite={canWrite} canContact onDone={onDone} />;
}

interface Values {
  name: string;
  taxCode: string;
  unitId: number | null;
  phone: string;
  email: string;
  note: string;
}

function CompanyForm({
  company,
  canWrite,
  canContact,
  onDone,
}: {
  company: CompanyView | null;
  canWrite: boolean;
  canContact: boolean;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(CompanyInput);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: company?.name ?? '',
      taxCode: company?.taxCode ?? '',
      unitId: company?.unitId ?? null,
      phone: company?.phone ?? '',
      email: company?.email ?? '',
      note: company?.note ?? '',
    },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const parsed = CompanyInput.parse(values);
          const body = canContact ? parsed : { ...parsed, phone: undefined, email: undefined };
          if (company) await api('updateCompany', { params: { id: company.id }, body });
          else await api('createCompany', { body });
      },
      company ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );
  const remove = async () => company && run(() => api('deleteCompany', { params: { id: company.id } }), t('common.deleted'), onDone);

  return (
    <form onSubmit={submit} noValidate data-testid="company-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('companies.name')} withAsterisk disabled={!canWrite} data-testid="company-name" {...form.getInputProps('name')} />
        <SimpleGrid cols={2}>
          <TextInput label={t('companies.taxCode')} disabled={!canWrite} {...form.getInputProps('taxCode')} />
          <UnitPicker
            label={t('companies.unit')}
            disabled={!canWrite}
            currentLabel={company?.unitCode ?? null}
            value={form.values.unitId}
            onChange={(v) => form.setFieldValue('unitId', v)}
            error={form.errors.unitId}
          />
        </SimpleGrid>
        {canContact ? (
          <SimpleGrid cols={2}>
            <TextInput label={t('companies.phone')} type="tel" disabled={!canWrite} {...form.getInputProps('phone')} />
            <TextInput label={t('companies.email')} type="email" disabled={!canWrite} {...form.getInputProps('email')} />
          </SimpleGrid>
        ) : null}
        <Textarea label={t('companies.note')} autosize minRows={2} disabled={!canWrite} {...form.getInputProps('note')} />
        {canWrite ? (
          <FormFooter
            deleteQuestion={company ? t('companies.deleteConfirm', { name: company.name }) : null}
            onDelete={remove}
            busy={busy}
            saveTestId="company-save"
            mt="sm"
          />
        ) : null}
      </Stack>
    </form>
  );
}
