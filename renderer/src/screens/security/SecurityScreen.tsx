import { Badge, Button, Code, Group, Paper, Select, Switch, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { PageHeader } from '../../components/PageHeader.js';
import { filterFeed, MAX_FEED, useAccessFeed, type AccessDecided } from '../../events/accessFeed.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { useFormatters } from '../../i18n/format.js';

type Holder = { name: string | null; unit: string | null } | 'unknown';

/** Live access feed: every door decision as it happens, denials in red, filterable by reader and outcome. */
export function SecurityScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { entries, clear } = useAccessFeed();
  const readers = useApiQuery('listReaders', {});
  const [deniedOnly, setDeniedOnly] = useState(false);
  const [readerId, setReaderId] = useState<string | null>(null);
  const holders = useHolders(entries.map((e) => e.decision));

  const readerOptions = useMemo(() => {
    const names = new Map<string, string>();
    for (const r of readers.data?.items ?? []) names.set(r.id, r.name);
    for (const e of entries) if (!names.has(e.decision.readerId)) names.set(e.decision.readerId, e.decision.readerName ?? e.decision.readerId);
    return [...names].map(([value, label]) => ({ value, label }));
  }, [readers.data, entries]);
  const shown = filterFeed(entries, { deniedOnly, readerId });

  const holderCell = (d: AccessDecided) => {
    if (d.cardId === null) return <Text c="dimmed" size="sm">{t('security.unknownHolder')}</Text>;
    const h = holders[d.cardId];
    if (!h || h === 'unknown') return <Text c="dimmed" size="sm">{t('common.none')}</Text>;
    return (
      <Text size="sm" lineClamp={1}>
        {h.name ?? t('common.none')}
        {h.unit ? <Text span c="dimmed" size="sm"> · {h.unit}</Text> : null}
      </Text>
    );
  };

  return (
    <>
      <PageHeader title={t('security.title')}>
        <Button variant="default" onClick={clear} disabled={entries.length === 0} data-testid="feed-clear">
          {t('security.clear')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
          <Group gap="md" wrap="wrap">
            <Switch
              size="md"
              label={t('security.deniedOnly')}
              checked={deniedOnly}
              onChange={(e) => setDeniedOnly(e.currentTarget.checked)}
              data-testid="feed-denied-only"
            />
            <Select
              w={260}
              clearable
              aria-label={t('security.reader')}
              placeholder={t('security.allReaders')}
              data={readerOptions}
              value={readerId}
              onChange={setReaderId}
              data-testid="feed-reader"
            />
          </Group>
          <Text size="sm" c="dimmed" data-testid="feed-count">
            {t('security.shown', { shown: String(shown.length), count: entries.length })}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" mb="sm">
          {t('security.hint', { count: MAX_FEED })}
        </Text>
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="feed-table" verticalSpacing="xs" highlightOnHover={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>{t('security.time')}</Table.Th>
                <Table.Th>{t('security.reader')}</Table.Th>
                <Table.Th>{t('security.uid')}</Table.Th>
                <Table.Th>{t('security.holder')}</Table.Th>
                <Table.Th>{t('security.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map(({ seq, decision: d }) => (
                <Table.Tr
                  key={seq}
                  bg={d.granted ? undefined : 'var(--mantine-color-red-light)'}
                  data-testid="feed-row"
                  data-granted={String(d.granted)}
                  data-reason={d.reason}
                  data-uid={d.uid}
                  data-reader-id={d.readerId}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="feed-time">
                    {fmt.time(d.at)}
                  </Table.Td>
                  <Table.Td data-testid="feed-reader-name">
                    <Text size="sm" fw={500} lineClamp={1}>
                      {d.readerName ?? d.readerId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="sm" data-testid="feed-uid">
                      {d.uid}
                    </Code>
                  </Table.Td>
                  <Table.Td data-testid="feed-holder">{holderCell(d)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Badge color={d.granted ? 'green' : 'red'} variant={d.granted ? 'light' : 'filled'} miw="max-content" data-testid="feed-result">
                        {d.granted ? t('security.granted') : t('security.denied')}
                      </Badge>
                      {d.granted ? null : (
                        <Text size="sm" c="red.8" fw={600} data-testid="feed-reason">
                          {t(`security.reasons.${d.reason}`)}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {shown.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl" data-testid="feed-empty">
            {t('security.empty')}
          </Text>
        ) : null}
      </Paper>
    </>
  );
}

/** Card holders of the cards in the feed, looked up once per card and kept fresh from `card.changed`. */
function useHolders(decisions: readonly AccessDecided[]): Record<number, Holder> {
  const [holders, setHolders] = useState<Record<number, Holder>>({});
  const asked = useRef(new Set<number>());
  useGatewayEvent(['card.changed'], (event) => {
    if (event.type !== 'card.changed') return;
    const c = event.data;
    setHolders((h) => ({ ...h, [c.id]: { name: c.personName, unit: c.unitCode } }));
  });
  const wanted = decisions.flatMap((d) => (d.cardId === null ? [] : [d.cardId]));
  const key = [...new Set(wanted)].join(',');
  useEffect(() => {
    for (const id of key ? key.split(',').map(Number) : []) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      api('getCard', { params: { id } }).then(
        (c) => setHolders((h) => ({ ...h, [id]: { name: c.personName, unit: c.unitCode } })),
        () => setHolders((h) => ({ ...h, [id]: 'unknown' })),
      );
    }
  }, [key]);
  return holders;
}
