import { Input, SegmentedControl, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { VisitPurpose } from '../../contract.js';
import { HostField } from './HostField.js';
import { HINT_BELOW, type RegisterForm } from './registerForm.js';

/** Why and whom the visitor visits, where they may go, until when, and whether the desk keeps their document. */
export function VisitDetailsFields({ form }: { form: RegisterForm }) {
  const { t } = useTranslation();
  const { values } = form;
  return (
    <Stack>
      <Input.Wrapper label={t('visits.register.purpose')} withAsterisk error={form.errors.purpose}>
        <SegmentedControl
          mt={4}
          fullWidth
          size="md"
          data={VisitPurpose.options.map((p) => ({ value: p, label: t(`visits.purposes.${p}`) }))}
          data-testid="visit-purpose"
          {...form.getInputProps('purpose')}
        />
      </Input.Wrapper>
      <HostField
        kind={values.hostKind}
        id={values.hostId}
        currentLabel={values.hostLabel}
        error={form.errors.hostId as string | undefined}
        onChange={(kind, id) => {
          form.setValues({ hostKind: kind, hostId: id, hostLabel: null });
          form.clearFieldError('hostId');
        }}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TagsInput
          size="md"
          label={t('visits.register.floors')}
          description={t('visits.register.floorsHint')}
          inputWrapperOrder={HINT_BELOW}
          placeholder={values.floors.length === 0 ? t('visits.register.floorsPlaceholder') : undefined}
          clearable
          data-testid="visit-floors"
          {...form.getInputProps('floors')}
        />
        <TextInput
          size="md"
          type="datetime-local"
          label={t('visits.register.expectedEnd')}
          description={t('visits.register.expectedEndHint')}
          inputWrapperOrder={HINT_BELOW}
          data-testid="visit-expected-end"
          {...form.getInputProps('expectedEnd')}
        />
        <TextInput
          size="md"
          label={t('visits.register.custodySlot')}
          description={t('visits.register.custodySlotHint')}
          inputWrapperOrder={HINT_BELOW}
          autoComplete="off"
          data-testid="visit-custody-slot"
          {...form.getInputProps('custodySlot')}
        />
        <Textarea size="md" label={t('visits.register.note')} autosize minRows={1} data-testid="visit-note" {...form.getInputProps('note')} />
      </SimpleGrid>
    </Stack>
  );
}
