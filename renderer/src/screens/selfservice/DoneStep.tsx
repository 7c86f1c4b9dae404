import { Alert, Group, Image, Paper, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCard, IconCheck } from '../../components/icons.js';
import type { Locale } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { BigButton, KioskText, StepFrame } from './parts.js';
import { svgDataUrl, type Receipt } from './state.js';

/**
 * The receipt: the QR badge (the gateway's SVG, shown only as an <img> from a data URL, never as markup), whom the
 * visitor sees, until when, and the card if this kiosk encoded one. A visit the desk must look at shows a neutral
 * "please see the reception desk", with nothing about why.
 */
export function DoneStep({ receipt, onFinish, onLanguage }: { receipt: Receipt; onFinish(): void; onLanguage(locale: Locale): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const footer = (
    <Group justify="flex-end" w="100%">
      <BigButton onClick={onFinish} color="teal.8" data-testid="selfservice-finish">
        {t('selfService.done.finish')}
      </BigButton>
    </Group>
  );

  if (receipt.status === 'see_desk') {
    return (
      <StepFrame title={t('selfService.title')} onLanguage={onLanguage} testId="selfservice-done" footer={footer}>
        <Paper withBorder radius="lg" p="xl" bg="white" data-testid="selfservice-see-desk" data-status={receipt.status}>
          <KioskText>{t('selfService.done.seeDesk')}</KioskText>
        </Paper>
      </StepFrame>
    );
  }

  const headline = receipt.status === 'waiting' ? t('selfService.done.waiting', { name: receipt.fullName }) : t('selfService.done.checkedIn', { name: receipt.fullName });
  return (
    <StepFrame title={t('selfService.done.title')} onLanguage={onLanguage} testId="selfservice-done" footer={footer}>
      <Group wrap="nowrap" gap="lg" data-testid="selfservice-done-status" data-status={receipt.status}>
        <ThemeIcon size={64} radius="xl" color="teal.8">
          <IconCheck size={40} />
        </ThemeIcon>
        <Text fz={26} fw={700} c="dark.9" data-testid="selfservice-done-headline">
          {headline}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        <Paper withBorder radius="lg" p="lg" bg="white">
          <Stack align="center" gap="sm">
            {receipt.qrSvg ? <Image src={svgDataUrl(receipt.qrSvg)} alt={t('selfService.done.qrAlt')} w={280} h={280} fit="contain" data-testid="selfservice-qr" /> : null}
            <Text fz={18} c="dark.6" ta="center">
              {t('selfService.done.badgeHint')}
            </Text>
          </Stack>
        </Paper>
        <Stack gap="md">
          <Detail label={t('selfService.done.ref')} value={receipt.ref} testId="selfservice-done-ref" mono />
          <Detail label={t('selfService.done.host')} value={receipt.hostLabel} testId="selfservice-done-host" />
          <Detail label={t('selfService.done.validUntil')} value={fmt.dateTime(receipt.validUntil)} testId="selfservice-done-valid-until" />
          {receipt.card ? (
            <Alert color="teal" radius="lg" icon={<IconCard size={32} />} data-testid="selfservice-card">
              <Stack gap={4}>
                <Text fz={18} c="dark.7">
                  {t('selfService.done.cardUid')}
                </Text>
                <Text fz={28} fw={700} ff="monospace" c="dark.9" data-testid="selfservice-card-uid">
                  {receipt.card.uid}
                </Text>
                <KioskText>{t('selfService.done.takeCard')}</KioskText>
              </Stack>
            </Alert>
          ) : null}
          {receipt.cardError ? (
            <Alert color="yellow" radius="lg" data-testid="selfservice-card-error" data-code={receipt.cardError}>
              <KioskText>{t('selfService.done.cardError')}</KioskText>
            </Alert>
          ) : null}
        </Stack>
      </SimpleGrid>
    </StepFrame>
  );
}

function Detail({ label, value, testId, mono }: { label: string; value: string; testId: string; mono?: boolean }) {
  return (
    <Stack gap={0}>
      <Text fz={18} c="dark.6">
        {label}
      </Text>
      <Text fz={28} fw={700} c="dark.9" ff={mono ? 'monospace' : undefined} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
