/**
 * CSV import of units or people. Every row is checked first, with the same zod schemas as the API;
 * if any row is wrong nothing is written and each problem is reported by row and column.
 * Otherwise all rows are written in one transaction, each with its audit row.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { z } from 'zod';
import { writeAudit } from '../../db/audit.js';
import { companyIdsByFoldedName } from '../../db/companies.js';
import { transaction } from '../../db/connection.js';
import { insertPerson } from '../../db/people.js';
import { foldText } from '../../db/text.js';
import { insertUnit, unitIdsByCode } from '../../db/units.js';
import { iso } from '../clock.js';
import {
  PersonInput,
  UnitInput,
  importColumns,
  MAX_LISTED_IMPORT_ERRORS,
  type ImportJob,
  type ImportKind,
  type ImportRequest,
  type ImportRowError,
  type PersonData,
  type UnitData,
} from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';

const CHUNK = 500;
const KEEP_JOBS = 20;

type Row = Record<string, string>;
type Checked = { ok: true; data: UnitData | PersonData } | { ok: false; errors: ImportRowError[] };

function problemOf(issue: z.core.$ZodIssue, value: string): string {
  if (value === '' && (issue.code === 'too_small' || issue.code === 'invalid_type')) return 'required';
  switch (issue.code) {
    case 'too_big':
      return 'too_long';
    case 'invalid_value':
      return 'invalid';
    case 'invalid_format':
      return issue.format === 'email' ? 'invalid_email' : issue.message === 'phone' ? 'invalid_phone' : 'invalid';
    case 'invalid_type':
      return issue.expected === 'number' ? 'invalid_number' : 'invalid';
    case 'too_small':
      return 'invalid_number';
    default:
      return issue.message === 'phone' ? 'invalid_phone' : 'invalid';
  }
}

function zodErrors(result: z.ZodSafeParseError<unknown>, line: number, row: Row, columnOf: Record<string, string>): ImportRowError[] {
  return result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const column = columnOf[field] ?? field;
    const value = row[column] ?? '';
    return { row: line, column, problem: problemOf(issue, value), value };
  });
}

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Checks rows of one import against the schemas and the directory as it is now. */
class RowChecker {
  readonly #unitCodes: Map<string, number>;
  readonly #companies: Map<string, number>;
  readonly #seenCodes = new Map<string, number>();

  constructor(
    ctx: Ctx,
    private readonly kind: ImportKind,
  ) {
    this.#unitCodes = unitIdsByCode(ctx.db);
    this.#companies = companyIdsByFoldedName(ctx.db);
  }

  check(row: Row, line: number): Checked {
    return this.kind === 'units' ? this.#unit(row, line) : this.#person(row, line);
  }

  #unit(row: Row, line: number): Checked {
    const columnOf = { code: 'code', kind: 'kind', building: 'building', floor: 'floor', areaM2: 'area_m2', freeCardQuota: 'free_card_quota', note: 'note' };
    const result = UnitInput.safeParse({
      code: row.code,
      kind: row.kind?.toLowerCase(),
      building: row.building,
      floor: blank(row.floor),
      areaM2: blank(row.area_m2),
      freeCardQuota: blank(row.free_card_quota),
      note: row.note,
    });
    if (!result.success) return { ok: false, errors: zodErrors(result, line, row, columnOf) };
    const code = result.data.code;
    const earlier = this.#seenCodes.get(code);
    if (this.#unitCodes.has(code) || earlier !== undefined) {
      return { ok: false, errors: [{ row: line, column: 'code', problem: 'duplicate', value: row.code ?? '' }] };
    }
    this.#seenCodes.set(code, line);
    return { ok: true, data: result.data };
  }

  #person(row: Row, line: number): Checked {
    const errors: ImportRowError[] = [];
    const kind = row.kind?.toLowerCase() || 'resident';
    let unitId: number | undefined;
    const unitCode = row.unit_code?.trim().toUpperCase();
    if (unitCode) {
      unitId = this.#unitCodes.get(unitCode);
      if (unitId === undefined) errors.push({ row: line, column: 'unit_code', problem: 'unknown_unit', value: row.unit_code ?? '' });
    }
    let companyId: number | null = null;
    if (row.company) {
      companyId = this.#companies.get(foldText(row.company)) ?? null;
      if (companyId === null) errors.push({ row: line, column: 'company', problem: 'unknown_company', value: row.company });
    }
    const relation = row.relation?.toLowerCase() || (kind === 'tenant' ? 'tenant' : 'resident');
    const columnOf = { fullName: 'full_name', kind: 'kind', phone: 'phone', email: 'email', department: 'department', note: 'note', units: 'relation' };
    const result = PersonInput.safeParse({
      kind,
      fullName: row.full_name ?? '',
      phone: row.phone,
      email: row.email,
      companyId,
      department: row.department,
      note: row.note,
      units: unitId === undefined ? [] : [{ unitId, relation }],
    });
    if (!result.success) errors.push(...zodErrors(result, line, row, columnOf));
    if (unitId === undefined && row.relation && !['owner', 'resident', 'tenant', 'member'].includes(relation)) {
      errors.push({ row: line, column: 'relation', problem: 'invalid', value: row.relation });
    }
    return errors.length > 0 || !result.success ? { ok: false, errors } : { ok: true, data: result.data };
  }
}

