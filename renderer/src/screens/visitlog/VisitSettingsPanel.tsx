import { Alert, Button, Divider, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/useApiQuery.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { QueryState } from '../../components/QueryState.js';
import { VisitSettings } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { notifyError, notifySuccess } from '../../forms/errors.js';
import { locales } from '../../i18n/index.js';

interface Values {
  retentionDays: number | string;
  defaultVisitMinutes: number | string;
  rules: VisitSettings['rules'];
}

/** An empty number input is "missing", so zod says "required" rather than "expected number". */
const toInput = (v: Values) => ({
  ...v,
  retentionDays: v.retentionDays === '' ? undefined : Number(v.retentionDays),
  defaultVisitMinutes: v.defaultVisitMinutes === '' ? undefined : Number(v.defaultVisitMinutes),
});

/** Site settings for visitors: retention of visitor ID data, default visit length, building rules per language, purge. */
export function VisitSettingsPanel() {
  const { t } = useTranslation();
  const query = useApiQuery('getVisitSettings', {});
  return (
    <Paper withBorder p="lg" radius="md" maw={960} mt="lg" data-testid="visit-settings">
      <Title order={3} mb="md">
        {t('visitAdmin.settings.title')}
      </Title>
      {query.data ? <VisitSettingsForm initial={query.data} onSaved={query.reload} /> : <QueryState query={query} empty={false} />}
      <Divider my="lg" />
      <PurgeNow retentionDays={query.data?.retentionDays ?? null} />
    </Paper>
  );
}

function VisitSettingsForm({ initial, onSaved }: { initial: VisitSettings; onSaved(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(VisitSettings, toInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: initial, validate });
  const { error, busy, run } = useFormAction(form);
  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const saved = await api('putVisitSettings', { body: VisitSettings.parse(toInput(values)) });
          form.setValues(saved);
          form.resetDirty(saved);
      },
      t('common.saved'),
      onSaved,
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="visit-settings-form">
      <Stack>
        {error ? <Alert color="red">{error}</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('visitAdmin.settings.retentionDays')}
            description={t('visitAdmin.settings.retentionHint')}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            withAsterisk
            data-testid="visit-settings-retention"
            {...form.getInputProps('retentionDays')}
          />
          <NumberInput
            label={t('visitAdmin.settings.defaultVisitMinutes')}
            description={t('visitAdmin.settings.defaultVisitHint')}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            withAsterisk
            data-testid="visit-settings-minutes"
            {...form.getInputProps('defaultVisitMinutes')}
          />
        </SimpleGrid>
        <Text fw={600}>{t('visitAdmin.settings.rules')}</Text>
        {locales.map((locale) => (
          <Textarea
            key={locale}
            label={t('visitAdmin.settings.rulesIn', { language: t(`lang.${locale}`) })}
            lang={locale}
            autosize
            minRows={3}
            maxRows={12}
            withAsterisk
            data-testid={`visit-settings-rules-${locale}`}
            {...form.getInputProps(`rules.${locale}`)}
          />
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="visit-settings-save">
            {t('visitAdmin.settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Runs the retention purge now and says how many visits lost their personal data. */
function PurgeNow({ retentionDays }: { retentionDays: number | null }) {
  const { t } = useTranslation();
  const [purged, setPurged] = useState<number | null>(null);
  const purge = useCallback(async () => {
    try {
      const result = await api('purgeVisitorData');
      setPurged(result.purged);
      notifySuccess(t('visitAdmin.settings.purged', { n: String(result.purged) }));
    } catch (err) {
      notifyError(err, t);
    }
  }, [t]);
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" maw={560}>
        {t('visitAdmin.settings.purgeHint')}
      </Text>
      <Group gap="sm">
        {purged !== null ? (
          <Text fw={600} data-testid="visit-purge-result" data-purged={purged}>
            {t('visitAdmin.settings.purged', { n: String(purged) })}
          </Text>
        ) : null}
        <ConfirmButton
          color="red"
          variant="light"
          question={t('visitAdmin.settings.purgeQuestion', { days: String(retentionDays ?? '…') })}
          confirmLabel={t('visitAdmin.settings.purgeConfirm')}
          onConfirm={purge}
          disabled={retentionDays === null}
          data-testid="visit-purge"
        >
          {t('visitAdmin.settings.purge')}
        </ConfirmButton>
      </Group>
    </Group>
  );
}
