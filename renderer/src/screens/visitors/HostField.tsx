import { Input, SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CompanyPicker, PersonPicker, UnitPicker } from '../../components/EntityPickers.js';
import type { HostKind } from './visitHelpers.js';

interface Props {
  kind: HostKind;
  id: number | null;
  /** The host's label when it was filled in from an expected visit. */
  currentLabel: string | null;
  error?: string | undefined;
  onChange(kind: HostKind, id: number | null): void;
}

const KINDS: readonly HostKind[] = ['person', 'unit', 'company'];

/**
 * Whom the visitor comes to see: a resident or staff member by name, a unit by its code, or a company, each searched
 * on the gateway (names with or without diacritics). The lists carry no phone numbers or e-mail addresses.
 */
export function HostField({ kind, id, currentLabel, error, onChange }: Props) {
  const { t } = useTranslation();
  const picker = {
    value: id,
    onChange: (value: number | null) => onChange(kind, value),
    currentLabel,
    error,
    size: 'md' as const,
    placeholder: t(`visits.host.placeholders.${kind}`),
    'aria-label': t('visits.host.label'),
    nothingFoundMessage: t('common.noResults'),
    'data-testid': 'visit-host',
  };
  return (
    <Input.Wrapper label={t('visits.host.label')} withAsterisk>
      <Stack gap="xs" mt={4}>
        <SegmentedControl
          fullWidth
          size="md"
          value={kind}
          onChange={(value) => onChange(value as HostKind, null)}
          data={KINDS.map((k) => ({ value: k, label: t(`visits.host.kinds.${k}`) }))}
          data-testid="visit-host-kind"
        />
        {kind === 'person' ? <PersonPicker key="person" {...picker} /> : null}
        {kind === 'unit' ? <UnitPicker key="unit" {...picker} /> : null}
        {kind === 'company' ? <CompanyPicker key="company" {...picker} /> : null}
      </Stack>
    </Input.Wrapper>
  );
}
