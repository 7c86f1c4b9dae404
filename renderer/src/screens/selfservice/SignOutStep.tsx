import { Alert, Group, Paper, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCardReader, IconCheck } from '../../components/icons.js';
import type { Locale } from '../../contract.js';
import { BigButton, KioskText, StepFrame, kioskInputStyles } from './parts.js';
import { typedVisitRef, type SignOutResult, type StepError } from './state.js';

interface Props {
  working: boolean;
  error: StepError | null;
  /** A scanned code that is an invitation: offer to sign in with it. */
  invitation: string | null;
  onRef(ref: string): void;
  onUseInvitation(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/**
 * Self check-out: the QR badge on the kiosk's scanner or the visitor card on its reader does it by itself
 * (see SelfServiceKiosk); typing the reference printed on the badge is the fallback.
 */
export function SignOutStep({ working, error, invitation, onRef, onUseInvitation, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState(false);
  const submit = () => {
    const ref = typedVisitRef(typed);
    setTypedError(ref === null);
    if (ref !== null) onRef(ref);
  };
  return (
    <StepFrame
      title={t('selfService.signOut.title')}
      onLanguage={onLanguage}
      error={error}
      testId="selfservice-signout"
      footer={
        <BigButton variant="subtle" color="red.9" compact onClick={onStartOver} data-testid="selfservice-start-over">
          {t('selfService.nav.startOver')}
        </BigButton>
      }
    >
      <Paper withBorder radius="lg" p="lg" bg="white">
        <Group wrap="nowrap" gap="lg">
          <ThemeIcon size={72} radius="lg" color="teal.8">
            <IconCardReader size={44} />
          </ThemeIcon>
          <KioskText>{t('selfService.signOut.intro')}</KioskText>
        </Group>
      </Paper>
      {invitation ? (
        <Alert color="blue" radius="lg" p="lg" data-testid="selfservice-signout-invitation">
          <Stack gap="sm">
            <Text fz={22} c="dark.9">
              {t('selfService.signOut.invitation')}
            </Text>
            <Group>
              <BigButton compact color="teal.8" onClick={onUseInvitation} data-testid="selfservice-use-invitation">
                {t('selfService.signOut.useInvitation')}
              </BigButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Text fz={24} fw={700} c="dark.9" mt="sm">
        {t('selfService.signOut.typeTitle')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Group align="flex-start" gap="md" wrap="wrap">
          <TextInput
            label={t('selfService.signOut.ref')}
            placeholder={t('selfService.signOut.refPlaceholder')}
            value={typed}
            onChange={(e) => {
              setTypedError(false);
              setTyped(e.currentTarget.value);
            }}
            error={typedError ? t('selfService.errors.ref') : undefined}
            autoComplete="off"
            autoCapitalize="characters"
            maxLength={20}
            styles={{ ...kioskInputStyles, input: { ...kioskInputStyles.input, fontFamily: 'monospace', letterSpacing: '0.08em' } }}
            style={{ flex: 1, minWidth: 280 }}
            data-testid="selfservice-signout-ref"
          />
          <BigButton type="submit" color="teal.8" loading={working} mt={34} data-testid="selfservice-signout-submit">
            {t('selfService.signOut.submit')}
          </BigButton>
        </Group>
      </form>
    </StepFrame>
  );
}

/** After signing out: goodbye, and a reminder when the desk still holds the visitor's ID document. */
export function GoodbyeStep({ result, onFinish, onLanguage }: { result: SignOutResult; onFinish(): void; onLanguage(locale: Locale): void }) {
  const { t } = useTranslation();
  return (
    <StepFrame
      title={t('selfService.signOut.goodbye', { name: result.fullName })}
      onLanguage={onLanguage}
      testId="selfservice-goodbye"
      footer={
        <Group justify="flex-end" w="100%">
          <BigButton onClick={onFinish} color="teal.8" data-testid="selfservice-finish">
            {t('selfService.signOut.finish')}
          </BigButton>
        </Group>
      }
    >
      <Group wrap="nowrap" gap="lg">
        <ThemeIcon size={64} radius="xl" color="teal.8">
          <IconCheck size={40} />
        </ThemeIcon>
        <Text fz={26} fw={700} c="dark.9" data-testid="selfservice-goodbye-text">
          {t('selfService.signOut.thanks')}
        </Text>
      </Group>
      {result.collectDocument ? (
        <Alert color="yellow" radius="lg" p="lg" data-testid="selfservice-collect-document">
          <Text fz={24} fw={700} c="dark.9">
            {t('selfService.signOut.collectDocument')}
          </Text>
        </Alert>
      ) : null}
    </StepFrame>
  );
}
