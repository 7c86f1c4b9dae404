import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useApiQuery } from '../api/useApiQuery.js';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: number | null;
  onChange(value: number | null): void;
  /** Label of the current value when it is not among the search results (e.g. when editing). */
  currentLabel?: string | null;
};

/** Searchable unit picker backed by GET /api/units?q=. */
export function UnitPicker({ value, onChange, currentLabel, ...rest }: PickerProps) {
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const selectedLabel = value === null ? null : (labels[String(value)] ?? currentLabel ?? null);
  const [q] = useDebouncedValue(search === selectedLabel ? '' : search, 250);
  const query = useApiQuery('listUnits', { query: { q: q || undefined, limit: 20 } });
  const data = useMemo(() => {
    const options = new Map<string, string>();
    if (value !== null) options.set(String(value), labels[String(value)] ?? currentLabel ?? `#${value}`);
    for (const u of query.data?.items ?? []) options.set(String(u.id), u.building ? `${u.code} · ${u.building}` : u.code);
    return [...options].map(([v, label]) => ({ value: v, label }));
  }, [query.data, value, labels, currentLabel]);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v, option) => {
        if (v && option) setLabels((l) => ({ ...l, [v]: option.label }));
        onChange(v ? Number(v) : null);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      {...rest}
    />
  );
}

/** Searchable company picker backed by GET /api/companies?q=. */
export function CompanyPicker({ value, onChange, currentLabel, ...rest }: PickerProps) {
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const selectedLabel = value === null ? null : (labels[String(value)] ?? currentLabel ?? null);
  const [q] = useDebouncedValue(search === selectedLabel ? '' : search, 250);
  const query = useApiQuery('listCompanies', { query: { q: q || undefined, limit: 20 } });
  const data = useMemo(() => {
    const options = new Map<string, string>();
    if (value !== null) options.set(String(value), labels[String(value)] ?? currentLabel ?? `#${value}`);
    for (const c of query.data?.items ?? []) options.set(String(c.id), c.name);
    return [...options].map(([v, label]) => ({ value: v, label }));
  }, [query.data, value, labels, currentLabel]);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v, option) => {
        if (v && option) setLabels((l) => ({ ...l, [v]: option.label }));
        onChange(v ? Number(v) : null);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      {...rest}
    />
  );
}

/** Searchable person picker backed by GET /api/people?q= (name with or without accents, unit, company). */
export function PersonPicker({ value, onChange, currentLabel, ...rest }: PickerProps) {
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const selectedLabel = value === null ? null : (labels[String(value)] ?? currentLabel ?? null);
  const [q] = useDebouncedValue(search === selectedLabel ? '' : search, 250);
  const query = useApiQuery('listPeople', { query: { q: q || undefined, limit: 20 } });
  const data = useMemo(() => {
    const options = new Map<string, string>();
    if (value !== null) options.set(String(value), labels[String(value)] ?? currentLabel ?? `#${value}`);
    for (const p of query.data?.items ?? []) {
      const units = p.units.map((u) => u.unitCode).join(', ');
      options.set(String(p.id), units ? `${p.fullName} · ${units}` : p.fullName);
    }
    return [...options].map(([v, label]) => ({ value: v, label }));
  }, [query.data, value, labels, currentLabel]);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v, option) => {
        if (v && option) setLabels((l) => ({ ...l, [v]: option.label }));
        onChange(v ? Number(v) : null);
      }}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      {...rest}
    />
  );
}
