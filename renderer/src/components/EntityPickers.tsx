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

/** One search result: the entity id and the label shown for it. */
type PickerOption = [id: number, label: string];

/**
 * Search state of a remote picker: the debounced query to send (empty while the search box only shows the
 * selected label) and the labels of values picked earlier, so they survive a new search.
 */
function usePickerSearch(value: number | null, currentLabel: string | null | undefined) {
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const selectedLabel = value === null ? null : (labels[String(value)] ?? currentLabel ?? null);
  const [q] = useDebouncedValue(search === selectedLabel ? '' : search, 250);
  return { q, labels, setLabels, setSearch };
}

type PickerSearch = ReturnType<typeof usePickerSearch>;

/** The searchable, clearable Select shared by the entity pickers; the server does the filtering. */
function RemotePickerSelect({
  search,
  found,
  value,
  onChange,
  currentLabel,
  ...rest
}: PickerProps & { search: PickerSearch; found: PickerOption[] | undefined }) {
  const { labels, setLabels, setSearch } = search;
  const data = useMemo(() => {
    const options = new Map<string, string>();
    if (value !== null) options.set(String(value), labels[String(value)] ?? currentLabel ?? `#${value}`);
    for (const [id, label] of found ?? []) options.set(String(id), label);
    return [...options].map(([v, label]) => ({ value: v, label }));
  }, [found, value, labels, currentLabel]);
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

/** Searchable unit picker backed by GET /api/units?q=. */
export function UnitPicker(props: PickerProps) {
  const search = usePickerSearch(props.value, props.currentLabel);
  const query = useApiQuery('listUnits', { query: { q: search.q || undefined, limit: 20 } });
  const results = useMemo(
    () => query.data?.items.map((u): PickerOption => [u.id, u.building ? `${u.code} · ${u.building}` : u.code]),
    [query.data],
  );
  return <RemotePickerSelect search={search} found={results} {...props} />;
}

/** Searchable company picker backed by GET /api/companies?q=. */
export function CompanyPicker(props: PickerProps) {
  const search = usePickerSearch(props.value, props.currentLabel);
  const query = useApiQuery('listCompanies', { query: { q: search.q || undefined, limit: 20 } });
  const results = useMemo(() => query.data?.items.map((c): PickerOption => [c.id, c.name]), [query.data]);
  return <RemotePickerSelect search={search} found={results} {...props} />;
}

/** Searchable person picker backed by GET /api/people?q= (name with or without accents, unit, company). */
export function PersonPicker(props: PickerProps) {
  const search = usePickerSearch(props.value, props.currentLabel);
  const query = useApiQuery('listPeople', { query: { q: search.q || undefined, limit: 20 } });
  const results = useMemo(
    () =>
      query.data?.items.map((p): PickerOption => {
        const units = p.units.map((u) => u.unitCode).join(', ');
        return [p.id, units ? `${p.fullName} · ${units}` : p.fullName];
      }),
    [query.data],
  );
  return <RemotePickerSelect search={search} found={results} {...props} />;
}
