import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const PAGE_SIZE = 50;

/** "Total: N" and page buttons under a list. */
export function ListFooter({ total, page, onPage }: { total: number; page: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Group justify="space-between" mt="md">
      <Text c="dimmed" size="sm" data-testid="list-total">
        {t('common.total', { count: total })}
      </Text>
      {pages > 1 ? <Pagination total={pages} value={page} onChange={onPage} size="md" /> : null}
    </Group>
  );
}
