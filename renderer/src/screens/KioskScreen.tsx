import { Alert, Button, Center, Loader, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client.js';
import { clearStationToken, readStationToken, saveStationToken } from '../api/stationToken.js';
import { AuthFrame } from '../components/AuthFrame.js';
import { PairRequest, type StationView } from '../contract.js';
import { GatewayEventsProvider } from '../events/useGatewayEvents.js';
import { errorMessage } from '../forms/errors.js';
import { useContractValidate } from '../forms/contractForm.js';
import { SelfServiceKiosk } from './selfservice/SelfServiceKiosk.js';

type KioskState = { state: 'checking' } | { state: 'unpaired' } | { state: 'paired'; token: string; station: StationView };

/**
 * /kiosk on a station device: pair it with the one-time code, then run the visitor self-service (selfservice/).
 * The token lives in this browser's localStorage and goes with every request.
 */
export function KioskScreen() {
  const [kiosk, setKiosk] = useState<KioskState>(() => (readStationToken() ? { state: 'checking' } : { state: 'unpaired' }));

  useEffect(() => {
    const token = readStationToken();
    if (!token) return;
    let live = true;
    api('stationSelf').then(
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

  if (kiosk.state === 'checking') {
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

function PairStation({ onPaired }: { onPaired(token: string, station: StationView): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<{ code: string }>(PairRequest);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ mode: 'controlled', initialValues: { code: '' }, validate });
  const submit = form.onSubmit(async ({ code }) => {
    setBusy(true);
    setError(null);
    try {
      const { token, station } = await api('pairStation', { body: { code } });
      saveStationToken(token);
      onPaired(token, station);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  });
  return (
    <AuthFrame title={t('kiosk.pairTitle')} subtitle={t('kiosk.pairIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error ? (
            <Alert color="red" data-testid="pair-error">
              {error}
            </Alert>
          ) : null}
          <TextInput
            label={t('kiosk.code')}
            size="xl"
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            classNames={{ input: 'fg-pairing-code' }}
            data-testid="pair-code"
            {...form.getInputProps('code')}
          />
          <Button type="submit" size="xl" loading={busy} data-testid="pair-submit">
            {t('kiosk.pair')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
