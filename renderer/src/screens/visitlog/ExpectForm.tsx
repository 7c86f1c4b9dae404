import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSite } from '../../app/session.js';
import { VisitExpect, type VisitPurpose, type VisitView } from '../../contract.js';
import { useContractValidate, useSubmitError } from '../../forms/contractForm.js';
import { zonedDateTime } from '../../i18n/format.js';
import { HostPicker } from './HostPicker.js';
import { hostOf, nextQuarterHour, parseFloors, purposes, zonedLocalInput, type HostChoice } from './visitText.js';

interface Values {
  fullName: string;
  phone: string;
  company: string;
  purpose: VisitPurpose;
  host: HostChoice;
  floors: string;
  /** datetime-local values in the building's time zone. */
  start: string;
  end: string;
  note: string;
}

/** The contract input before validation: a time left empty stays undefined so zod reports "required". */
type Draft = Omit<VisitExpect, 'expectedStart' | 'expectedEnd'> & { expectedStart: string | undefined; expectedEnd: string | undefined };

/** Contract paths → form fields (the host refinement reports on host.personId, floors per item). */
function formPath(path: string): string {
  if (path.startsWith('host')) return 'host';
  if (path.startsWith('destinationFloors')) return 'floors';
  if (path === 'expectedStart') return 'start';
  if (path === 'expectedEnd') return 'end';
  return path;
}

function remap(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) out[formPath(path)] ??= message;
  return out;
}

function initialValues(timeZone: string, minutes: number): Values {
  const start = nextQuarterHour(new Date());
  return {
    fullName: '',
    phone: '',
    company: '',
    purpose: 'business',
    host: { kind: 'person', id: null },
    floors: '',
    start: zonedLocalInput(start, timeZone),
    end: zonedLocalInput(new Date(start.getTime() + minutes * 60_000), timeZone),
    note: '',
  };
}

/** Pre-registration of an expected visitor, validated with the contract's VisitExpect schema. */
export function ExpectForm({ defaultMinutes, onCreated }: { defaultMinutes: number; onCreated(visit: VisitView): void }) {
  const { t } = useTranslation();
  const site = useSite();
  const toInput = useCallback(
    (v: Values): Draft => ({
      fullName: v.fullName,
      phone: v.phone,
      company: v.company,
      purpose: v.purpose,
      host: hostOf(v.host),
      destinationFloors: parseFloors(v.floors),
      expectedStart: zonedDateTime(v.start, site.timezone) ?? undefined,
      expectedEnd: zonedDateTime(v.end, site.timezone) ?? undefined,
      note: v.note,
    }),
    [site.timezone],
  );
  const contractValidate = useContractValidate<Values>(VisitExpect, toInput);
  const validate = useCallback(
    (values: Values) => {
      const errors = remap(contractValidate(values));
      if (errors.floors && parseFloors(values.floors).some((n) => !Number.isInteger(n))) errors.floors = t('visitAdmin.expected.floorsInvalid');
      if (values.host.id === null) errors.host = t('visitAdmin.expected.hostRequired');
      return errors;
    },
    [contractValidate, t],
  );
  const submitError = useSubmitError();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({ mode: 'controlled', initialValues: initialValues(site.timezone, defaultMinutes), validate });
  const submit = form.onSubmit(async (values) => {
    const { expectedStart, expectedEnd, ...draft } = toInput(values);
    if (expectedStart === undefined || expectedEnd === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const visit = await api('expectVisit', { body: { ...draft, expectedStart, expectedEnd } });
      form.setValues(initialValues(site.timezone, defaultMinutes));
      form.resetDirty();
      onCreated(visit);
    } catch (err) {
      setError(submitError({ setErrors: (errors) => form.setErrors(remap(errors)) }, err));
    } finally {
      setBusy(false);
    }
  });
  const hostError = form.errors.host;

  return (
    <form onSubmit={submit} noValidate data-testid="expect-form">
      <Stack>
        {error ? (
          <Alert color="red" data-testid="expect-error">
            {error}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput label={t('visitAdmin.expected.fullName')} withAsterisk data-testid="expect-name" {...form.getInputProps('fullName')} />
          <TextInput label={t('visitAdmin.expected.phone')} type="tel" data-testid="expect-phone" {...form.getInputProps('phone')} />
          <TextInput label={t('visitAdmin.expected.company')} data-testid="expect-company" {...form.getInputProps('company')} />
          <Select
            label={t('visitAdmin.expected.purpose')}
            withAsterisk
            allowDeselect={false}
            data={purposes.map((p) => ({ value: p, label: t(`visits.purposes.${p}`) }))}
            data-testid="expect-purpose"
            {...form.getInputProps('purpose')}
          />
          <HostPicker
            value={form.values.host}
            onChange={(host) => form.setFieldValue('host', host)}
            label={t('visitAdmin.expected.host')}
            kindLabel={t('visitAdmin.expected.hostKind')}
            placeholder={t('visitAdmin.expected.hostPlaceholder')}
            error={typeof hostError === 'string' ? hostError : null}
            withAsterisk
            testId="expect-host"
          />
          <TextInput
            label={t('visitAdmin.expected.floors')}
            placeholder={t('visitAdmin.expected.floorsPlaceholder')}
            description={t('visitAdmin.expected.floorsHint')}
            inputMode="numeric"
            data-testid="expect-floors"
            {...form.getInputProps('floors')}
          />
          <TextInput label={t('visitAdmin.expected.start')} type="datetime-local" withAsterisk data-testid="expect-start" {...form.getInputProps('start')} />
          <TextInput label={t('visitAdmin.expected.end')} type="datetime-local" withAsterisk data-testid="expect-end" {...form.getInputProps('end')} />
        </SimpleGrid>
        <Textarea label={t('visitAdmin.expected.note')} autosize minRows={2} maxRows={5} data-testid="expect-note" {...form.getInputProps('note')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="expect-submit">
            {t('visitAdmin.expected.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
