import { Alert, Box, Button, Center, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client.js';
import { clearStationToken, readStationToken, saveStationToken } from '../api/stationToken.js';
import { useSite } from '../app/session.js';
import { AuthFrame } from '../components/AuthFrame.js';
import { ConnectionLight } from '../components/ConnectionLight.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { PairRequest, type StationView } from '../contract.js';
import { GatewayEventsProvider } from '../events/useGatewayEvents.js';
import { errorMessage } from '../forms/errors.js';
import { useContractValidate } from '../forms/contractForm.js';

type KioskState = { state: 'checking' } | { state: 'unpaired' } | { state: 'paired'; token: string; station: StationView };

/**
 * /kiosk on a station device: pair it with the one-time code, then show the self-service welcome.
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
      <KioskWelcome station={kiosk.station} />
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

function KioskWelcome({ station }: { station: StationView }) {
  const { t } = useTranslation();
  const site = useSite();
  return (
    <Box mih="100vh" bg="teal.0" data-testid="kiosk-welcome">
      <Group justify="space-between" p="lg">
        <Text size="lg" c="dimmed" data-testid="kiosk-station">
          {t('kiosk.station', { name: station.name })}
        </Text>
        <ConnectionLight />
      </Group>
      <Center mih="calc(100vh - 160px)" px="lg">
        <Paper radius="xl" shadow="md" p={48} maw={1100} w="100%">
          <Stack align="center" gap={40}>
            <Title order={1} ta="center" fz={{ base: 40, lg: 56 }}>
              {t('kiosk.welcome', { site: site.name })}
            </Title>
            <Text fz={28} c="dimmed" ta="center">
              {t('kiosk.chooseLanguage')}
            </Text>
            <Group justify="center" gap="xl">
              <LanguageSwitch size="xl" />
            </Group>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
