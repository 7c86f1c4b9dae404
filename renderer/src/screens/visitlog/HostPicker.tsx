import { Grid, Input, SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CompanyPicker, PersonPicker, UnitPicker } from '../../components/EntityPickers.js';
import { hostKinds, type HostChoice } from './visitText.js';

interface Props {
  value: HostChoice;
  onChange(value: HostChoice): void;
  label: string;
  kindLabel: string;
  placeholder: string;
  error?: string | null;
  withAsterisk?: boolean;
  /** The picker's test id; the kind switch gets `<testId>-kind`. */
  testId: string;
  /** Kind and picker side by side (a filter row) instead of stacked (a form). */
  inline?: boolean;
}

/** Whom a visit is for: a person, a unit or a company, each found with the directory's search (accents optional). */
export function HostPicker({ value, onChange, label, kindLabel, placeholder, error, withAsterisk, testId, inline }: Props) {
  const { t } = useTranslation();
  const pickerProps = {
    value: value.id,
    onChange: (id: number | null) => onChange({ kind: value.kind, id }),
    label,
    placeholder,
    error: error ?? null,
    withAsterisk: withAsterisk ?? false,
    'data-testid': testId,
  };
  const kind = (
    <Input.Wrapper label={kindLabel}>
      <SegmentedControl
        fullWidth
        data={hostKinds.map((k) => ({ value: k, label: t(`visitAdmin.hostKinds.${k}`) }))}
        value={value.kind}
        onChange={(k) => onChange({ kind: k as HostChoice['kind'], id: null })}
        data-testid={`${testId}-kind`}
      />
    </Input.Wrapper>
  );
  const picker = (
    <>
      {value.kind === 'person' ? <PersonPicker key="person" {...pickerProps} /> : null}
      {value.kind === 'unit' ? <UnitPicker key="unit" {...pickerProps} /> : null}
      {value.kind === 'company' ? <CompanyPicker key="company" {...pickerProps} /> : null}
    </>
  );
  if (!inline) {
    return (
      <Stack gap={6}>
        {kind}
        {picker}
      </Stack>
    );
  }
  return (
    <Grid>
      <Grid.Col span={{ base: 12, sm: 7 }}>{kind}</Grid.Col>
      <Grid.Col span={{ base: 12, sm: 5 }}>{picker}</Grid.Col>
    </Grid>
  );
}
