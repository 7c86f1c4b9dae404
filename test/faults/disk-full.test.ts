/**
 * Disk full, emulated with PRAGMA max_page_count on the gateway's own connection and on the one that writes the door
 * decisions' batches in the background (the database cannot grow, exactly as when the disk has no room left): the API answers 507 `storage_full`, the transaction is rolled back whole, the
 * database stays intact, reads go on, and writes work again as soon as there is room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../db/access-log.js';
import { rowCounts } from '../support/faults.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let cookie: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('boss', 'admin');
  cookie = await gw.login('boss');
}, 30_000);
afterAll(() => gw.stop());

const unit = (i: number) => ({ code: `FULL-${i}`, kind: 'shop', floor: 1, note: `${i} ${'n'.repeat(480)}` });

describe('disk full', () => {
  it('refuses the change with storage_full, leaves nothing half-written, and recovers when space returns', async () => {
    const controllerToken = (await call(gw.base, 'POST', '/api/access/controllers', { cookie, body: { name: 'Gate' } })).body.token as string;
    const pages = gw.db.sqlite.pragma('page_count', { simple: true }) as number;
    gw.db.sqlite.pragma(`max_page_count = ${pages}`);
    expect(DecisionLog.of(gw.db).offThread).toBe(true);
    DecisionLog.of(gw.db).writerPragma(`max_page_count = ${pages}`);
    // Fill what room is left in the existing pages until a change needs a new one.
    let refused: { status: number; body: any } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- error body
    let before = rowCounts(gw.db);
    let i = 0;
    for (; i < 500 && !refused; i++) {
      before = rowCounts(gw.db);
      const answer = await call(gw.base, 'POST', '/api/units', { cookie, body: unit(i) });
      if (answer.status !== 201) refused = answer;
    }
    expect(refused).toEqual({ status: 507, body: { error: { code: 'storage_full', message: 'the gateway disk is full; the change was not saved' } } });
    const failed = i - 1;
    // Not the unit, not its audit row, not its outbox event.
    expect(rowCounts(gw.db)).toEqual(before);
    expect(gw.db.sqlite.prepare('SELECT count(*) AS n FROM units WHERE code = ?').get(`FULL-${failed}`)).toEqual({ n: 0 });
    expect(gw.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    // Door decisions must be logged. Their rows are small and fill the last free bytes; once none fit, a controller
    // gets 507 and the door stays shut (fail-secure), and no unlogged decision exists.
    const decisionCount = () => gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get();
    let door: { status: number; body: any } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- decision or error
    let decisions = decisionCount();
    for (let tap = 0; tap < 5000 && door?.status !== 507; tap++) {
      decisions = decisionCount();
      door = await call(gw.base, 'POST', '/api/access/decide', { token: controllerToken, body: { readerId: 'gate-in', uid: '62E3086CED' } });
    }
    expect(door).toMatchObject({ status: 507, body: { error: { code: 'storage_full' } } });
    expect(decisionCount()).toEqual(decisions);

    // Reads go on while the disk is full.
    expect((await call(gw.base, 'GET', '/api/units?limit=5', { cookie })).status).toBe(200);
    expect((await call(gw.base, 'GET', '/api/health')).body).toMatchObject({ status: 'ok', database: { ok: true } });
    // Still full: refused again, still nothing written.
    before = rowCounts(gw.db);
    expect((await call(gw.base, 'POST', '/api/units', { cookie, body: unit(failed) })).status).toBe(507);
    expect(rowCounts(gw.db)).toEqual(before);

    // Space returns: the same change goes through, whole.
    gw.db.sqlite.pragma(`max_page_count = ${pages * 1000}`);
    DecisionLog.of(gw.db).writerPragma(`max_page_count = ${pages * 1000}`);
    const retried = await call(gw.base, 'POST', '/api/units', { cookie, body: unit(failed) });
    expect(retried.status).toBe(201);
    const after = rowCounts(gw.db);
    expect(after.units).toBe(before.units + 1);
    expect(after.audit).toBe(before.audit + 1);
    expect((await call(gw.base, 'POST', '/api/access/decide', { token: controllerToken, body: { readerId: 'gate-in', uid: '62E3086CED' } })).status).toBe(200);
    expect(gw.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
