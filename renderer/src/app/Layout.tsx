import { AppShell, Badge, Burger, Button, Center, Group, Loader, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ConnectionLight } from '../components/ConnectionLight.js';
import { SyncLight } from '../components/SyncLight.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { IconHome, IconLogout } from '../components/icons.js';
import { notifyError } from '../forms/errors.js';
import { VisitAlertsProvider } from '../screens/visitlog/VisitAlerts.js';
import { activeScreen, mayOpen, screens, screenText } from './nav.js';
import { useCan, useSession, useSite } from './session.js';

/** Staff frame: header (site, station, live light, language, user, sign-out) and a side menu. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const site = useSite();
  const { session, logout } = useSession();
  const can = useCan();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (!session) return null;
  const allowed = screens.filter((s) => mayOpen(s, can));
  const current = activeScreen(location.pathname);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 232, breakpoint: 'md', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
          <Group wrap="nowrap" gap="sm" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('header.menu')} />
            <Title order={3} lineClamp={1} data-testid="site-name">
              {site.name}
            </Title>
          </Group>
          <Group wrap="nowrap" gap="md">
            <Badge variant="light" color={session.station ? 'blue' : 'gray'} size="lg" data-testid="station-badge" visibleFrom="sm">
              {session.station ? t('header.station', { name: session.station.name }) : t('header.noStation')}
            </Badge>
            <ConnectionLight />
            <SyncLight />
            <LanguageSwitch />
            <Stack gap={0} visibleFrom="sm" data-testid="current-user">
              <Text fw={600} size="sm" lineClamp={1}>
                {session.user.displayName}
              </Text>
              <Text size="xs" c="dimmed" data-testid="current-role">
                {t(`roles.${session.user.role}`)}
              </Text>
            </Stack>
            <Button
              variant="default"
              size="sm"
              leftSection={<IconLogout size={18} />}
              data-testid="logout"
              onClick={() => logout().catch((err: unknown) => notifyError(err, t))}
            >
              {t('header.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <ScrollArea>
          <NavLink
            component={Link}
            to="/"
            label={t('nav.home')}
            leftSection={<IconHome size={20} />}
            active={location.pathname === '/'}
            onClick={close}
            py="sm"
          />
          {allowed.map((s) => (
            <NavLink
              key={s.key}
              component={Link}
              to={s.path}
              label={t(screenText(s).label)}
              leftSection={<s.icon size={20} />}
              active={current === s.key}
              onClick={close}
              py="sm"
              data-testid={`nav-${s.key}`}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <VisitAlertsProvider>
          <Suspense
            fallback={
              <Center py="xl">
                <Loader />
              </Center>
            }
          >
            {children}
          </Suspense>
        </VisitAlertsProvider>
      </AppShell.Main>
    </AppShell>
  );
}
