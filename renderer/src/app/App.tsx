import { Center, Loader, MantineProvider } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import type { i18n as I18n } from 'i18next';
import { Suspense, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { readStationToken } from '../api/stationToken.js';
import { ForbiddenScreen, NotFoundScreen } from '../components/StatusScreens.js';
import type { Permission } from '../contract.js';
import { AccessFeedProvider } from '../events/accessFeed.js';
import { GatewayEventsProvider } from '../events/useGatewayEvents.js';
import { loadKiosk, loadLayout, loadVisitors } from './firstScreen.js';
import { lazyFrom } from './lazyScreen.js';
import { SessionProvider, useCan, useSession, useSite } from './session.js';
import { theme } from './theme.js';

/**
 * Every screen is its own chunk, and so is the staff frame (Layout) and the kiosk: the kiosk loads no staff code, a
 * staff screen no kiosk code, and each screen only what it uses (docs/performance.md, "Screens"). The entry starts
 * loading the first screen's chunks (firstScreen.ts).
 */
const Layout = lazyFrom(loadLayout, 'Layout');
const KioskScreen = lazyFrom(loadKiosk, 'KioskScreen');
const Toasts = lazyFrom(() => import('./Toasts.js'), 'Toasts');
const HomeScreen = lazyFrom(() => import('../screens/HomeScreen.js'), 'HomeScreen');
const LoginScreen = lazyFrom(() => import('../screens/LoginScreen.js'), 'LoginScreen');
const SetupScreen = lazyFrom(() => import('../screens/SetupScreen.js'), 'SetupScreen');

const UnitsScreen = lazyFrom(() => import('../screens/units/UnitsScreen.js'), 'UnitsScreen');
const PeopleScreen = lazyFrom(() => import('../screens/people/PeopleScreen.js'), 'PeopleScreen');
const CompaniesScreen = lazyFrom(() => import('../screens/companies/CompaniesScreen.js'), 'CompaniesScreen');
const UsersScreen = lazyFrom(() => import('../screens/users/UsersScreen.js'), 'UsersScreen');
const StationsScreen = lazyFrom(() => import('../screens/stations/StationsScreen.js'), 'StationsScreen');
const DevicesScreen = lazyFrom(() => import('../screens/devices/DevicesScreen.js'), 'DevicesScreen');
const ImportScreen = lazyFrom(() => import('../screens/import/ImportScreen.js'), 'ImportScreen');
const AuditScreen = lazyFrom(() => import('../screens/audit/AuditScreen.js'), 'AuditScreen');
const SyncScreen = lazyFrom(() => import('../screens/sync/SyncScreen.js'), 'SyncScreen');
const SiteSettingsScreen = lazyFrom(() => import('../screens/settings/SiteSettingsScreen.js'), 'SiteSettingsScreen');
const SecurityScreen = lazyFrom(() => import('../screens/security/SecurityScreen.js'), 'SecurityScreen');
const CardsScreen = lazyFrom(() => import('../screens/cards/CardsScreen.js'), 'CardsScreen');
const UnitCardsScreen = lazyFrom(() => import('../screens/cards/UnitCardsScreen.js'), 'UnitCardsScreen');
const AccessScreen = lazyFrom(() => import('../screens/access/AccessScreen.js'), 'AccessScreen');
const WatchlistScreen = lazyFrom(() => import('../screens/watchlist/WatchlistScreen.js'), 'WatchlistScreen');
const VisitorsRoutes = lazyFrom(loadVisitors, 'VisitorsRoutes');
const VisitLogScreen = lazyFrom(() => import('../screens/visitlog/VisitLogScreen.js'), 'VisitLogScreen');
const ExpectedVisitorsScreen = lazyFrom(() => import('../screens/visitlog/ExpectedVisitorsScreen.js'), 'ExpectedVisitorsScreen');
const InvitationScreen = lazyFrom(() => import('../screens/visitlog/InvitationScreen.js'), 'InvitationScreen');
const VisitAlertsScreen = lazyFrom(() => import('../screens/visitlog/VisitAlertsScreen.js'), 'VisitAlertsScreen');

export function App({ i18n }: { i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <NotificationsOnDemand />
        <BrowserRouter>
          <SessionProvider>
            <Suspense fallback={<FirstScreenLoader />}>
              <Routes>
                <Route path="/kiosk" element={<KioskScreen />} />
                <Route path="*" element={<StaffApp />} />
              </Routes>
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </MantineProvider>
    </I18nextProvider>
  );
}

/** The toast container (with its transitions) loads with the first notification, not with every screen. */
function NotificationsOnDemand() {
  const { notifications, queue } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && notifications.length + queue.length > 0) setNeeded(true);
  return needed ? (
    <Suspense fallback={null}>
      <Toasts position="top-right" autoClose={4000} />
    </Suspense>
  ) : null;
}

function FirstScreenLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

interface FromState {
  from?: string;
}

/** Unauthenticated browsers only ever see first-run setup or sign-in; everything else needs a session. */
function StaffApp() {
  const site = useSite();
  const { session } = useSession();
  const location = useLocation();

  if (site.needsSetup) {
    return location.pathname === '/setup' ? <SetupScreen /> : <Navigate to="/setup" replace />;
  }
  if (!session) {
    if (location.pathname === '/login') return <LoginScreen />;
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from } satisfies FromState} />;
  }
  if (location.pathname === '/login' || location.pathname === '/setup') {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  return (
    <GatewayEventsProvider enabled stationToken={readStationToken()}>
      <AccessFeedProvider>
        <Layout>
          <Routes>
            <Route path="/" element={<HomeScreen />} />
            <Route path="/visitors/*" element={<Guard permission="visits.read"><VisitorsRoutes /></Guard>} />
            <Route path="/people" element={<Guard permission="people.read"><PeopleScreen /></Guard>} />
            <Route path="/units" element={<Guard permission="units.read"><UnitsScreen /></Guard>} />
            <Route path="/companies" element={<Guard permission="companies.read"><CompaniesScreen /></Guard>} />
            <Route path="/security" element={<Guard permission="cards.read"><SecurityScreen /></Guard>} />
            <Route path="/cards" element={<Guard permission="cards.read"><CardsScreen /></Guard>} />
            <Route path="/cards/units" element={<Guard permission="cards.read"><UnitCardsScreen /></Guard>} />
            <Route path="/access" element={<Guard permission="access.manage"><AccessScreen /></Guard>} />
            <Route path="/watchlist" element={<Guard permission="cards.manage"><WatchlistScreen /></Guard>} />
            <Route path="/devices" element={<DevicesScreen />} />
            <Route path="/import" element={<Guard permission="imports.run"><ImportScreen /></Guard>} />
            <Route path="/users" element={<Guard permission="users.manage"><UsersScreen /></Guard>} />
            <Route path="/stations" element={<Guard permission="stations.manage"><StationsScreen /></Guard>} />
            <Route path="/visits/log" element={<Guard permission="visits.read"><VisitLogScreen /></Guard>} />
            <Route path="/visits/expected" element={<Guard permission="visits.manage"><ExpectedVisitorsScreen /></Guard>} />
            <Route path="/visits/expected/:id/invitation" element={<Guard permission="visits.manage"><InvitationScreen /></Guard>} />
            <Route path="/visits/alerts" element={<Guard permission="visits.override"><VisitAlertsScreen /></Guard>} />
            <Route path="/audit" element={<Guard permission="audit.read"><AuditScreen /></Guard>} />
            <Route path="/sync" element={<Guard permission="sync.read"><SyncScreen /></Guard>} />
            <Route path="/settings" element={<Guard permission="site.manage"><SiteSettingsScreen /></Guard>} />
            <Route path="*" element={<NotFoundScreen />} />
          </Routes>
        </Layout>
      </AccessFeedProvider>
    </GatewayEventsProvider>
  );
}

function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <ForbiddenScreen />;
}
