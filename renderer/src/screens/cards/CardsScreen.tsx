import { Alert, Badge, Button, Checkbox, Code, Drawer, Group, Modal, Paper, Select, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useCan } from '../../app/session.js';
import { UnitPicker } from '../../components/EntityPickers.js';
import { ListFooter, PAGE_SIZE } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { IconCardReader, IconPlus } from '../../components/icons.js';
import { CardStatus, HolderKind, type CardView } from '../../contract.js';
import { useEntityChanged, useGatewayEvent } from '../../events/useGatewayEvents.js';
import { notifyError } from '../../forms/errors.js';
import { useFormatters } from '../../i18n/format.js';
import { BulkDialog } from './BulkDialog.js';
import { CardDetail } from './CardDetail.js';
import { RegisterForm } from './CardForms.js';
import { DESK_ROLES, statusColor, technologyOf } from './cardHelpers.js';

type Registering = { uid: string; technology: CardView['technology'] } | null;

/**
 * The card register: search by UID, holder, unit, status and holder kind; a tap on a desk reader finds the card
 * (or offers to register it). Changing cards needs cards.manage; everyone with cards.read sees them.
 */
export function CardsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const fmt = useFormatters();
  const canManage = can('cards.manage');
  const [params] = useSearchParams();
  const initialUnit = Number(params.get('unit')) || null;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<CardStatus | null>(null);
  const [holderKind, setHolderKind] = useState<NonNullable<CardView['holderKind']> | null>(null);
  const [unitId, setUnitId] = useState<number | null>(initialUnit);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [registering, setRegistering] = useState<Registering>(null);
  const [unknownTap, setUnknownTap] = useState<Registering>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);

  const query = useApiQuery('listCards', {
    query: {
      q: q || undefined,
      status: status ?? undefined,
      holderKind: holderKind ?? undefined,
      unitId: unitId ?? undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
  });
  useEntityChanged([], query.reload);
  useGatewayEvent(['card.changed'], query.reload);
  const items = query.data?.items ?? [];

  // A card tapped on a desk reader or encoder: jump to it, or offer to register it.
  useGatewayEvent(['card.presented'], (event) => {
    if (event.type !== 'card.presented' || !DESK_ROLES.includes(event.data.role)) return;
    const { uid, technology } = event.data;
    setSearch(uid);
    setStatus(null);
    setHolderKind(null);
    setUnitId(null);
    setPage(1);
    api('listCards', { query: { q: uid, limit: 5 } }).then(
      (found) => {
        const card = found.items.find((c) => c.uid === uid);
        if (card) {
          setUnknownTap(null);
          setOpenId(card.id);
        } else {
          setOpenId(null);
          setUnknownTap({ uid, technology: technologyOf(technology) });
        }
      },
      (err: unknown) => notifyError(err, t),
    );
  });

  const filtered = (apply: () => void) => {
    apply();
    setPage(1);
    setSelected(new Set());
  };
  const toggle = (id: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allOnPage = items.length > 0 && items.every((c) => selected.has(c.id));
  const someOnPage = items.some((c) => selected.has(c.id));

  return (
    <>
      <PageHeader title={t('cards.title')}>
        <Button component={Link} to="/cards/units" variant="default" data-testid="cards-by-unit">
          {t('nav.cardUnits')}
        </Button>
        {canManage ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setRegistering({ uid: '', technology: 'em4100' })} data-testid="card-register">
            {t('cards.register')}
          </Button>
        ) : null}
      </PageHeader>
      <Alert variant="light" color="teal" icon={<IconCardReader size={20} />} mb="md" py="xs" data-testid="cards-tap-hint">
        {t('cards.tapHint')}
      </Alert>
      {unknownTap ? (
        <Alert color="orange" mb="md" withCloseButton onClose={() => setUnknownTap(null)} data-testid="cards-tap-unknown" data-uid={unknownTap.uid}>
          <Group justify="space-between" wrap="wrap">
            <Text>{t('cards.tapUnknown', { uid: unknownTap.uid })}</Text>
            {canManage ? (
              <Button
                size="sm"
                onClick={() => {
                  setRegistering(unknownTap);
                  setUnknownTap(null);
                }}
                data-testid="cards-register-tapped"
              >
                {t('cards.registerThis')}
              </Button>
            ) : null}
          </Group>
        </Alert>
      ) : null}
      <Paper withBorder p="md" radius="md">
        <Group mb="md" align="flex-end" wrap="wrap">
          <SearchInput
            flex={1}
            miw={220}
            placeholder={t('cards.searchPlaceholder')}
            value={search}
            onSearch={(v) => filtered(() => setSearch(v))}
            data-testid="cards-search"
          />
          <Select
            w={170}
            clearable
            aria-label={t('cards.status')}
            placeholder={t('cards.status')}
            data={CardStatus.options.map((s) => ({ value: s, label: t(`cards.statuses.${s}`) }))}
            value={status}
            onChange={(v) => filtered(() => setStatus(v ? CardStatus.parse(v) : null))}
            data-testid="cards-status-filter"
          />
          <Select
            w={170}
            clearable
            aria-label={t('cards.holderKind')}
            placeholder={t('cards.holderKind')}
            data={HolderKind.options.map((k) => ({ value: k, label: t(`cards.holderKinds.${k}`) }))}
            value={holderKind}
            onChange={(v) => filtered(() => setHolderKind(v ? HolderKind.parse(v) : null))}
            data-testid="cards-kind-filter"
          />
          <UnitPicker
            w={190}
            aria-label={t('cards.unit')}
            placeholder={t('cards.unit')}
            currentLabel={params.get('code')}
            value={unitId}
            onChange={(v) => filtered(() => setUnitId(v))}
            data-testid="cards-unit-filter"
          />
        </Group>
        {canManage && selected.size > 0 ? (
          <Group mb="sm" gap="sm" data-testid="cards-selection">
            <Text fw={600}>{t('cards.selected', { count: selected.size })}</Text>
            <Button size="sm" onClick={() => setBulkOpen(true)} data-testid="cards-bulk">
              {t('cards.bulk')}
            </Button>
            <Button size="sm" variant="subtle" onClick={() => setSelected(new Set())}>
              {t('cards.clearSelection')}
            </Button>
          </Group>
        ) : null}
        <Table.ScrollContainer minWidth={820}>
          <Table data-testid="cards-table" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {canManage ? (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('cards.selectPage')}
                      checked={allOnPage}
                      indeterminate={someOnPage && !allOnPage}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((s) => {
                          const next = new Set(s);
                          for (const c of items) {
                            if (on) next.add(c.id);
                            else next.delete(c.id);
                          }
                          return next;
                        });
                      }}
                      data-testid="cards-select-page"
                    />
                  </Table.Th>
                ) : null}
                <Table.Th>{t('cards.uid')}</Table.Th>
                <Table.Th>{t('cards.holder')}</Table.Th>
                <Table.Th>{t('cards.unit')}</Table.Th>
                <Table.Th>{t('cards.status')}</Table.Th>
                <Table.Th>{t('cards.validUntil')}</Table.Th>
                <Table.Th>{t('cards.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} onClick={() => setOpenId(c.id)} style={{ cursor: 'pointer' }} data-testid="card-row" data-uid={c.uid} data-status={c.status}>
                  {canManage ? (
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox
                        aria-label={t('cards.selectCard', { uid: c.uid })}
                        checked={selected.has(c.id)}
                        onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                        data-testid="card-select"
                      />
                    </Table.Td>
                  ) : null}
                  <Table.Td>
                    <Code fz="sm" fw={600}>
                      {c.uid}
                    </Code>
                    {c.printedNumber ? (
                      <Text size="xs" c="dimmed">
                        {c.printedNumber}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.personName ?? t('common.none')}</Text>
                    {c.holderKind ? (
                      <Text size="xs" c="dimmed">
                        {t(`cards.holderKinds.${c.holderKind}`)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{c.unitCode ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[c.status]} variant="light" miw="max-content" data-testid="card-status">
                      {t(`cards.statuses.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.validUntil ? fmt.date(c.validUntil) : t('common.none')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(c.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <QueryState query={query} empty={items.length === 0} />
        <ListFooter total={query.data?.total ?? 0} page={page} onPage={setPage} />
      </Paper>
      <Drawer opened={openId !== null} onClose={() => setOpenId(null)} position="right" size="lg" title={t('cards.title')}>
        {openId !== null ? <CardDetail key={openId} cardId={openId} canManage={canManage} onChanged={query.reload} onOpenCard={setOpenId} /> : null}
      </Drawer>
      <Modal opened={registering !== null} onClose={() => setRegistering(null)} title={t('cards.registerTitle')}>
        {registering ? (
          <RegisterForm
            key={registering.uid}
            initialUid={registering.uid}
            initialTechnology={registering.technology}
            onDone={(card) => {
              setRegistering(null);
              setSearch(card.uid);
              query.reload();
              setOpenId(card.id);
            }}
          />
        ) : null}
      </Modal>
      <Modal opened={bulkOpen} onClose={() => setBulkOpen(false)} size="lg" title={t('cards.bulkTitle', { count: selected.size })}>
        {bulkOpen ? (
          <BulkDialog
            ids={[...selected]}
            onDone={() => {
              setBulkOpen(false);
              setSelected(new Set());
              query.reload();
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}
