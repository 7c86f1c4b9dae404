import { describe, expect, it } from 'vitest';
import { ImportFileError, type ImportJob } from '../../gateway/contract/imports.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { fileErrorMessage, newerJob, stripBom, templateCsv } from '../../renderer/src/screens/import/importFiles.js';
import { zonedDayBoundary } from '../../renderer/src/i18n/format.js';

const job = (patch: Partial<ImportJob>): ImportJob => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'people',
  fileName: 'people.csv',
  state: 'checking',
  totalRows: 10,
  checkedRows: 0,
  importedRows: 0,
  errors: [],
  errorCount: 0,
  fileErrors: [],
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
  ...patch,
});

describe('import helpers', () => {
  it('offers a UTF-8 template with the contract columns in order', () => {
    expect(templateCsv('people')).toBe('\uFEFFfull_name,kind,phone,email,unit_code,relation,company,department,note\r\n');
    expect(stripBom(templateCsv('units'))).toMatch(/^code,kind,building,floor/);
  });

  it('keeps the most advanced snapshot when polls and events cross', () => {
    const a = job({ checkedRows: 5 });
    expect(newerJob(a, job({ checkedRows: 3 }))).toBe(a);
    const done = job({ state: 'done', checkedRows: 10 });
    expect(newerJob(a, done)).toBe(done);
    expect(newerJob(done, job({ state: 'writing', checkedRows: 10 }))).toBe(done);
  });

  it('translates whole-file problems by code, naming the columns', () => {
    const missing = fileErrorMessage({ code: 'missing_columns', columns: ['full_name', 'kind'], detail: 'missing columns: full_name, kind' });
    expect(missing).toEqual({ key: 'importFileErrors.missing_columns', columns: 'full_name, kind' });
    expect(fileErrorMessage({ code: 'empty', columns: [], detail: 'the file has no data rows' })).toEqual({ key: 'importFileErrors.empty', columns: '' });
    // The gateway's English detail never decides the message.
    expect(fileErrorMessage({ code: 'write_failed', columns: [], detail: 'missing columns: disk on fire' }).key).toBe('importFileErrors.write_failed');
  });

  it('has a sentence for every file error code in every language, with the column list where it matters', () => {
    for (const catalog of [en, vi, zh]) {
      for (const code of ImportFileError.shape.code.options) {
        const text: string = catalog.importFileErrors[code];
        expect(text.trim(), code).not.toBe('');
        expect(text.includes('{{columns}}'), code).toBe(code === 'missing_columns' || code === 'unknown_columns');
      }
    }
  });

  it('turns a calendar day into the instant it starts and ends in the building time zone', () => {
    expect(zonedDayBoundary('2025-03-10', 'Asia/Ho_Chi_Minh')).toBe('2025-03-09T17:00:00.000Z');
    expect(zonedDayBoundary('2025-03-10', 'Asia/Shanghai', true)).toBe('2025-03-10T15:59:59.999Z');
    expect(zonedDayBoundary('not a day', 'UTC')).toBeNull();
  });
});
