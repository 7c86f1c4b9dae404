import { Badge, Button, Code, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPulse } from '../../components/icons.js';
import type { IdDocumentView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { catalogKey, type ActivityEntry, type ActivityEvent } from './deviceHelpers.js';

type Check = IdDocumentView['checks'][number];

const typeKey = {
  'card.presented': 'cardPresented',
  'card.removed': 'cardRemoved',
  'id.scanned': 'idScanned',
  'code.scanned': 'codeScanned',
} as const satisfies Record<ActivityEvent['type'], string>;

const typeColor: Record<ActivityEvent['type'], string> = {
  'card.presented': 'teal',
  'card.removed': 'gray',
  'id.scanned': 'indigo',
  'code.scanned': 'cyan',
};

/** The latest cards, documents and codes the devices reported, newest first. */
export function ActivityPanel({ entries, deviceName, onClear }: { entries: ActivityEntry[]; deviceName(id: string): string; onClear(): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Paper withBorder p="md" radius="md" data-testid="device-activity">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <ThemeIcon variant="light" size="md">
            <IconPulse size={18} />
          </ThemeIcon>
          <Title order={4}>{t('devices.activity')}</Title>
        </Group>
        <Button size="xs" variant="subtle" color="gray" disabled={entries.length === 0} onClick={onClear} data-testid="activity-clear">
          {t('devices.activityClear')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('devices.activityHint')}
      </Text>
      {entries.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl" size="sm" data-testid="activity-empty">
          {t('devices.activityEmpty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah="calc(100dvh - 240px)" mih={200} type="auto" scrollbars="y" offsetScrollbars="y">
          <Stack gap="xs">
            {entries.map(({ seq, event }) => (
              <Paper key={seq} withBorder radius="sm" p="sm" data-testid="activity-entry" data-type={event.type} data-device-id={event.data.deviceId}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Badge color={typeColor[event.type]} variant="light" size="sm" miw="max-content">
                    {t(`devices.events.${typeKey[event.type]}`)}
                  </Badge>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="activity-time">
                    {fmt.time(event.at)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed" truncate="end" mt={2} mb={6} data-testid="activity-device">
                  {deviceName(event.data.deviceId)}
                </Text>
                <EntryBody event={event} />
              </Paper>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}

function EntryBody({ event }: { event: ActivityEvent }) {
  const { t } = useTranslation();
  switch (event.type) {
    case 'card.presented':
    case 'card.removed':
      return (
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('devices.uid')}
          </Text>
          <Code fz="md" fw={600} c={event.type === 'card.removed' ? 'dimmed' : undefined} data-testid="activity-uid">
            {event.data.uid}
          </Code>
          {event.type === 'card.presented' ? (
            <Text size="xs" c="dimmed">
              {event.data.technology}
            </Text>
          ) : null}
        </Group>
      );
    case 'code.scanned':
      return (
        <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="activity-code">
          {event.data.text}
        </Code>
      );
    case 'id.scanned':
      return event.data.document ? <DocumentBody document={event.data.document} /> : <ScanError error={event.data.error} />;
  }
}

function DocumentBody({ document: doc }: { document: IdDocumentView }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const expiry = doc.expiry ? fmt.day(doc.expiry) : doc.extra.validTo ? t('devices.document.longTerm') : null;
  const nationality = doc.nationality ?? doc.issuingState ?? null;
  return (
    <Stack gap={6} data-testid="activity-document" data-doc-type={doc.type}>
      <Group gap="xs" wrap="wrap" align="baseline">
        <Text fw={650} size="lg" lh={1.2} data-testid="activity-name">
          {doc.fullName}
        </Text>
        <Badge variant="outline" color="indigo" size="sm">
          {t(`devices.docTypes.${doc.type}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
        <Field label={t('devices.document.number')} testId="activity-number">
          <Text size="sm" ff="monospace">
            {doc.number}
          </Text>
        </Field>
        <Field label={t('devices.document.birthDate')} testId="activity-birth-date">
          {doc.birthDate ? fmt.day(doc.birthDate) : t('common.none')}
        </Field>
        <Field label={t('devices.document.sex')} testId="activity-sex">
          {t(`devices.sexes.${doc.sex}`)}
        </Field>
        <Field label={t('devices.document.nationality')} testId="activity-nationality">
          {nationality ?? t('common.none')}
        </Field>
        {expiry ? (
          <Field label={t('devices.document.expiry')} testId="activity-expiry">
            {expiry}
          </Field>
        ) : null}
      </SimpleGrid>
      <Checks checks={doc.checks} />
    </Stack>
  );
}

function Field({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" lh={1.3}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

function ScanError({ error }: { error: { code: string; detail: string; checks: Check[] } | null }) {
  const { t, i18n } = useTranslation();
  const code = error?.code ?? 'unrecognized';
  const key = `devices.scanErrors.${catalogKey(code)}`;
  const message = i18n.exists(key) ? t(key as 'devices.scanErrors.unrecognized') : t('devices.scanErrors.other', { code });
  return (
    <Stack gap={6} data-testid="activity-scan-error" data-code={code}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Text c="red" fw={700} lh={1.4} aria-hidden>
          ✗
        </Text>
        <Text size="sm" c="red.8" fw={500} flex={1} miw={0} data-testid="activity-error-message">
          {message}
        </Text>
      </Group>
      {error && error.checks.length > 0 ? <Checks checks={error.checks} /> : null}
      {error?.detail ? (
        <Text size="xs" c="dimmed" data-testid="activity-error-detail">
          {error.detail}
        </Text>
      ) : null}
    </Stack>
  );
}

function Checks({ checks }: { checks: Check[] }) {
  const { t, i18n } = useTranslation();
  if (checks.length === 0) return null;
  const name = (n: string) => {
    const key = `devices.checkNames.${catalogKey(n)}`;
    return i18n.exists(key) ? t(key as 'devices.checkNames.gb11643') : n;
  };
  return (
    <div>
      <Text size="xs" c="dimmed" lh={1.3} mb={2}>
        {t('devices.checks')}
      </Text>
      <Stack gap={2}>
        {checks.map((c, i) => (
          <Group key={`${c.name}-${i}`} gap={6} wrap="nowrap" align="flex-start" data-testid="activity-check" data-check={c.name} data-passed={String(c.passed)}>
            <Text
              size="sm"
              fw={700}
              c={c.passed ? 'green.7' : 'red.7'}
              lh={1.4}
              w={14}
              aria-label={c.passed ? t('devices.checkPassed') : t('devices.checkFailed')}
              role="img"
            >
              {c.passed ? '✓' : '✗'}
            </Text>
            <Text size="sm" lh={1.4} flex={1} miw={0} c={c.passed ? undefined : 'red.8'} data-testid="activity-check-name">
              {name(c.name)}
            </Text>
          </Group>
        ))}
      </Stack>
    </div>
  );
}
