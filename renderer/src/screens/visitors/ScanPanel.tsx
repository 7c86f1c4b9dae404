import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconCardReader } from '../../components/icons.js';
import type { IdDocumentView, VisitView } from '../../contract.js';
import { catalogKey } from '../devices/deviceHelpers.js';
import { DocumentChecks } from './DocumentChecks.js';
import type { ScanError } from './useDeskScans.js';

/** The last thing the desk's readers reported to the form. */
export type ScanOutcome =
  | { kind: 'document'; document: IdDocumentView }
  | { kind: 'error'; error: ScanError }
  | { kind: 'expected'; visit: VisitView }
  | { kind: 'notExpected'; visit: VisitView }
  | { kind: 'unknownVisit'; ref: string }
  | { kind: 'otherCode' };

/** What the desk's ID reader or scanner just read, with the document's checks (✓/✗). */
export function ScanPanel({ outcome }: { outcome: ScanOutcome | null }) {
  const { t, i18n } = useTranslation();
  if (outcome === null) {
    return (
      <Alert variant="light" color="blue" icon={<IconCardReader size={22} />} data-testid="scan-panel" data-state="idle">
        {t('visits.scan.idle')}
      </Alert>
    );
  }
  switch (outcome.kind) {
    case 'document': {
      const doc = outcome.document;
      const failed = doc.checks.some((c) => !c.passed);
      return (
        <Alert variant="light" color={failed ? 'orange' : 'teal'} data-testid="scan-panel" data-state="document" data-doc-type={doc.type}>
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>{t('visits.scan.read')}</Text>
              <Badge variant="outline">{t(`devices.docTypes.${doc.type}`)}</Badge>
            </Group>
            {failed ? <Text c="red.8" fw={600}>{t('visits.scan.checksFailed')}</Text> : null}
            <DocumentChecks checks={doc.checks} />
          </Stack>
        </Alert>
      );
    }
    case 'error': {
      const key = `devices.scanErrors.${catalogKey(outcome.error.code)}`;
      const message = i18n.exists(key) ? t(key as 'devices.scanErrors.unrecognized') : t('devices.scanErrors.other', { code: outcome.error.code });
      return (
        <Alert variant="light" color="red" data-testid="scan-panel" data-state="error" data-code={outcome.error.code}>
          <Stack gap="xs">
            <Text fw={600}>{message}</Text>
            <DocumentChecks checks={outcome.error.checks} />
          </Stack>
        </Alert>
      );
    }
    case 'expected':
      return (
        <Alert variant="light" color="teal" data-testid="scan-panel" data-state="expected">
          {t('visits.scan.expected', { ref: outcome.visit.ref, host: outcome.visit.host.label })}
        </Alert>
      );
    case 'notExpected':
      return (
        <Alert variant="light" color="orange" data-testid="scan-panel" data-state="not-expected">
          <Group justify="space-between" wrap="wrap">
            <Text>{t('visits.scan.notExpected', { ref: outcome.visit.ref, status: t(`visits.statuses.${outcome.visit.status}`) })}</Text>
            <Button size="xs" variant="default" component={Link} to={`/visitors/${outcome.visit.id}`} data-testid="scan-open-visit">
              {t('visits.openVisit')}
            </Button>
          </Group>
        </Alert>
      );
    case 'unknownVisit':
      return (
        <Alert variant="light" color="orange" data-testid="scan-panel" data-state="unknown-visit">
          {t('visits.scan.unknownVisit', { ref: outcome.ref })}
        </Alert>
      );
    case 'otherCode':
      return (
        <Alert variant="light" color="gray" data-testid="scan-panel" data-state="other-code">
          {t('visits.scan.otherCode')}
        </Alert>
      );
  }
}
