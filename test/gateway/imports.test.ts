import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent, ImportJob } from '../../gateway/contract/index.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let manager: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('quan.ly', 'manager');
  manager = await gw.login('quan.ly');
}, 30_000);
afterAll(() => gw.stop());

async function runImport(kind: 'units' | 'people', csv: string): Promise<ImportJob> {
  const started = await call(gw.base, 'POST', '/api/imports', { cookie: manager, body: { kind, fileName: `${kind}.csv`, csv } });
  expect(started.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const { body } = await call(gw.base, 'GET', `/api/imports/${started.body.id}`, { cookie: manager });
    if (['done', 'rejected', 'failed'].includes(body.state)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}
const count = (table: string) => (gw.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('CSV import', () => {
  it('imports units, then people linked to them, all rows or none', async () => {
    const units = await runImport('units', '\uFEFFcode,kind,building,floor,area_m2\nB-0101,apartment,B,1,65\nB-0102,apartment,B,1,70.5\nB-SHOP1,shop,B,0,\n');
    expect(units).toMatchObject({ state: 'done', totalRows: 3, importedRows: 3, errors: [] });
    const people = await runImport(
      'people',
      'full_name,kind,phone,email,unit_code,relation\n"Võ Thị Sáu",resident,0901234567,sau@example.vn,B-0101,owner\n"Nguyễn Hữu Thọ",tenant,,,b-0102,\n',
    );
    expect(people).toMatchObject({ state: 'done', importedRows: 2 });
    const found = await call(gw.base, 'GET', '/api/people?q=vo%20thi%20sau', { cookie: manager });
    expect(found.body.items[0].units[0].unitCode).toBe('B-0101');
    const tho = await call(gw.base, 'GET', '/api/people?q=huu%20tho', { cookie: manager });
    expect(tho.body.items[0].units[0].relation).toBe('tenant');
    expect(gw.db.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'import.run'").get()).toEqual({ n: 2 });
  });

  it('reports every bad row by row number and column, and imports nothing', async () => {
    const before = count('people');
    const job = await runImport(
      'people',
      [
        'full_name,kind,phone,email,unit_code',
        'Đỗ Mười,resident,0901111222,,B-0101',
        ',resident,,,B-0101',
        'Phan Bội Châu,resident,not-a-phone,pbc@,NO-SUCH',
        'Lý Tự Trọng,alien,,,',
      ].join('\n'),
    );
    expect(job.state).toBe('rejected');
    expect(job.importedRows).toBe(0);
    expect(job.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: 'full_name', problem: 'required', value: '' },
        { row: 4, column: 'unit_code', problem: 'unknown_unit', value: 'NO-SUCH' },
        { row: 4, column: 'phone', problem: 'invalid_phone', value: 'not-a-phone' },
        { row: 4, column: 'email', problem: 'invalid_email', value: 'pbc@' },
        { row: 5, column: 'kind', problem: 'invalid', value: 'alien' },
      ]),
    );
    expect(job.errors.some((e) => e.row === 2)).toBe(false);
    expect(count('people')).toBe(before);
  });

  it('catches duplicate unit codes within the file and against the database', async () => {
    const job = await runImport('units', 'code,kind,floor\nE-1,office,3\nE-1,office,3\nB-0101,apartment,1\n');
    expect(job.errors).toEqual([
      { row: 3, column: 'code', problem: 'duplicate', value: 'E-1' },
      { row: 4, column: 'code', problem: 'duplicate', value: 'B-0101' },
    ]);
    expect((await call(gw.base, 'GET', '/api/units?q=E-1', { cookie: manager })).body.total).toBe(0);
  });

  it('rejects a file with missing or unknown columns', async () => {
    const job = await runImport('units', 'code,kynd,floor\nE-2,office,3\n');
    expect(job.state).toBe('rejected');
    expect(job.fileErrors.map(({ code, columns }) => ({ code, columns }))).toEqual([
      { code: 'missing_columns', columns: ['kind'] },
      { code: 'unknown_columns', columns: ['kynd'] },
    ]);
  });

  it('reports progress on a large file and writes it in one go', async () => {
    const events: ImportJob[] = [];
    const unsubscribe = gw.bus.subscribe((e: GatewayEvent) => {
      if (e.type === 'import.progress') events.push(e.data);
    });
    const rows = Array.from({ length: 5000 }, (_, i) => `L-${String(i).padStart(5, '0')},apartment,${(i % 40) + 1}`);
    const job = await runImport('units', `code,kind,floor\n${rows.join('\n')}\n`);
    unsubscribe();
    expect(job).toMatchObject({ state: 'done', importedRows: 5000 });
    const checking = events.filter((e) => e.state === 'checking').map((e) => e.checkedRows);
    expect(checking.length).toBeGreaterThanOrEqual(10);
    expect(checking).toEqual([...checking].sort((a, b) => a - b));
    expect(events.at(-1)?.state).toBe('done');
  });

  it('lists the first 1,000 row problems and counts the rest, without stalling the gateway', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `,alien${i},not-a-phone`);
    const pending = runImport('people', `full_name,kind,phone\n${rows.join('\n')}\n`);
    expect((await call(gw.base, 'GET', '/api/health')).status).toBe(200);
    const job = await pending;
    expect(job.state).toBe('rejected');
    expect(job.errors).toHaveLength(1000);
    expect(job.errorCount).toBe(9000);
  });

  it('answers 404 for an unknown import and 413 for an oversized body', async () => {
    expect((await call(gw.base, 'GET', '/api/imports/00000000-0000-4000-8000-000000000000', { cookie: manager })).body.error.code).toBe('import_not_found');
    const huge = await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'X', kind: 'shop', floor: 1, note: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });
});
