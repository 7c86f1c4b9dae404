import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The frame of the screens shown before sign-in: language switch on top, one card in the middle. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" p="md">
        <Text fw={700} c="teal.8" size="lg">
          {t('app.name')}
        </Text>
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl" pt="6vh">
        <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={460}>
          <Stack gap="xs" mb="lg">
            <Title order={2} data-testid="auth-title">
              {title}
            </Title>
            {subtitle ? <Text c="dimmed">{subtitle}</Text> : null}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
