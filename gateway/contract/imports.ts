import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const ImportKind = lazySchema(() => z.enum(['units', 'people']));
export type ImportKind = z.infer<typeof ImportKind>;

/** Columns of each import file, in the order of the template the UI offers for download. */
export const importColumns = {
  units: ['code', 'kind', 'building', 'floor', 'area_m2', 'free_card_quota', 'note'],
  people: ['full_name', 'kind', 'phone', 'email', 'unit_code', 'relation', 'company', 'department', 'note'],
} as const satisfies Record<ImportKind, readonly string[]>;

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Row problems listed in full; beyond this only counted (errorCount). */
export const MAX_LISTED_IMPORT_ERRORS = 1000;

export const ImportRequest = lazySchema(() =>
  z.object({
    kind: ImportKind,
    fileName: z.string().trim().max(200).default('import.csv'),
    csv: z.string().min(1).max(MAX_IMPORT_BYTES),
  }),
);
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportRowError = lazySchema(() =>
  z.object({
    /** 1-based line number in the file, counting the header as line 1. */
    row: z.number().int(),
    column: z.string(),
    /** Translatable problem code: required, invalid, unknown_unit, unknown_company, duplicate, too_long, … */
    problem: z.string(),
    value: z.string(),
  }),
);
export type ImportRowError = z.infer<typeof ImportRowError>;

/** A problem with the file as a whole; `columns` names the columns concerned, `detail` is for the log. */
export const ImportFileError = lazySchema(() =>
  z.object({
    code: z.enum(['unreadable', 'missing_columns', 'unknown_columns', 'empty', 'write_failed']),
    columns: z.array(z.string()),
    detail: z.string(),
  }),
);
export type ImportFileError = z.infer<typeof ImportFileError>;

export const ImportJob = lazySchema(() =>
  z.object({
    id: z.string(),
    kind: ImportKind,
    fileName: z.string(),
    state: z.enum(['checking', 'writing', 'done', 'rejected', 'failed']),
    totalRows: z.number().int(),
    checkedRows: z.number().int(),
    importedRows: z.number().int(),
    /** The first MAX_LISTED_IMPORT_ERRORS row problems. */
    errors: z.array(ImportRowError),
    /** All row problems found, listed or not. */
    errorCount: z.number().int(),
    /** Whole-file problems: unreadable CSV, missing or unknown columns, no rows. */
    fileErrors: z.array(ImportFileError),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
);
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportParams = lazySchema(() => z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) }));
