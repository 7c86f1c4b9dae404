import { Center, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { checkStation } from '../api/stationCheck.js';
import { loadPairStation } from '../app/firstScreen.js';
import { lazyFrom } from '../app/lazyScreen.js';
import { clearStationToken, readStationToken } from '../api/stationToken.js';
import type { StationView } from '../contract.js';
import { GatewayEventsProvider } from '../events/useGatewayEvents.js';
import { locales } from '../i18n/index.js';
import { SelfServiceKiosk } from './selfservice/SelfServiceKiosk.js';

const PairStation = lazyFrom(loadPairStation, 'PairStation');

type KioskState = { state: 'checking' } | { state: 'unpaired' } | { state: 'paired'; token: string; station: StationView };

/**
 * /kiosk on a station device: pair it with the one-time code, then run the visitor self-service (selfservice/).
 * The token lives in this browser's localStorage and goes with every request.
 */
export function KioskScreen() {
  const [kiosk, setKiosk] = useState<KioskState>(() => (readStationToken() ? { state: 'checking' } : { state: 'unpaired' }));
  const catalogs = useAllCatalogs();

  useEffect(() => {
    const token = readStationToken();
    if (!token) return;
    let live = true;
    checkStation().then(
      ({ station }) => live && setKiosk({ state: 'paired', token, station }),
      (err: unknown) => {
        if (!live) return;
        if (isApiError(err) && (err.status === 401 || err.status === 403)) clearStationToken();
        setKiosk({ state: 'unpaired' });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  if (kiosk.state === 'checking' || !catalogs) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (kiosk.state === 'unpaired') {
    return <PairStation onPaired={(token, station) => setKiosk({ state: 'paired', token, station })} />;
  }
  return (
    <GatewayEventsProvider enabled stationToken={kiosk.token}>
      <SelfServiceKiosk station={kiosk.station} />
    </GatewayEventsProvider>
  );
}

/** The welcome screen speaks all three languages: their catalogs (loaded up front on /kiosk: app/start.tsx). */
function useAllCatalogs(): boolean {
  const { i18n } = useTranslation();
  const [ready, setReady] = useState(() => locales.every((locale) => i18n.hasResourceBundle(locale, 'translation')));
  useEffect(() => {
    if (!ready) void i18n.loadLanguages([...locales]).then(() => setReady(true));
  }, [i18n, ready]);
  return ready;
}
