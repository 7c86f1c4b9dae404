import { Alert, Group, Paper, SimpleGrid, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconCardReader, IconCheck } from '../../components/icons.js';
import { Phone, VisitDocType, idNumberValid, type Locale } from '../../contract.js';
import { BigButton, KioskText, StepFooter, StepFrame, kioskInputStyles } from './parts.js';
import type { StepError, VisitorDraft } from './state.js';

type FieldErrors = Partial<Record<'fullName' | 'phone' | 'docNumber', string>>;

/** What must be right before the visitor moves on; the gateway checks the same rules again. */
export function identityProblems(draft: VisitorDraft): Partial<Record<keyof FieldErrors, StepError['key']>> {
  const out: Partial<Record<keyof FieldErrors, StepError['key']>> = {};
  const name = draft.fullName.trim();
  if (name === '' || name.length > 120) out.fullName = 'fullName';
  if (!Phone.safeParse(draft.phone).success) out.phone = 'phone';
  if (draft.docType !== null && draft.docNumber.trim() !== '' && !draft.scanned && !idNumberValid(draft.docType, draft.docNumber)) out.docNumber = 'docNumber';
  return out;
}

/** Field errors the form shows under their own field; everything else goes into the banner. */
function shownInline(error: StepError, draft: VisitorDraft): boolean {
  if (error.field === 'fullName' || error.field === 'phone' || error.field === 'expectedRef') return true;
  return error.field === 'docNumber' && draft.scanned === null && draft.docType !== null;
}

interface Props {
  draft: VisitorDraft;
  error: StepError | null;
  onChange(patch: Partial<VisitorDraft>): void;
  onNext(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/**
 * Step 1: the kiosk's own scanner or ID reader fills this in (see SelfServiceKiosk), or the visitor types a name;
 * phone, company and an ID document are optional.
 */
export function IdentityStep({ draft, error, onChange, onNext, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<FieldErrors>({});
  const fieldError = (field: keyof FieldErrors) => shown[field] ?? (error?.field === field ? t(`selfService.errors.${error.key}`) : undefined);

  const next = () => {
    const problems = identityProblems(draft);
    const messages: FieldErrors = {};
    for (const [field, key] of Object.entries(problems) as [keyof FieldErrors, StepError['key']][]) messages[field] = t(`selfService.errors.${key}`);
    setShown(messages);
    if (Object.keys(messages).length === 0) onNext();
  };
  const edit = (field: keyof FieldErrors, patch: Partial<VisitorDraft>) => {
    setShown((s) => ({ ...s, [field]: undefined }));
    onChange(patch);
  };

  return (
    <StepFrame
      step="identity"
      title={t('selfService.identity.title')}
      onLanguage={onLanguage}
      error={error && !shownInline(error, draft) ? error : null}
      testId="selfservice-identity"
      footer={
        <StepFooter
          onStartOver={onStartOver}
          next={
            <BigButton onClick={next} color="teal.8" data-testid="selfservice-next">
              {t('selfService.nav.next')} →
            </BigButton>
          }
        />
      }
    >
      <Paper withBorder radius="lg" p="lg" bg="white">
        <Group wrap="nowrap" gap="lg">
          <ThemeIcon size={72} radius="lg" color="teal.8" variant="filled">
            <IconCardReader size={44} />
          </ThemeIcon>
          <Stack gap={2}>
            <Text fz={24} fw={700} c="dark.9">
              {t('selfService.identity.scanTitle')}
            </Text>
            <KioskText>{t('selfService.identity.scanHint')}</KioskText>
          </Stack>
        </Group>
      </Paper>

      {draft.expectedRef ? (
        <Alert color="blue" radius="lg" p="lg" data-testid="selfservice-invitation">
          <Stack gap="sm">
            <Text fz={22} c="dark.9">
              {t('selfService.identity.invitation', { ref: draft.expectedRef })}
            </Text>
            <Group>
              <BigButton compact variant="default" onClick={() => onChange({ expectedRef: null })} data-testid="selfservice-invitation-remove">
                {t('selfService.identity.removeInvitation')}
              </BigButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {error?.field === 'expectedRef' ? (
        <Alert color="red" variant="filled" radius="lg" data-testid="selfservice-invitation-error">
          <Text fz={22} c="white">
            {t('selfService.errors.expectedRef')}
          </Text>
        </Alert>
      ) : null}

      {draft.scanned ? (
        <Alert color="teal" radius="lg" p="lg" icon={<IconCheck size={32} />} data-testid="selfservice-scanned">
          <Stack gap="sm">
            <Text fz={22} c="dark.9" data-testid="selfservice-scanned-text">
              {t('selfService.identity.scanned', { type: t(`selfService.docTypes.${draft.docType ?? 'other'}`), hint: draft.docNumber.slice(-4) })}
            </Text>
            <Group>
              <BigButton
                compact
                variant="default"
                onClick={() => onChange({ scanned: null, docType: null, docNumber: '', fullName: '' })}
                data-testid="selfservice-scan-remove"
              >
                {t('selfService.identity.removeScan')}
              </BigButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}

      <Text fz={24} fw={700} c="dark.9" mt="sm">
        {t('selfService.identity.typeTitle')}
      </Text>
      <TextInput
        label={t('selfService.identity.fullName')}
        placeholder={t('selfService.identity.fullNamePlaceholder')}
        value={draft.fullName}
        onChange={(e) => edit('fullName', { fullName: e.currentTarget.value })}
        error={fieldError('fullName')}
        autoComplete="off"
        maxLength={120}
        styles={kioskInputStyles}
        data-testid="selfservice-name"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <TextInput
          label={t('selfService.identity.phone')}
          value={draft.phone}
          onChange={(e) => edit('phone', { phone: e.currentTarget.value })}
          error={fieldError('phone')}
          inputMode="tel"
          autoComplete="off"
          maxLength={20}
          styles={kioskInputStyles}
          data-testid="selfservice-phone"
        />
        <TextInput
          label={t('selfService.identity.company')}
          value={draft.company}
          onChange={(e) => onChange({ company: e.currentTarget.value })}
          autoComplete="off"
          maxLength={120}
          styles={kioskInputStyles}
          data-testid="selfservice-company"
        />
      </SimpleGrid>

      {draft.scanned ? null : (
        <Stack gap="sm">
          <Text fz={20} c="dark.9">
            {t('selfService.identity.document')}
          </Text>
          <Group gap="sm" role="group" aria-label={t('selfService.identity.document')}>
            {[null, ...VisitDocType.options].map((type) => (
              <BigButton
                key={type ?? 'none'}
                compact
                variant={draft.docType === type ? 'filled' : 'default'}
                color="teal.8"
                aria-pressed={draft.docType === type}
                onClick={() => edit('docNumber', type === null ? { docType: null, docNumber: '' } : { docType: type })}
                data-testid={`selfservice-doctype-${type ?? 'none'}`}
              >
                {type === null ? t('selfService.identity.noDocument') : t(`selfService.docTypes.${type}`)}
              </BigButton>
            ))}
          </Group>
          {draft.docType !== null ? (
            <TextInput
              label={t('selfService.identity.docNumber')}
              value={draft.docNumber}
              onChange={(e) => edit('docNumber', { docNumber: e.currentTarget.value })}
              error={fieldError('docNumber')}
              autoComplete="off"
              maxLength={40}
              styles={kioskInputStyles}
              data-testid="selfservice-doc-number"
            />
          ) : null}
        </Stack>
      )}
    </StepFrame>
  );
}
