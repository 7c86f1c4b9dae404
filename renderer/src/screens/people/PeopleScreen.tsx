import { Anchor, Badge, Button, Drawer, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { IconPlus } from '../../components/icons.js';
import { PersonKind, type PersonView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';
import { PersonForm } from './PersonForm.js';

const kindColor: Record<PersonKind, string> = {
  resident: 'teal',
  tenant: 'cyan',
  staff: 'indigo',
  visitor: 'grape',
  contractor: 'orange',
};

export function PeopleScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const canWrite = can('people.write');
  const canContact = can('people.contact');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<PersonKind | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ person: PersonView | null } | null>(null);

  const query = useApiQuery('listPeople', {
    query: { q: q || undefined, kind: kind ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  });
  useEntityChanged(['person'], query.reload);
  const items = query.data?.items ?? [];
  const done = () => {
    setEditing(null);
    query.reload();
  };

  return (
    <>
      <PageHeader title={t('people.title')}>
        {canWrite ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ person: null })} data-testid="person-new">
            {t('people.new')}
          </Button>
        ) : null}
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Group mb="md" align="flex-end">
          <SearchInput
            flex={1}
            miw={260}
            placeholder={t('people.searchPlaceholder')}
            value={search}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
            data-testid="people-search"
          />
          <Select
            w={200}
            aria-label={t('people.kind')}
            placeholder={t('people.kind')}
            clearable
            data={PersonKind.options.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => {
              setKind(v ? PersonKind.parse(v) : null);
              setPage(1);
            }}
            data-testid="people-kind-filter"
          />
        </Group>
        <Table.ScrollContainer minWidth={820}>
          <Table data-testid="people-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('people.fullName')}</Table.Th>
                <Table.Th>{t('people.kind')}</Table.Th>
                <Table.Th>{t('people.units')}</Table.Th>
                <Table.Th>{t('people.company')}</Table.Th>
                <Table.Th>{t('people.contact')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} onClick={() => setEditing({ person: p })} style={{ cursor: 'pointer' }} data-testid="person-row">
                  <Table.Td>
                    <Text fw={600}>{p.fullName}</Text>
                    {p.department ? (
                      <Text size="xs" c="dimmed">
                        {p.department}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={kindColor[p.kind]}>
                      {t(`people.kinds.${p.kind}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {p.units.length === 0
                      ? t('common.none')
                      : p.units.map((u) => (
                          <Text key={u.unitId} size="sm">
                            <b>{u.unitCode}</b> · {t(`people.relations.${u.relation}`)}
                          </Text>
                        ))}
                  </Table.Td>
                  <Table.Td>{p.companyName ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <Contact person={p} canContact={canContact} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} capped={query.data?.capped ?? false} page={page} onPage={setPage} />
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.person ? t('people.editTitle', { name: editing.person.fullName }) : t('people.newTitle')}
      >
        {editing?.person && canContact ? (
          <PersonWithContact key={editing.person.id} id={editing.person.id} canWrite={canWrite} onDone={done} />
        ) : editing ? (
          <PersonForm key={editing.person?.id ?? 'new'} person={editing.person} canWrite={canWrite} canContact={canContact} onDone={done} />
        ) : null}
      </Drawer>
    </>
  );
}

/** Lists never carry contact data: staff allowed to see it open one person at a time (each read is audited). */
function PersonWithContact({ id, canWrite, onDone }: { id: number; canWrite: boolean; onDone(): void }) {
  const query = useApiQuery('getPerson', { params: { id } });
  if (!query.data) return <QueryState query={query} empty={false} />;
  return <PersonForm person={query.data} canWrite={canWrite} canContact onDone={onDone} />;
}

function Contact({ person, canContact }: { person: PersonView; canContact: boolean }) {
  const { t } = useTranslation();
  if (canContact && person.contactHidden) {
    return (
      <Text size="sm" c="dimmed" data-testid="contact-on-open">
        {t('people.contactOnOpen')}
      </Text>
    );
  }
  if (!canContact || person.contactHidden) {
    return (
      <Badge color="gray" variant="outline" data-testid="contact-hidden" title={t('people.contactHiddenHint')}>
        {t('people.contactHidden')}
      </Badge>
    );
  }
  if (!person.phone && !person.email) return <>{t('common.none')}</>;
  return (
    <Stack gap={0}>
      {person.phone ? (
        <Anchor size="sm" href={`tel:${person.phone}`} onClick={(e) => e.stopPropagation()}>
          {person.phone}
        </Anchor>
      ) : null}
      {person.email ? (
        <Anchor size="sm" href={`mailto:${person.email}`} onClick={(e) => e.stopPropagation()}>
          {person.email}
        </Anchor>
      ) : null}
    </Stack>
  );
}
