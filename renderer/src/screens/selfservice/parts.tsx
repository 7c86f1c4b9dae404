/**
 * The kiosk's building blocks: a frame with the step title, progress and a compact language choice; big touch
 * buttons (at least 64 px); a high-contrast error banner. Sized for 1080×1920 portrait and 1366×768 landscape.
 */
import { Alert, Box, Button, Group, Progress, Stack, Text, Title, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../contract.js';
import { ConnectionLight } from '../../components/ConnectionLight.js';
import { asLocale, locales } from '../../i18n/index.js';
import { CHECK_IN_STEPS, type CheckInStep, type StepError } from './state.js';

/** Touch targets: never below 56 px; the kiosk's main actions are 72 px. */
export const TOUCH = { height: 72, compact: 60, font: 24 } as const;

/** Big inputs: 64 px high, 24 px text. */
export const kioskInputStyles = { input: { height: 64, fontSize: 24 }, label: { fontSize: 20, marginBottom: 6 }, error: { fontSize: 18 } } as const;

type BigButtonProps = ButtonProps & {
  onClick?(): void;
  type?: 'button' | 'submit';
  'data-testid': string;
  compact?: boolean;
};

export function BigButton({ compact, children, ...rest }: BigButtonProps) {
  return (
    <Button h={compact ? TOUCH.compact : TOUCH.height} mih={compact ? TOUCH.compact : TOUCH.height} fz={compact ? 20 : TOUCH.font} radius="lg" px="xl" type="button" {...rest}>
      {children}
    </Button>
  );
}

/** VI / 中 / EN at the top of every step: changes the kiosk's language for this visitor only (not remembered). */
export function KioskLanguageButtons({ onChoose }: { onChoose(locale: Locale): void }) {
  const { t, i18n } = useTranslation();
  const current = asLocale(i18n.language);
  return (
    <Group gap="xs" role="group" aria-label={t('lang.label')} wrap="nowrap">
      {locales.map((locale) => (
        <Button
          key={locale}
          h={TOUCH.compact}
          miw={TOUCH.compact}
          fz={20}
          radius="md"
          variant={locale === current ? 'filled' : 'default'}
          aria-pressed={locale === current}
          aria-label={t(`lang.${locale}`)}
          lang={locale}
          data-testid={`selfservice-switch-${locale}`}
          onClick={() => onChoose(locale)}
        >
          {t(`lang.short_${locale}`)}
        </Button>
      ))}
    </Group>
  );
}

export function ErrorBanner({ error }: { error: StepError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="filled" radius="lg" p="lg" role="alert" data-testid="selfservice-error" data-error={error.key}>
      <Text fz={22} fw={600} c="white">
        {t(`selfService.errors.${error.key}`)}
      </Text>
    </Alert>
  );
}

interface StepFrameProps {
  /** Check-in steps show "step n of 5"; sign-out and the receipt do not. */
  step?: CheckInStep;
  title: string;
  onLanguage(locale: Locale): void;
  error?: StepError | null;
  /** Back / start over / next. */
  footer?: ReactNode;
  children: ReactNode;
  testId: string;
}

/** One screen of the kiosk: header, scrolling content, footer with the navigation buttons. */
export function StepFrame({ step, title, onLanguage, error = null, footer, children, testId }: StepFrameProps) {
  const { t } = useTranslation();
  const index = step ? CHECK_IN_STEPS.indexOf(step) : -1;
  return (
    <Box h="100dvh" bg="gray.0" style={{ display: 'flex', flexDirection: 'column' }} data-testid={testId}>
      <Box bg="white" px="xl" py="md" style={{ borderBottom: '2px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap" gap="md">
          <Stack gap={4} style={{ minWidth: 0 }}>
            {index >= 0 ? (
              <Text fz={18} fw={600} c="teal.9" data-testid="selfservice-progress">
                {t('selfService.progress', { n: String(index + 1), total: String(CHECK_IN_STEPS.length) })} · {t(`selfService.steps.${CHECK_IN_STEPS[index] ?? 'identity'}`)}
              </Text>
            ) : null}
            <Title order={1} fz={{ base: 30, md: 38 }} c="dark.9" lh={1.2} data-testid="selfservice-title">
              {title}
            </Title>
          </Stack>
          <Group gap="md" wrap="nowrap">
            <KioskLanguageButtons onChoose={onLanguage} />
            <ConnectionLight />
          </Group>
        </Group>
        {index >= 0 ? <Progress value={((index + 1) / CHECK_IN_STEPS.length) * 100} size="md" mt="sm" color="teal.8" aria-hidden /> : null}
      </Box>
      {/* Only the content scrolls: the header and the footer's buttons stay on screen at 1366×768 too. */}
      <Box style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} px="xl" py="lg">
        <Stack maw={1000} mx="auto" gap="lg">
          <ErrorBanner error={error} />
          {children}
        </Stack>
      </Box>
      {footer ? (
        <Box bg="white" px="xl" py="md" style={{ borderTop: '2px solid var(--mantine-color-gray-3)' }}>
          <Group maw={1000} mx="auto" justify="space-between" gap="md">
            {footer}
          </Group>
        </Box>
      ) : null}
    </Box>
  );
}

/** The usual footer: back and start over on the left, the next step on the right. */
export function StepFooter({ onBack, onStartOver, next }: { onBack?(): void; onStartOver(): void; next?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Group gap="md">
        {onBack ? (
          <BigButton variant="default" compact onClick={onBack} data-testid="selfservice-back">
            ← {t('selfService.nav.back')}
          </BigButton>
        ) : null}
        <BigButton variant="subtle" color="red.9" compact onClick={onStartOver} data-testid="selfservice-start-over">
          {t('selfService.nav.startOver')}
        </BigButton>
      </Group>
      {next}
    </>
  );
}

/** Large, readable body text for visitors. */
export function KioskText({ children, testId, dimmed }: { children: ReactNode; testId?: string; dimmed?: boolean }) {
  return (
    <Text fz={22} lh={1.45} c={dimmed ? 'gray.8' : 'dark.9'} data-testid={testId}>
      {children}
    </Text>
  );
}
