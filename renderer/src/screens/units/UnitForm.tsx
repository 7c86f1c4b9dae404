import { NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { UnitInput, UnitKind, type UnitView } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { FormError } from '../../components/FormError.js';
import { FormFooter } from '../../components/FormFooter.js';

interface Values {
  code: string;
  kind: UnitKind;
  building: string;
  floor: number | string;
  areaM2: number | string;
  freeCardQuota: number | string;
  note: string;
}

const blankToNull = (v: number | string) => (v === '' ? null : v);
const blankToUndefined = (v: number | string) => (v === '' ? undefined : v);

/** Maps form values to the contract's UnitInput: empty number fields mean "not given". */
function toInput(v: Values) {
  return { ...v, floor: blankToUndefined(v.floor), areaM2: blankToNull(v.areaM2), freeCardQuota: blankToUndefined(v.freeCardQuota) };
}

function initialValues(unit: UnitView | null): Values {
  return {
    code: unit?.code ?? '',
    kind: unit?.kind ?? 'apartment',
    building: unit?.building ?? '',
    floor: unit?.floor ?? '',
    areaM2: unit?.areaM2 ?? '',
    freeCardQuota: unit?.freeCardQuota ?? 2,
    note: unit?.note ?? '',
  };
}

export function UnitForm({ unit, canWrite, onDone }: { unit: UnitView | null; canWrite: boolean; onDone(): void }) {
  const { t } = useTranslation();
  const validate = useContractValidate<Values>(UnitInput, toInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: initialValues(unit), validate });
  const { error, busy, run } = useFormAction(form);

  const submit = form.onSubmit((values) =>
    run(
      async () => {
        const body = UnitInput.parse(toInput(values));
        if (unit) await api('updateUnit', { params: { id: unit.id }, body });
        else await api('createUnit', { body });
      },
      unit ? t('common.saved') : t('common.created'),
      onDone,
    ),
  );
  const remove = async () => unit && run(() => api('deleteUnit', { params: { id: unit.id } }), t('common.deleted'), onDone);

  return (
    <form onSubmit={submit} noValidate data-testid="unit-form">
      <Stack>
        <FormError error={error} />
        <SimpleGrid cols={2}>
          <TextInput label={t('units.code')} withAsterisk disabled={!canWrite} data-testid="unit-code" {...form.getInputProps('code')} />
          <Select
            label={t('units.kind')}
            withAsterisk
            disabled={!canWrite}
            data={UnitKind.options.map((k) => ({ value: k, label: t(`units.kinds.${k}`) }))}
            data-testid="unit-kind"
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('units.building')} disabled={!canWrite} data-testid="unit-building" {...form.getInputProps('building')} />
          <NumberInput label={t('units.floor')} withAsterisk allowDecimal={false} min={-10} max={200} disabled={!canWrite} data-testid="unit-floor" {...form.getInputProps('floor')} />
          <NumberInput label={t('units.area')} min={0} decimalScale={2} disabled={!canWrite} data-testid="unit-area" {...form.getInputProps('areaM2')} />
          <NumberInput label={t('units.freeCardQuota')} allowDecimal={false} min={0} max={50} disabled={!canWrite} {...form.getInputProps('freeCardQuota')} />
        </SimpleGrid>
        <Textarea label={t('units.note')} autosize minRows={2} disabled={!canWrite} {...form.getInputProps('note')} />
        {canWrite ? (
          <FormFooter
            deleteQuestion={unit ? t('units.deleteConfirm', { code: unit.code }) : null}
            onDelete={remove}
            deleteTestId="unit-delete"
            busy={busy}
            saveTestId="unit-save"
            mt="sm"
          />
        ) : null}
      </Stack>
    </form>
  );
}
