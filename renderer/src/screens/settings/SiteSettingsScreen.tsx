import { Alert, Button, Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSiteState } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SiteUpdate, type Locale } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { locales } from '../../i18n/index.js';
import { VisitSettingsPanel } from '../visitlog/VisitSettingsPanel.js';

interface Values {
  name: string;
  timezone: string;
  defaultLocale: Locale;
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function SiteSettingsScreen() {
  const { t } = useTranslation();
  const { site, reloadSite } = useSiteState();
  const validate = useContractValidate<Values>(SiteUpdate);
  const zones = useMemo(() => timeZones(site.timezone), [site.timezone]);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: site.name, timezone: site.timezone, defaultLocale: site.defaultLocale },
    validate,
  });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((body) =>
    run(
      async () => {
          await api('updateSite', { body });
          await reloadSite();
      },
      t('common.saved'),
    ),
  );
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Paper withBorder p="lg" radius="md" maw={640}>
        <form onSubmit={submit} noValidate data-testid="settings-form">
          <Stack>
            {error ? <Alert color="red">{error}</Alert> : null}
            <TextInput label={t('settings.name')} withAsterisk data-testid="settings-name" {...form.getInputProps('name')} />
            <Select label={t('settings.timezone')} searchable data={zones} data-testid="settings-timezone" {...form.getInputProps('timezone')} />
            <Select
              label={t('settings.defaultLocale')}
              data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
              data-testid="settings-locale"
              {...form.getInputProps('defaultLocale')}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={busy} data-testid="settings-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <VisitSettingsPanel />
    </>
  );
}
