import { Badge, Button, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { VisitView } from '../../contract.js';
import { useFormatters } from '../../i18n/format.js';
import { DocumentChecks } from './DocumentChecks.js';
import { Duration } from './Duration.js';
import { useNow } from './useVisitLive.js';
import { useVisitErrors } from './useVisitErrors.js';
import { isImageDataUrl } from './visitHelpers.js';

/**
 * What the desk knows about a visit: who, for whom, where, since and until when, the document (its last characters
 * and checks). The visitor's phone only when the gateway sends it (people.contact); never the host's contact data.
 */
export function VisitSummary({ visit }: { visit: VisitView }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const now = useNow();
  const floors = visit.destinationFloors.length > 0 ? visit.destinationFloors.join(', ') : t('common.none');
  return (
    <Paper withBorder p="lg" radius="md" data-testid="visit-summary">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md">
          <Field label={t('visits.fields.host')} testId="visit-host-label" big>
            {visit.host.label}
          </Field>
          <Field label={t('visits.fields.floors')} testId="visit-floors-view" big>
            {floors}
          </Field>
          <Field label={t('visits.fields.purpose')} testId="visit-purpose-view">
            {t(`visits.purposes.${visit.purpose}`)}
          </Field>
          <Field label={t('visits.fields.ref')} testId="visit-ref">
            <Text ff="monospace" fw={600}>
              {visit.ref}
            </Text>
          </Field>
          {visit.company ? (
            <Field label={t('visits.fields.company')} testId="visit-company-view">
              {visit.company}
            </Field>
          ) : null}
          {visit.phone ? (
            <Field label={t('visits.fields.phone')} testId="visit-phone-view">
              {visit.phone}
            </Field>
          ) : null}
          <Field label={t('visits.fields.checkedIn')} testId="visit-checked-in">
            {visit.checkedInAt ? (
              <>
                {fmt.dateTime(visit.checkedInAt)}
                {visit.checkedOutAt === null ? (
                  <Text span c="dimmed" size="sm">
                    {' · '}
                    <Duration from={visit.checkedInAt} now={now} c="dimmed" />
                  </Text>
                ) : null}
              </>
            ) : (
              t('common.none')
            )}
          </Field>
          <Field label={t('visits.fields.expectedEnd')} testId="visit-expected-end-view">
            <Group gap="xs">
              <Text span c={visit.overstay ? 'red.8' : undefined} fw={visit.overstay ? 700 : undefined}>
                {fmt.dateTime(visit.expectedEnd)}
              </Text>
              {visit.overstay ? (
                <Badge color="red" data-testid="visit-overstay">
                  {t('visits.overstay')}
                </Badge>
              ) : null}
            </Group>
          </Field>
          {visit.hostContactedAt ? (
            <Field label={t('visits.fields.hostContacted')} testId="visit-host-contacted-at">
              {fmt.dateTime(visit.hostContactedAt)}
            </Field>
          ) : null}
          {visit.admittedAt ? (
            <Field label={t('visits.fields.admitted')} testId="visit-admitted-at">
              {fmt.dateTime(visit.admittedAt)}
            </Field>
          ) : null}
          {visit.checkedOutAt ? (
            <Field label={t('visits.fields.checkedOut')} testId="visit-checked-out-at">
              {fmt.dateTime(visit.checkedOutAt)}
            </Field>
          ) : null}
          <Field label={t('visits.fields.channel')} testId="visit-channel">
            {t(`visits.channels.${visit.channel}`)}
          </Field>
        </SimpleGrid>
        <DocumentSection visit={visit} />
        {visit.override ? (
          <Text size="sm" c="dimmed" data-testid="visit-override">
            {t('visits.fields.override', { reason: visit.override.reason, time: fmt.dateTime(visit.override.at) })}
          </Text>
        ) : null}
        {visit.hasPhoto ? <PhotoOnDemand visitId={visit.id} /> : null}
      </Stack>
    </Paper>
  );
}

function DocumentSection({ visit }: { visit: VisitView }) {
  const { t } = useTranslation();
  if (visit.docType === null) {
    return (
      <Field label={t('visits.fields.document')} testId="visit-document">
        <Text c="dimmed">{t('visits.fields.noDocument')}</Text>
      </Field>
    );
  }
  return (
    <Field label={t('visits.fields.document')} testId="visit-document">
      <Stack gap="xs">
        <Group gap="xs">
          <Text>{t(`visits.docTypes.${visit.docType}`)}</Text>
          {visit.docNumberHint ? (
            <Text ff="monospace" fw={600} data-testid="visit-doc-hint">
              {t('visits.fields.docHint', { hint: visit.docNumberHint })}
            </Text>
          ) : null}
          {visit.docSource ? (
            <Badge size="sm" variant="light" color={visit.docSource === 'scan' ? 'teal' : 'gray'}>
              {t(`visits.docSources.${visit.docSource}`)}
            </Badge>
          ) : null}
        </Group>
        <DocumentChecks checks={visit.docChecks} />
      </Stack>
    </Field>
  );
}

/** The photo is personal data: it is opened on request, and the gateway audits the read. */
function PhotoOnDemand({ visitId }: { visitId: number }) {
  const { t } = useTranslation();
  const errors = useVisitErrors();
  const [photo, setPhoto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    setBusy(true);
    try {
      const result = await api('getVisitPhoto', { params: { id: visitId } });
      setPhoto(isImageDataUrl(result.photo) ? result.photo : null);
    } catch (err) {
      setError(errors.message(err));
    } finally {
      setBusy(false);
    }
  };
  if (photo) return <Image src={photo} alt={t('visits.photo.alt')} maw={240} radius="md" data-testid="visit-photo-view" />;
  return (
    <Group>
      <Button variant="default" loading={busy} onClick={() => void show()} data-testid="visit-photo-show">
        {t('visits.photo.show')}
      </Button>
      {error ? <Text c="red" size="sm">{error}</Text> : null}
    </Group>
  );
}

function Field({ label, testId, big, children }: { label: string; testId: string; big?: boolean; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" lh={1.3}>
        {label}
      </Text>
      <Text fz={big ? 'xl' : 'md'} fw={big ? 650 : undefined} component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}
