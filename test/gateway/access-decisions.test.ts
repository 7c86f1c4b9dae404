/**
 * Door decisions through the gateway with the configuration cache and the group-committed log: every change made
 * over the API (schedule, holiday, reader, zone, card status) is seen by the very next decision, and the decisions
 * answered are written when the gateway or the access service closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../db/access-log.js';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { EventBus } from '../../gateway/events.js';
import { AccessService } from '../../gateway/services/access.js';
import { tempDb } from '../support/db.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';

const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z')); // Monday 10:00 in Ho Chi Minh City
const office = [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:00', to: '18:00' }));

describe('door decisions over HTTP see every configuration change at the next tap', () => {
  let gw: TestGateway;
  let security: string;
  let controller: string;
  let ids: { lobby: number; f12: number; office: number; card: number };

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    await gw.addUser('bao.ve', 'security');
    await gw.addUser('boss', 'admin');
    security = await gw.login('bao.ve');
    const admin = await gw.login('boss');
    const post = async (method: string, path: string, body: unknown) => {
      const res = await call(gw.base, method, path, { cookie: security, body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const lobby = await post('POST', '/api/access/zones', { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0 });
    const f12 = await post('POST', '/api/access/zones', { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12 });
    await post('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cửa sảnh', zoneId: lobby.id });
    const schedule = await post('POST', '/api/access/schedules', { name: 'office', intervals: office });
    const group = await post('POST', '/api/access/groups', { name: 'staff', rules: [{ zoneId: lobby.id, scheduleId: schedule.id }] });
    const card = await post('POST', '/api/cards', { uid: 'DEADBEEF', technology: 'mifare_classic' });
    await post('POST', `/api/cards/${card.id}/activate`, { holderKind: 'staff', accessGroupIds: [group.id] });
    controller = (await call(gw.base, 'POST', '/api/access/controllers', { cookie: admin, body: { name: 'Cửa sảnh' } })).body.token;
    ids = { lobby: lobby.id, f12: f12.id, office: schedule.id, card: card.id };
  }, 30_000);
  afterAll(() => gw?.stop());

  const decide = async () => (await call(gw.base, 'POST', '/api/access/decide', { token: controller, body: { readerId: 'lobby-in', uid: 'DEADBEEF' } })).body.reason as string;
  const change = async (method: string, path: string, body?: unknown) => expect((await call(gw.base, method, path, { cookie: security, body })).status).toBeLessThan(300);

  it('schedule, holiday, reader, zone anti-passback, card status', async () => {
    expect(await decide()).toBe('granted');
    await change('PUT', `/api/access/schedules/${ids.office}`, { name: 'office', intervals: [{ day: 1, from: '12:00', to: '18:00' }] });
    expect(await decide()).toBe('outside_schedule');
    await change('PUT', `/api/access/schedules/${ids.office}`, { name: 'office', intervals: office });
    expect(await decide()).toBe('granted');

    await change('PUT', '/api/access/holidays/2026-11-23', { date: '2026-11-23', name: 'Ngày nghỉ bù' });
    expect(await decide()).toBe('outside_schedule');
    await change('DELETE', '/api/access/holidays/2026-11-23');
    expect(await decide()).toBe('granted');

    await change('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cửa sảnh', zoneId: ids.f12 });
    expect(await decide()).toBe('zone_not_allowed');
    await change('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cửa sảnh', zoneId: ids.lobby });
    expect(await decide()).toBe('granted');

    await change('PUT', `/api/access/zones/${ids.lobby}`, { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0, antiPassback: true });
    expect(await decide()).toBe('granted');
    expect(await decide()).toBe('anti_passback');
    await change('PUT', `/api/access/zones/${ids.lobby}`, { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0, antiPassback: false });
    expect(await decide()).toBe('granted');

    await change('POST', `/api/cards/${ids.card}/status`, { action: 'suspend', reason: 'tạm nghỉ' });
    expect(await decide()).toBe('not_active');
    await change('POST', `/api/cards/${ids.card}/status`, { action: 'resume', reason: 'đi làm lại' });
    expect(await decide()).toBe('granted');
    await change('POST', `/api/cards/${ids.card}/status`, { action: 'revoke', reason: 'nghỉ việc' });
    expect(await decide()).toBe('not_active');

    // Every decision is logged once, in order, with the card's lifecycle events interleaved as they happened.
    DecisionLog.of(gw.db).flush();
    const types = (gw.db.sqlite.prepare("SELECT type, payload FROM outbox WHERE aggregate_type = 'card' ORDER BY id").all() as { type: string; payload: string }[]).map((r) =>
      r.type === 'access.decided' ? (JSON.parse(r.payload) as { reason: string }).reason : r.type,
    );
    expect(types).toEqual([
      'card.registered',
      'card.activated',
      ...['granted', 'outside_schedule', 'granted', 'outside_schedule', 'granted', 'zone_not_allowed', 'granted', 'granted', 'anti_passback', 'granted'],
      'card.suspended',
      'not_active',
      'card.resumed',
      'granted',
      'card.revoked',
      'not_active',
    ]);
  });

  it('writes the decisions it answered when the gateway closes', async () => {
    const dataDir = gw.dataDir;
    expect(await decide()).toBe('not_active');
    await gw.close();
    const db = openDatabase(`${dataDir}/frontgate.db`);
    try {
      expect(db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'access.decided'").get()).toEqual({ n: 14 });
      expect(db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get()).toEqual({ n: 14 });
    } finally {
      closeDatabase(db);
    }
  });
});

describe('access service', () => {
  it('writes the waiting decisions on close, then refuses decisions (the gateway is stopping)', () => {
    const { db, dispose } = tempDb();
    try {
      db.sqlite.exec(`
        INSERT INTO site (id, code, name, timezone, default_locale, created_at, updated_at) VALUES (1, 'TEST', 'Test', 'Asia/Ho_Chi_Minh', 'vi', 0, 0);
        INSERT INTO access_zones (id, code, name, kind) VALUES (1, 'LOBBY', 'Sảnh', 'door');
        INSERT INTO access_readers (id, name, zone_id) VALUES ('lobby-in', 'Cửa sảnh', 1);
      `);
      const logged: string[] = [];
      const service = new AccessService({ db, clock, bus: new EventBus() }, (message) => logged.push(message), { maxDelayMs: 3_600_000 });
      for (let i = 0; i < 3; i++) expect(service.decide('lobby-in', '0102030405').reason).toBe('unknown_card');
      expect(db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get()).toEqual({ n: 0 });
      service.close();
      expect(db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get()).toEqual({ n: 3 });
      expect(() => service.decide('lobby-in', '0102030405')).toThrow(/closed/);
      expect(logged).toEqual([]);
    } finally {
      dispose();
    }
  });
});
