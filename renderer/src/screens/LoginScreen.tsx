import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useSession, useSite } from '../app/session.js';
import { AuthFrame } from '../components/AuthFrame.js';
import { LoginRequest } from '../contract.js';
import { useContractValidate, useFormAction } from '../forms/contractForm.js';

interface Values {
  username: string;
  password: string;
}

export function LoginScreen() {
  const { t } = useTranslation();
  const site = useSite();
  const { signedIn, signedOutReason } = useSession();
  const validate = useContractValidate<Values>(LoginRequest);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { username: '', password: '' }, validate });
  const { error, busy, run } = useFormAction(form);

  const submit = form.onSubmit((values) => run(() => api('login', { body: values }), null, signedIn));

  const notice = signedOutReason === 'expired' ? t('login.sessionExpired') : signedOutReason === 'logout' ? t('login.signedOut') : null;

  return (
    <AuthFrame title={t('login.title')} subtitle={t('login.subtitle', { site: site.name })}>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <Stack>
          {notice && !error ? (
            <Alert color={signedOutReason === 'expired' ? 'yellow' : 'teal'} data-testid="login-notice">
              {notice}
            </Alert>
          ) : null}
          {error ? (
            <Alert color="red" data-testid="login-error">
              {error}
            </Alert>
          ) : null}
          <TextInput
            label={t('login.username')}
            autoComplete="username"
            autoCapitalize="none"
            autoFocus
            data-testid="login-username"
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            data-testid="login-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" size="lg" loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
