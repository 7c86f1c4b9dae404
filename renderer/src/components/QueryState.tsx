import { Alert, Button, Center, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Query } from '../api/useApiQuery.js';
import { errorMessage } from '../forms/errors.js';

/** Loading spinner, error with retry, or an empty message, for a list that has nothing to show yet. */
export function QueryState<T>({ query, empty }: { query: Query<T>; empty: boolean }) {
  const { t } = useTranslation();
  if (query.error) {
    return (
      <Alert color="red" my="md" data-testid="load-error">
        {errorMessage(query.error, t)}{' '}
        <Button variant="subtle" size="compact-sm" onClick={query.reload}>
          {t('app.retry')}
        </Button>
      </Alert>
    );
  }
  if (query.loading && query.data === undefined) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (empty) {
    return (
      <Text c="dimmed" ta="center" py="xl" data-testid="list-empty">
        {t('common.noResults')}
      </Text>
    );
  }
  return null;
}
