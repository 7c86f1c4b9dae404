import { Alert, Anchor, Button, Center, CopyButton, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/useApiQuery.js';
import { QueryState } from '../../components/QueryState.js';
import { NotFoundScreen } from '../../components/StatusScreens.js';
import { IconCheck, IconCopy, IconDownload, IconPrinter } from '../../components/icons.js';
import { useFormatters } from '../../i18n/format.js';
import { QrImage } from './QrImage.js';
import { floorsText, svgDataUrl } from './visitText.js';

/** When printing, only the invitation is on paper (no menu, header or buttons). */
const PRINT_CSS = `@media print {
  .mantine-AppShell-header, .mantine-AppShell-navbar, .fg-no-print { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; }
}`;

/** A printable, sendable invitation for an expected visitor, in the UI's language: QR code, reference, host, window. */
export function InvitationScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const visit = useApiQuery('getVisit', valid ? { params: { id } } : null);
  const badge = useApiQuery('visitBadge', valid ? { params: { id } } : null);

  if (!valid) return <NotFoundScreen />;
  if (visit.error) return <QueryState query={visit} empty={false} />;
  if (badge.error) return <QueryState query={badge} empty={false} />;
  if (!visit.data || !badge.data) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  const v = visit.data;
  const b = badge.data;
  const timeWindow = `${fmt.dateTime(v.expectedStart)} – ${fmt.dateTime(v.expectedEnd)}`;

  return (
    <Stack maw={720} mx="auto" gap="md">
      <style>{PRINT_CSS}</style>
      <Group justify="space-between" className="fg-no-print">
        <Anchor component={Link} to="/visits/expected" data-testid="invitation-back">
          {t('visitAdmin.invitation.back')}
        </Anchor>
        <Group gap="xs">
          <CopyButton value={b.ref}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                color={copied ? 'teal' : undefined}
                onClick={copy}
                data-testid="invitation-copy"
                data-copied={copied}
              >
                {copied ? t('visitAdmin.invitation.copied') : t('visitAdmin.invitation.copy')}
              </Button>
            )}
          </CopyButton>
          <Button
            component="a"
            href={svgDataUrl(b.qrSvg)}
            download={`${b.ref}.svg`}
            variant="default"
            leftSection={<IconDownload size={18} />}
            data-testid="invitation-download"
          >
            {t('visitAdmin.invitation.download')}
          </Button>
          <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()} data-testid="invitation-print">
            {t('visitAdmin.invitation.print')}
          </Button>
        </Group>
      </Group>
      {v.status !== 'expected' ? (
        <Alert color="yellow" className="fg-no-print" data-testid="invitation-not-expected">
          {t('visitAdmin.invitation.notExpected', { status: t(`visits.statuses.${v.status}`) })}
        </Alert>
      ) : null}
      <Paper withBorder p="xl" radius="md" data-testid="invitation" data-ref={b.ref}>
        <Stack gap="lg">
          <Title order={2} data-testid="invitation-heading">
            {t('visitAdmin.invitation.heading', { site: b.siteName })}
          </Title>
          <Text size="lg" data-testid="invitation-greeting">
            {t('visitAdmin.invitation.greeting', { name: b.fullName, site: b.siteName })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
            <Center>
              <QrImage svg={b.qrSvg} alt={t('visitAdmin.invitation.qrAlt', { ref: b.ref })} size={240} />
            </Center>
            <Stack gap="sm">
              <Field label={t('visitAdmin.invitation.ref')}>
                <Text ff="monospace" fz={28} fw={700} lts={2} data-testid="invitation-ref">
                  {b.ref}
                </Text>
              </Field>
              <Field label={t('visitAdmin.invitation.host')}>
                <Text fw={600} data-testid="invitation-host">
                  {b.hostLabel}
                </Text>
              </Field>
              <Field label={t('visitAdmin.invitation.window')}>
                <Text data-testid="invitation-window">{timeWindow}</Text>
              </Field>
              {b.destinationFloors.length > 0 ? (
                <Field label={t('visitAdmin.invitation.floors')}>
                  <Text data-testid="invitation-floors">{floorsText(b.destinationFloors)}</Text>
                </Field>
              ) : null}
              <Field label={t('visitAdmin.invitation.purpose')}>
                <Text>{t(`visits.purposes.${b.purpose}`)}</Text>
              </Field>
            </Stack>
          </SimpleGrid>
          <Text c="dimmed" data-testid="invitation-instructions">
            {t('visitAdmin.invitation.instructions')}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </div>
  );
}
