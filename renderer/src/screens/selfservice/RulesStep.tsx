import { Group, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../contract.js';
import { BigButton, KioskText, StepFooter, StepFrame } from './parts.js';
import { SignaturePad } from './SignaturePad.js';
import type { StepError } from './state.js';

/** The building rules in the visitor's language (GET /api/kiosk/info), loaded by the kiosk. */
export type RulesState = { state: 'loading' } | { state: 'ready'; text: string } | { state: 'failed'; error: StepError };

interface Props {
  rules: RulesState;
  signature: string | null;
  error: StepError | null;
  onRetry(): void;
  onSign(signature: string | null): void;
  onAccept(): void;
  onBack(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/** Step 4: read the building rules (nội quy / 大楼规定) and accept them with a signature. */
export function RulesStep({ rules, signature, error, onRetry, onSign, onAccept, onBack, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  const ready = rules.state === 'ready';
  return (
    <StepFrame
      step="rules"
      title={t('selfService.rules.title')}
      onLanguage={onLanguage}
      error={rules.state === 'failed' ? rules.error : error}
      testId="selfservice-rules"
      footer={
        <StepFooter
          onBack={onBack}
          onStartOver={onStartOver}
          next={
            <BigButton onClick={onAccept} color="teal.8" disabled={!ready || signature === null} data-testid="selfservice-accept">
              {t('selfService.rules.accept')}
            </BigButton>
          }
        />
      }
    >
      <KioskText>{t('selfService.rules.intro')}</KioskText>
      <Paper withBorder radius="lg" p="lg" bg="white">
        {rules.state === 'loading' ? (
          <Group>
            <Loader size="md" />
            <KioskText dimmed>{t('selfService.rules.loading')}</KioskText>
          </Group>
        ) : null}
        {rules.state === 'failed' ? (
          <Stack align="flex-start">
            <KioskText>{t('selfService.rules.loadFailed')}</KioskText>
            <BigButton compact variant="default" onClick={onRetry} data-testid="selfservice-rules-retry">
              {t('selfService.rules.retry')}
            </BigButton>
          </Stack>
        ) : null}
        {rules.state === 'ready' ? (
          <ScrollArea.Autosize mah="34vh" type="always" offsetScrollbars>
            <Text fz={22} lh={1.55} c="dark.9" style={{ whiteSpace: 'pre-wrap' }} data-testid="selfservice-rules-text">
              {rules.text}
            </Text>
          </ScrollArea.Autosize>
        ) : null}
      </Paper>
      <SignaturePad value={signature} onChange={onSign} />
      {signature === null ? (
        <Text fz={20} c="red.9" fw={600} data-testid="selfservice-signature-needed">
          {t('selfService.signature.empty')}
        </Text>
      ) : null}
    </StepFrame>
  );
}
