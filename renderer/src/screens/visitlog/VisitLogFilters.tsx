import { Button, Grid, Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SearchInput } from '../../components/SearchInput.js';
import type { VisitPurpose, VisitStatus } from '../../contract.js';
import { HostPicker } from './HostPicker.js';
import { purposes, statuses, type HostChoice } from './visitText.js';

export interface LogFilters {
  q: string;
  idNumber: string;
  host: HostChoice;
  /** Calendar days (YYYY-MM-DD) in the building's time zone, '' when open. */
  from: string;
  to: string;
  purpose: VisitPurpose | null;
  status: VisitStatus | null;
}

export const noLogFilters: LogFilters = {
  q: '',
  idNumber: '',
  host: { kind: 'person', id: null },
  from: '',
  to: '',
  purpose: null,
  status: null,
};

/** The visit log's filter panel: name, ID number, host, dates, purpose and status. */
export function VisitLogFilters({ value, onChange }: { value: LogFilters; onChange(patch: Partial<LogFilters>): void }) {
  const { t } = useTranslation();
  return (
    <>
      <Grid mb="md">
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <SearchInput
            label={t('visitAdmin.log.name')}
            placeholder={t('visitAdmin.log.namePlaceholder')}
            value={value.q}
            onSearch={(q) => onChange({ q })}
            data-testid="visit-log-search"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <TextInput
            label={t('visitAdmin.log.idNumber')}
            placeholder={t('visitAdmin.log.idNumberPlaceholder')}
            value={value.idNumber}
            onChange={(e) => onChange({ idNumber: e.currentTarget.value })}
            autoComplete="off"
            data-testid="visit-log-id-number"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, lg: 3 }}>
          <TextInput
            label={t('visitAdmin.log.from')}
            type="date"
            value={value.from}
            onChange={(e) => onChange({ from: e.currentTarget.value })}
            data-testid="visit-log-from"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, lg: 3 }}>
          <TextInput
            label={t('visitAdmin.log.to')}
            type="date"
            value={value.to}
            onChange={(e) => onChange({ to: e.currentTarget.value })}
            data-testid="visit-log-to"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <Select
            label={t('visitAdmin.log.purpose')}
            clearable
            placeholder={t('common.all')}
            data={purposes.map((p) => ({ value: p, label: t(`visits.purposes.${p}`) }))}
            value={value.purpose}
            onChange={(v) => onChange({ purpose: v as VisitPurpose | null })}
            data-testid="visit-log-purpose"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <Select
            label={t('visitAdmin.log.status')}
            clearable
            placeholder={t('common.all')}
            data={statuses.map((s) => ({ value: s, label: t(`visits.statuses.${s}`) }))}
            value={value.status}
            onChange={(v) => onChange({ status: v as VisitStatus | null })}
            data-testid="visit-log-status"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <HostPicker
            inline
            value={value.host}
            onChange={(host) => onChange({ host })}
            label={t('visitAdmin.log.host')}
            kindLabel={t('visitAdmin.log.hostKind')}
            placeholder={t('visitAdmin.log.hostPlaceholder')}
            testId="visit-log-host"
          />
        </Grid.Col>
      </Grid>
      <Group justify="flex-end" mb="sm">
        <Button variant="subtle" size="sm" onClick={() => onChange(noLogFilters)} data-testid="visit-log-clear">
          {t('visitAdmin.log.clear')}
        </Button>
      </Group>
    </>
  );
}
