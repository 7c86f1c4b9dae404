import type { TFunction } from 'i18next';
import { api } from '../../api/client.js';
import type { VisitListQuery, VisitView } from '../../contract.js';
import type { Cell } from '../../export/csv.js';
import { buildCsvInSlices, collectPages } from '../../export/csv.js';
import type { CsvJob } from '../../export/useCsvExport.js';
import type { Formatters } from '../../i18n/format.js';
import { floorsText } from './visitText.js';

type Filter = Omit<VisitListQuery, 'limit' | 'offset'>;

/** Header and row of the visit log CSV: the columns of the screen plus the reference and the ID number's last digits. */
export function visitCsvColumns(t: TFunction, fmt: Formatters): { header: string[]; row(v: VisitView): Cell[] } {
  return {
    header: [
      t('visitAdmin.log.ref'),
      t('visitAdmin.log.name'),
      t('visitAdmin.log.company'),
      t('visitAdmin.log.idHint'),
      t('visitAdmin.log.purpose'),
      t('visitAdmin.log.host'),
      t('visitAdmin.log.floors'),
      t('visitAdmin.log.arrived'),
      t('visitAdmin.log.left'),
      t('visitAdmin.log.card'),
      t('visitAdmin.log.status'),
    ],
    row: (v) => [
      v.ref,
      v.purgedAt ? t('visitAdmin.log.purged') : v.fullName,
      v.company,
      v.docNumberHint,
      t(`visits.purposes.${v.purpose}`),
      v.host.label,
      floorsText(v.destinationFloors),
      v.checkedInAt ? fmt.dateTime(v.checkedInAt) : null,
      v.checkedOutAt ? fmt.dateTime(v.checkedOutAt) : null,
      v.card?.uid ?? null,
      t(`visits.statuses.${v.status}`),
    ],
  };
}

/** Every page of the visit log under `filter`, as CSV. */
export function visitLogCsvJob(filter: Filter, t: TFunction, fmt: Formatters): CsvJob {
  return async (progress, signal) => {
    const visits = await collectPages<VisitView>((offset, limit, s) => api('listVisits', { query: { ...filter, offset, limit }, signal: s }), progress, signal);
    const { header, row } = visitCsvColumns(t, fmt);
    const csv = await buildCsvInSlices(header, visits, row, progress, signal);
    return { csv, rows: visits.length };
  };
}
