import { Badge, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VisitDocType } from '../../contract.js';
import { HINT_BELOW, type RegisterForm } from './registerForm.js';
import { ScanPanel, type ScanOutcome } from './ScanPanel.js';

/** Who the visitor is: what the readers filled in (and its checks), or what the receptionist typed. */
export function VisitorIdentityFields({ form, scan }: { form: RegisterForm; scan: ScanOutcome | null }) {
  const { t } = useTranslation();
  const { values } = form;
  const fromScan = values.scan !== null && values.scan.number === values.docNumber.trim() && values.scan.type === values.docType;
  return (
    <Stack>
      <ScanPanel outcome={scan} />
      <TextInput size="lg" label={t('visits.register.fullName')} withAsterisk autoComplete="off" data-testid="visit-full-name" {...form.getInputProps('fullName')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          size="md"
          label={t('visits.register.docType')}
          allowDeselect={false}
          data={VisitDocType.options.map((d) => ({ value: d, label: t(`visits.docTypes.${d}`) }))}
          data-testid="visit-doc-type"
          {...form.getInputProps('docType')}
        />
        <TextInput
          size="md"
          label={
            <Group gap={6} component="span">
              {t('visits.register.docNumber')}
              {values.docNumber.trim() ? (
                <Badge size="xs" variant="light" color={fromScan ? 'teal' : 'gray'} data-testid="visit-doc-source" data-source={fromScan ? 'scan' : 'manual'}>
                  {t(`visits.docSources.${fromScan ? 'scan' : 'manual'}`)}
                </Badge>
              ) : null}
            </Group>
          }
          description={t('visits.register.docNumberHint')}
          inputWrapperOrder={HINT_BELOW}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="visit-doc-number"
          {...form.getInputProps('docNumber')}
        />
        <TextInput size="md" label={t('visits.register.phone')} type="tel" autoComplete="off" data-testid="visit-phone" {...form.getInputProps('phone')} />
        <TextInput size="md" label={t('visits.register.company')} autoComplete="off" data-testid="visit-company" {...form.getInputProps('company')} />
      </SimpleGrid>
    </Stack>
  );
}