export class ImportService {
  readonly #jobs = new Map<string, ImportJob>();

  get(id: string): ImportJob {
    const job = this.#jobs.get(id);
    if (!job) throw new ApiError(404, 'import_not_found', 'no such import (imports are kept until the gateway restarts)');
    return job;
  }

  /** Starts an import and returns at once; progress arrives as import.progress events and via get(). */
  start(ctx: Ctx, request: ImportRequest): { job: ImportJob; done: Promise<ImportJob> } {
    const job: ImportJob = {
      id: randomUUID(),
      kind: request.kind,
      fileName: request.fileName,
      state: 'checking',
      totalRows: 0,
      checkedRows: 0,
      importedRows: 0,
      errors: [],
      errorCount: 0,
      fileErrors: [],
      startedAt: iso(ctx.clock.now()),
      finishedAt: null,
    };
    this.#jobs.set(job.id, job);
    while (this.#jobs.size > KEEP_JOBS) this.#jobs.delete(this.#jobs.keys().next().value as string);
    const done = this.#run(ctx, job, request.csv).catch((error: unknown) => {
      job.state = 'failed';
      job.fileErrors = [{ code: 'write_failed', columns: [], detail: error instanceof Error ? error.message : String(error) }];
      return this.#finish(ctx, job);
    });
    return { job: { ...job }, done };
  }

  #progress(ctx: Ctx, job: ImportJob) {
    ctx.bus.publish({ type: 'import.progress', at: iso(ctx.clock.now()), data: { ...job, errors: job.state === 'checking' ? [] : job.errors } });
  }

  #finish(ctx: Ctx, job: ImportJob): ImportJob {
    job.finishedAt = iso(ctx.clock.now());
    this.#progress(ctx, job);
    return { ...job };
  }

  async #run(ctx: Ctx, job: ImportJob, csv: string): Promise<ImportJob> {
    // The streaming parser hands records over in chunks, so a large file never blocks the event loop for long.
    const records: { record: string[]; info: { lines: number } }[] = [];
    try {
      const parser = Readable.from([csv]).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }));
      for await (const record of parser) records.push(record as (typeof records)[number]);
    } catch (error) {
      job.state = 'rejected';
      job.fileErrors = [{ code: 'unreadable', columns: [], detail: (error as Error).message }];
      return this.#finish(ctx, job);
    }
    const [header, ...rows] = records;
    const columns = (header?.record ?? []).map((c) => c.trim().toLowerCase());
    const required = job.kind === 'units' ? ['code', 'kind', 'floor'] : ['full_name'];
    const missing = required.filter((c) => !columns.includes(c));
    const unknown = columns.filter((c) => c !== '' && !(importColumns[job.kind] as readonly string[]).includes(c));
    if (missing.length > 0) job.fileErrors.push({ code: 'missing_columns', columns: missing, detail: `missing columns: ${missing.join(', ')}` });
    if (unknown.length > 0) job.fileErrors.push({ code: 'unknown_columns', columns: unknown, detail: `unknown columns: ${unknown.join(', ')}` });
    if (job.fileErrors.length > 0) {
      job.state = 'rejected';
      return this.#finish(ctx, job);
    }
    job.totalRows = rows.length;
    this.#progress(ctx, job);

    const checker = new RowChecker(ctx, job.kind);
    const valid: (UnitData | PersonData)[] = [];
    for (let start = 0; start < rows.length; start += CHUNK) {
      for (const { record, info } of rows.slice(start, start + CHUNK)) {
        const row: Row = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']));
        const checked = checker.check(row, info.lines);
        if (checked.ok) valid.push(checked.data);
        else {
          job.errorCount += checked.errors.length;
          job.errors.push(...checked.errors.slice(0, Math.max(0, MAX_LISTED_IMPORT_ERRORS - job.errors.length)));
        }
        job.checkedRows++;
      }
      this.#progress(ctx, job);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (job.errorCount > 0 || rows.length === 0) {
      job.state = 'rejected';
      if (rows.length === 0) job.fileErrors.push({ code: 'empty', columns: [], detail: 'the file has no data rows' });
      return this.#finish(ctx, job);
    }

    job.state = 'writing';
    this.#progress(ctx, job);
    const now = ctx.clock.now();
    transaction(ctx.db, () => {
      for (const data of valid) {
        if (job.kind === 'units') {
          const unit = insertUnit(ctx.db, data as UnitData, now);
          writeAudit(ctx.db, ctx.actor, now, { action: 'unit.create', entity: 'unit', entityId: unit.id, after: { ...data, via: job.id } });
        } else {
          const person = insertPerson(ctx.db, data as PersonData, now);
          writeAudit(ctx.db, ctx.actor, now, { action: 'person.create', entity: 'person', entityId: person.id, after: { ...data, via: job.id } });
        }
      }
      writeAudit(ctx.db, ctx.actor, now, { action: 'import.run', entity: 'import', entityId: job.id, after: { kind: job.kind, fileName: job.fileName, rows: valid.length } });
    });
    job.importedRows = valid.length;
    job.state = 'done';
    return this.#finish(ctx, job);
  }
}
