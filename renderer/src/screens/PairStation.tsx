import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { saveStationToken } from '../api/stationToken.js';
import { AuthFrame } from '../components/AuthFrame.js';
import { PairRequest, type StationView } from '../contract.js';
import { FormError } from '../components/FormError.js';
import { useContractValidate, useFormAction } from '../forms/contractForm.js';

/** An unpaired kiosk: the one-time pairing code from the stations screen (its own chunk: a paired kiosk never loads it). */
export function PairStation({ onPaired }: { onPaired(token: string, station: StationView): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<{ code: string }>(PairRequest);
  const form = useForm({ mode: 'controlled', initialValues: { code: '' }, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit(({ code }) =>
    run(
      () => api('pairStation', { body: { code } }),
      null,
      ({ token, station }) => {
        saveStationToken(token);
        onPaired(token, station);
      },
    ),
  );
  return (
    <AuthFrame title={t('kiosk.pairTitle')} subtitle={t('kiosk.pairIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} data-testid="pair-error" />
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
