import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const PAGE_SIZE = 50;

/** "Total: N" and page buttons under a list; `capped` (a search that stopped counting at N) reads "Total: N+". */
export function ListFooter({ total, capped = false, page, onPage }: { total: number; capped?: boolean; page: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Group justify="space-between" mt="md">
      <Text c="dimmed" size="sm" data-testid="list-total">
        {t(capped ? 'common.totalCapped' : 'common.total', { count: total })}
      </Text>
      {pages > 1 ? <Pagination total={pages} value={page} onChange={onPage} size="md" /> : null}
    </Group>
  );
}
