import { Box, Button, Center, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConnectionLight } from '../../components/ConnectionLight.js';
import { IconLogout } from '../../components/icons.js';
import type { Locale, StationView } from '../../contract.js';
import { locales } from '../../i18n/index.js';
import { BigButton } from './parts.js';

/**
 * The kiosk's welcome screen: the three languages as big buttons (each labelled in its own language) start a
 * sign-in; "Sign out" (also in all three) starts a sign-out. Nothing a previous visitor entered is left here.
 */
export function LanguageStep({ station, siteName, onStart, onSignOut }: { station: StationView; siteName: string; onStart(locale: Locale): void; onSignOut(): void }) {
  const { t, i18n } = useTranslation();
  const inAll = (key: 'selfService.welcome.choose' | 'selfService.welcome.start' | 'selfService.welcome.signOut' | 'selfService.welcome.signOutHint') =>
    locales.map((locale) => ({ locale, text: i18n.getFixedT(locale)(key) }));
  return (
    <Box mih="100vh" bg="teal.0" data-testid="kiosk-welcome" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" p="lg">
        <Text size="lg" c="dark.6" data-testid="kiosk-station">
          {t('kiosk.station', { name: station.name })}
        </Text>
        <ConnectionLight />
      </Group>
      <Center style={{ flex: 1 }} px="lg" pb="lg">
        <Paper radius="xl" shadow="md" p={{ base: 28, md: 48 }} maw={1100} w="100%">
          <Stack align="center" gap={32}>
            <Title order={1} ta="center" fz={{ base: 40, lg: 56 }} c="dark.9" data-testid="selfservice-welcome-title">
              {t('kiosk.welcome', { site: siteName })}
            </Title>
            <Stack gap={4} align="center">
              {inAll('selfService.welcome.choose').map(({ locale, text }) => (
                <Text key={locale} lang={locale} fz={24} c="dark.7" ta="center">
                  {text}
                </Text>
              ))}
            </Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xl" w="100%">
              {locales.map((locale) => (
                <Button
                  key={locale}
                  lang={locale}
                  h={132}
                  radius="lg"
                  color="teal.8"
                  onClick={() => onStart(locale)}
                  data-testid={`selfservice-lang-${locale}`}
                  styles={{ label: { flexDirection: 'column', gap: 6, whiteSpace: 'normal' } }}
                >
                  <Text span fz={34} fw={700} c="white">
                    {t(`lang.${locale}`)}
                  </Text>
                  <Text span fz={20} c="white">
                    {i18n.getFixedT(locale)('selfService.welcome.start')}
                  </Text>
                </Button>
              ))}
            </SimpleGrid>
            <Divider w="100%" />
            <Stack gap="sm" align="center" w="100%">
              <Text fz={20} c="dark.7" ta="center">
                {inAll('selfService.welcome.signOutHint')
                  .map((x) => x.text)
                  .join(' · ')}
              </Text>
              <BigButton variant="outline" color="dark.8" leftSection={<IconLogout size={28} />} onClick={onSignOut} data-testid="selfservice-sign-out" miw={360}>
                {inAll('selfService.welcome.signOut')
                  .map((x) => x.text)
                  .join(' · ')}
              </BigButton>
            </Stack>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
