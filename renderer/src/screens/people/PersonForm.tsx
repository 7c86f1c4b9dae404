import { ActionIcon, Badge, Button, Group, Input, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { FormFooter } from '../../components/FormFooter.js';
import { CompanyPicker, UnitPicker } from '../../components/EntityPickers.js';
import { IconPlus, IconTrash } from '../../components/icons.js';
import { PersonInput, PersonKind, UnitRelation, type PersonView } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';

interface UnitLink {
  unitId: number | null;
  relation: UnitRelation;
  label: string | null;
}

interface Values {
  kind: PersonKind;
  fullName: string;
  phone: string;
  email: string;
  companyId: number | null;
  department: string;
  units: UnitLink[];
  note: string;
}

function initialValues(person: PersonView | null): Values {
  return {
    kind: person?.kind ?? 'resident',
    fullName: person?.fullName ?? '',
    phone: person?.phone ?? '',
    email: person?.email ?? '',
    companyId: person?.companyId ?? null,
    department: person?.department ?? '',
    units: person?.units.map((u) => ({ unitId: u.unitId, relation: u.relation, label: u.unitCode })) ?? [],
    note: person?.note ?? '',
  };
}

/**
 * Maps form values to the contract's PersonInput. Without people.contact the phone and email are not
 * part of the form at all and are left out of the request.
 */
function makeToInput(withContact: boolean) {
  return (v: Values) => ({
    kind: v.kind,
    fullName: v.fullName,
    phone: withContact ? v.phone : undefined,
    email: withContact ? v.email : undefined,
    companyId: v.companyId,
    department: v.department,
    units: v.units.map((u) => ({ unitId: u.unitId ?? undefined, relation: u.relation })),
    note: v.note,
  });
}

interface Props {
  person: PersonView | null;
  canWrite: boolean;
  canContact: boolean;
  onDone(): void;
}

export function PersonForm({ person, canWrite, canContact, onDone }: Props) {
  const { t } = useTranslation();
  const [toInput] = useState(() => makeToInput(canContact));
  const validate = useContractValidate<Values>(PersonInput, toInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: initialValues(person), validate });
  const { error, busy, run } = useFormAction(form);

  const submit = form.onSubmit((values) =>
    run(
      async () => {
          const parsed = PersonInput.parse(toInput(values));
          // Without people.contact the user never saw phone/email: send neither, rather than nulls.
          const body = canContact ? parsed : { ...parsed, phone: undefined, email: undefined };
          if (person) await api('updatePerson', { params: { id: person.id }, body });
          else await api('createPerson', { body });
      },
      person ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );

  const remove = async () => person && run(() => api('deletePerson', { params: { id: person.id } }), t('common.deleted'), onDone);

  const company = person?.companyName ?? null;

  return (
    <form onSubmit={submit} noValidate data-testid="person-form">
      <Stack>
        <FormError error={error} />
        <TextInput label={t('people.fullName')} withAsterisk disabled={!canWrite} data-testid="person-name" {...form.getInputProps('fullName')} />
        <SimpleGrid cols={2}>
          <Select
            label={t('people.kind')}
            withAsterisk
            disabled={!canWrite}
            data={PersonKind.options.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))}
            data-testid="person-kind"
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('people.department')} disabled={!canWrite} {...form.getInputProps('department')} />
        </SimpleGrid>
        {canContact ? (
          <SimpleGrid cols={2}>
            <TextInput label={t('people.phone')} type="tel" disabled={!canWrite} data-testid="person-phone" {...form.getInputProps('phone')} />
            <TextInput label={t('people.email')} type="email" disabled={!canWrite} data-testid="person-email" {...form.getInputProps('email')} />
          </SimpleGrid>
        ) : (
          <Input.Wrapper label={t('people.contact')}>
            <Group gap="sm" mt={4}>
              <Badge color="gray" variant="light" data-testid="contact-hidden">
                {t('people.contactHidden')}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('people.contactHiddenHint')}
              </Text>
            </Group>
          </Input.Wrapper>
        )}
        <CompanyPicker
          label={t('people.company')}
          disabled={!canWrite}
          currentLabel={company}
          data-testid="person-company"
          value={form.values.companyId}
          onChange={(v) => form.setFieldValue('companyId', v)}
          error={form.errors.companyId}
        />
        <Input.Wrapper label={t('people.units')} error={form.errors.units}>
          <Stack gap="xs" mt={4} data-testid="person-units">
            {form.values.units.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('people.noUnits')}
              </Text>
            ) : null}
            {form.values.units.map((link, index) => (
              <Group key={index} wrap="nowrap" align="flex-start" gap="xs">
                <UnitPicker
                  flex={1}
                  aria-label={t('people.unit')}
                  placeholder={t('people.unit')}
                  disabled={!canWrite}
                  currentLabel={link.label}
                  data-testid={`person-unit-${index}`}
                  value={link.unitId}
                  onChange={(v) => form.setFieldValue(`units.${index}.unitId`, v)}
                  error={form.errors[`units.${index}.unitId`]}
                />
                <Select
                  w={190}
                  aria-label={t('people.relation')}
                  disabled={!canWrite}
                  data={UnitRelation.options.map((r) => ({ value: r, label: t(`people.relations.${r}`) }))}
                  data-testid={`person-relation-${index}`}
                  {...form.getInputProps(`units.${index}.relation`)}
                />
                {canWrite ? (
                  <Tooltip label={t('people.removeUnit')}>
                    <ActionIcon color="red" aria-label={t('people.removeUnit')} onClick={() => form.removeListItem('units', index)}>
                      <IconTrash size={20} />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
              </Group>
            ))}
            {canWrite ? (
              <Button
                variant="light"
                leftSection={<IconPlus size={18} />}
                w="fit-content"
                onClick={() => form.insertListItem('units', { unitId: null, relation: 'resident', label: null } satisfies UnitLink)}
                data-testid="person-add-unit"
              >
                {t('people.addUnit')}
              </Button>
            ) : null}
          </Stack>
        </Input.Wrapper>
        <Textarea label={t('people.note')} autosize minRows={2} disabled={!canWrite} {...form.getInputProps('note')} />
        {canWrite ? (
          <FormFooter
            deleteQuestion={person ? t('people.deleteConfirm', { name: person.fullName }) : null}
            onDelete={remove}
            deleteTestId="person-delete"
            busy={busy}
            saveTestId="person-save"
            mt="sm"
          />
        ) : null}
      </Stack>
    </form>
  );
}
