import { Button, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useSession } from '../app/session.js';
import { AuthFrame } from '../components/AuthFrame.js';
import { FirstAdminRequest, type Locale } from '../contract.js';
import { FormError } from '../components/FormError.js';
import { useContractValidate, useFormAction } from '../forms/contractForm.js';
import { asLocale, locales } from '../i18n/index.js';

interface Values {
  username: string;
  displayName: string;
  password: string;
  confirmPassword: string;
  locale: Locale;
}

/** First run: no user exists yet, so the first administrator is created here. */
export function SetupScreen() {
  const { t, i18n } = useTranslation();
  const { signedIn } = useSession();
  const contractValidate = useContractValidate<Values>(FirstAdminRequest);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { username: '', displayName: '', password: '', confirmPassword: '', locale: asLocale(i18n.language) },
    validate: (values) => {
      const errors = contractValidate(values);
      if (values.password !== values.confirmPassword) errors.confirmPassword = t('setup.passwordsDiffer');
      return errors;
    },
  });
  const { error, busy, run } = useFormAction(form);

  const submit = form.onSubmit(({ confirmPassword: _, ...body }) => run(() => api('setupAdmin', { body }), null, signedIn));

  return (
    <AuthFrame title={t('setup.title')} subtitle={t('setup.intro')}>
      <form onSubmit={submit} noValidate data-testid="setup-form">
        <Stack>
          <FormError error={error} />
          <TextInput
            label={t('setup.username')}
            description={t('setup.usernameHint')}
            autoComplete="username"
            autoCapitalize="none"
            data-testid="setup-username"
            {...form.getInputProps('username')}
          />
          <TextInput label={t('setup.displayName')} data-testid="setup-display-name" {...form.getInputProps('displayName')} />
          <PasswordInput
            label={t('setup.password')}
            description={t('setup.passwordHint')}
            autoComplete="new-password"
            data-testid="setup-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('setup.confirmPassword')}
            autoComplete="new-password"
            data-testid="setup-confirm-password"
            {...form.getInputProps('confirmPassword')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('setup.locale')}
            </Text>
            <SegmentedControl
              data={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
              {...form.getInputProps('locale')}
            />
          </Stack>
          <Button type="submit" size="lg" loading={busy} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
