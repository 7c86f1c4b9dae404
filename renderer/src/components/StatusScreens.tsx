import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconLock } from './icons.js';

export function ForbiddenScreen() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Paper withBorder p="xl" maw={520} data-testid="forbidden">
        <Stack align="center" gap="md">
          <IconLock size={48} />
          <Title order={2}>{t('forbidden.title')}</Title>
          <Text ta="center">{t('forbidden.text')}</Text>
          <Button component={Link} to="/">
            {t('forbidden.home')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Stack align="center" data-testid="not-found">
        <Title order={2}>{t('notFound.title')}</Title>
        <Text>{t('notFound.text')}</Text>
        <Button component={Link} to="/">
          {t('forbidden.home')}
        </Button>
      </Stack>
    </Center>
  );
}
