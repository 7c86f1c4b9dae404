import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, type GatewayEvent } from '../../gateway/contract/index.js';
import { DecisionLog } from '../../db/access-log.js';
import { createSimulator } from '../../drivers/index.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { createPtyPair, socatAvailable } from '../support/pty.js';
import { skipWithout } from '../support/tools.js';

let gw: TestGateway;
let security: string;
let receptionist: string;
let controller: string;
let admin: string;
const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z')); // Monday 10:00 in Ho Chi Minh City

beforeAll(async () => {
  gw = await startTestGateway({ clock });
  await gw.addUser('bao.ve', 'security');
  await gw.addUser('le.tan', 'receptionist');
  security = await gw.login('bao.ve');
  receptionist = await gw.login('le.tan');
  const setup = async (method: string, path: string, body: unknown) => {
    const res = await call(gw.base, method, path, { cookie: security, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const lobby = await setup('POST', '/api/access/zones', { code: 'lobby', name: 'Sảnh', kind: 'door', floor: 0 });
  const f12 = await setup('POST', '/api/access/zones', { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12 });
  await setup('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cửa sảnh', zoneId: lobby.id, direction: 'in' });
  await setup('PUT', '/api/access/readers/f12', { id: 'f12', name: 'Thang máy 12', zoneId: f12.id });
  const office = await setup('POST', '/api/access/schedules', { name: 'office', intervals: [{ day: 1, from: '08:00', to: '18:00' }] });
  const group = await setup('POST', '/api/access/groups', { name: 'staff', rules: [{ zoneId: lobby.id, scheduleId: office.id }] });
  expect([lobby.id, f12.id, group.id]).toEqual([1, 2, 1]);
  admin = await gw.addUser('boss', 'admin').then(() => gw.login('boss'));
  controller = (await call(gw.base, 'POST', '/api/access/controllers', { cookie: admin, body: { name: 'Cửa sảnh' } })).body.token;
}, 30_000);
afterAll(() => gw.stop());

const decide = (readerId: string, uid: string) => call(gw.base, 'POST', '/api/access/decide', { token: controller, body: { readerId, uid } });
// Door decisions are group-committed a few ms after their answer (db/access-log.ts): commit what waits before reading.
const outbox = () => {
  DecisionLog.of(gw.db).flush();
  return gw.db.sqlite.prepare('SELECT type, aggregate_id FROM outbox ORDER BY id').all() as { type: string; aggregate_id: string }[];
};

describe('access configuration', () => {
  it('refuses bad schedules, unknown zones in groups and duplicate codes, changing nothing', async () => {
    const backwards = await call(gw.base, 'POST', '/api/access/schedules', { cookie: security, body: { name: 'bad', intervals: [{ day: 1, from: '18:00', to: '08:00' }] } });
    expect(backwards.status).toBe(400);
    const badTime = await call(gw.base, 'POST', '/api/access/schedules', { cookie: security, body: { name: 'bad', intervals: [{ day: 1, from: '8:00', to: '25:00' }] } });
    expect(badTime.status).toBe(400);
    const unknownZone = await call(gw.base, 'POST', '/api/access/groups', { cookie: security, body: { name: 'bad', rules: [{ zoneId: 42, scheduleId: 1 }] } });
    expect(unknownZone.body.error.fields[0]).toMatchObject({ path: ['rules', 0, 'zoneId'], code: 'unknown_zone' });
    expect((await call(gw.base, 'POST', '/api/access/zones', { cookie: security, body: { code: 'LOBBY', name: 'x', kind: 'door' } })).status).toBe(409);
    expect((await call(gw.base, 'GET', '/api/access/groups', { cookie: receptionist })).body.items.map((g: { name: string }) => g.name)).toEqual(['staff']);
    expect((await call(gw.base, 'POST', '/api/access/zones', { cookie: receptionist, body: { code: 'X', name: 'x', kind: 'door' } })).status).toBe(403);
    await call(gw.base, 'PUT', '/api/access/zones/2', { cookie: security, body: { code: 'F12', name: 'Tầng 12 (VIP)', kind: 'floor', floor: 12 } });
    const row = gw.db.sqlite.prepare("SELECT before, after FROM audit_log WHERE action = 'zone.update' ORDER BY id DESC LIMIT 1").get() as { before: string; after: string };
    expect([JSON.parse(row.before).name, JSON.parse(row.after).name]).toEqual(['Tầng 12', 'Tầng 12 (VIP)']);
  });
});

describe('card lifecycle and door decisions', () => {
  it('registers, activates and grants; a revocation denies the very next tap, live on the security feed', async () => {
    const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: security } });
    const events: GatewayEvent[] = [];
    ws.on('message', (d) => events.push(JSON.parse(String(d)) as GatewayEvent));
    await new Promise((r) => ws.once('message', r));

    const card = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: '62:e3:08:6c:ed', technology: 'em4100' } });
    expect(card).toMatchObject({ status: 201, body: { uid: '62E3086CED', status: 'in_stock' } });
    expect((await decide('lobby-in', '62E3086CED')).body).toMatchObject({ granted: false, reason: 'not_active' });

    const activated = await call(gw.base, 'POST', `/api/cards/${card.body.id}/activate`, { cookie: security, body: { holderKind: 'staff', accessGroupIds: [1] } });
    expect(activated.body).toMatchObject({ status: 'active', accessGroupIds: [1] });
    expect((await decide('lobby-in', '62E3086CED')).body).toMatchObject({ granted: true, reason: 'granted' });
    expect((await decide('f12', '62E3086CED')).body).toMatchObject({ granted: false, reason: 'zone_not_allowed' });

    await call(gw.base, 'POST', `/api/cards/${card.body.id}/status`, { cookie: security, body: { action: 'revoke', reason: 'nhân viên nghỉ việc' } });
    expect((await decide('lobby-in', '62E3086CED')).body).toMatchObject({ granted: false, reason: 'not_active' });
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'access.decided' && e.data.reason === 'not_active' && e.data.cardId === card.body.id); i++) await new Promise((r) => setTimeout(r, 20));
    const denied = events.filter((e) => e.type === 'access.decided').at(-1);
    expect(denied).toMatchObject({ data: { granted: false, reason: 'not_active', readerName: 'Cửa sảnh' } });
    expect(events.some((e) => e.type === 'card.changed' && e.data.status === 'revoked')).toBe(true);
    ws.close();

    expect(outbox().filter((e) => e.aggregate_id === String(card.body.id)).map((e) => e.type)).toEqual([
      'card.registered',
      'access.decided',
      'card.activated',
      'access.decided',
      'access.decided',
      'card.revoked',
      'access.decided',
    ]);
  });

  it('never reactivates a revoked card, and refuses transitions the state machine does not allow', async () => {
    const { body: card } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: 'DEADBEEF', technology: 'mifare_classic' } });
    expect((await call(gw.base, 'POST', `/api/cards/${card.id}/status`, { cookie: security, body: { action: 'resume', reason: 'x' } })).body.error).toMatchObject({ code: 'card_transition_invalid', params: { from: 'in_stock', action: 'resume' } });
    await call(gw.base, 'POST', `/api/cards/${card.id}/status`, { cookie: security, body: { action: 'revoke', reason: 'hỏng' } });
    const again = await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'staff', accessGroupIds: [1] } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'card_transition_invalid' } } });
    expect((await call(gw.base, 'GET', `/api/cards/${card.id}`, { cookie: receptionist })).body.status).toBe('revoked');
  });

  it('replaces a lost card in one step: the old one is lost, the new one has the same holder and access', async () => {
    const { body: card } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: '0A0B0C0D0E', technology: 'em4100' } });
    await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'resident', accessGroupIds: [1], zoneIds: [2] } });
    const replaced = await call(gw.base, 'POST', `/api/cards/${card.id}/replace`, { cookie: security, body: { uid: '0102030405', technology: 'em4100', reason: 'cư dân báo mất thẻ' } });
    expect(replaced.body.old).toMatchObject({ status: 'lost' });
    expect(replaced.body.replacement).toMatchObject({ uid: '0102030405', status: 'active', accessGroupIds: [1], zoneIds: [2], holderKind: 'resident' });
    expect((await decide('lobby-in', '0A0B0C0D0E')).body.reason).toBe('not_active');
    expect((await decide('f12', '0102030405')).body.granted).toBe(true);
    const detail = await call(gw.base, 'GET', `/api/cards/${card.id}`, { cookie: security });
    expect(detail.body.events.map((e: { kind: string; username: string }) => [e.kind, e.username])).toEqual([
      ['lost', 'bao.ve'],
      ['activated', 'bao.ve'],
      ['registered', 'bao.ve'],
    ]);
  });

  it('rolls the whole replacement back when the new UID is taken', async () => {
    const { body: card } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: 'A1A2A3A4', technology: 'mifare_classic' } });
    await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'staff', accessGroupIds: [1] } });
    const published: GatewayEvent[] = [];
    const unsubscribe = gw.bus.subscribe((e) => published.push(e));
    const taken = await call(gw.base, 'POST', `/api/cards/${card.id}/replace`, { cookie: security, body: { uid: 'DEADBEEF', technology: 'mifare_classic', reason: 'mất' } });
    unsubscribe();
    expect(taken.status).toBe(409);
    expect(published.filter((e) => e.type === 'card.changed')).toEqual([]);
    expect(gw.db.sqlite.prepare("SELECT count(*) AS n FROM card_events WHERE card_id = ? AND kind = 'lost'").get(card.id)).toEqual({ n: 0 });
    expect((await call(gw.base, 'GET', `/api/cards/${card.id}`, { cookie: security })).body.status).toBe('active');
  });

  it('validates activation input and says what is wrong', async () => {
    const { body: card } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: 'B1B2B3B4', technology: 'mifare_classic' } });
    const noAccess = await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'visitor' } });
    expect(noAccess.status).toBe(400);
    const badZone = await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'visitor', zoneIds: [99] } });
    expect(badZone.body.error.fields[0]).toMatchObject({ path: ['zoneIds', 0], code: 'unknown_zone' });
    const past = await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'visitor', zoneIds: [2], validUntil: '2026-11-22T00:00:00Z' } });
    expect(past.body.error.fields[0]).toMatchObject({ path: ['validUntil'], code: 'in_the_past' });
    expect((await call(gw.base, 'GET', `/api/cards/${card.id}`, { cookie: security })).body.status).toBe('in_stock');
    expect((await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: 'XYZ', technology: 'em4100' } })).status).toBe(400);
    expect((await decide('no-such-reader', 'B1B2B3B4')).body.reason).toBe('reader_unknown');
  });

  it.skipIf(skipWithout(socatAvailable()))('decides taps from a door reader on a serial port, live', async () => {
    const pty = await createPtyPair();
    await call(gw.base, 'POST', '/api/devices', { cookie: admin, body: { id: 'door-lobby', name: 'Đầu đọc cửa sảnh', driver: 'em4100', role: 'door_reader', portPath: pty.a } });
    await call(gw.base, 'PUT', '/api/access/readers/lobby-in', { cookie: security, body: { id: 'lobby-in', name: 'Cửa sảnh', zoneId: 1, deviceId: 'door-lobby' } });
    const decided: GatewayEvent[] = [];
    const unsubscribe = gw.bus.subscribe((e) => e.type === 'access.decided' && decided.push(e));
    const sim = await createSimulator('em4100', pty.b);
    sim.presentCard('0102030405');
    for (let i = 0; i < 100 && decided.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    unsubscribe();
    await sim.close();
    await call(gw.base, 'DELETE', '/api/devices/door-lobby', { cookie: admin });
    await pty.close();
    expect(decided[0]).toMatchObject({ data: { readerId: 'lobby-in', uid: '0102030405', granted: true, readerName: 'Cửa sảnh' } });
  });

  it('finds cards by UID prefix, status and holder', async () => {
    const byUid = await call(gw.base, 'GET', '/api/cards?q=62e3', { cookie: receptionist });
    expect(byUid.body.items.map((c: { uid: string }) => c.uid)).toEqual(['62E3086CED']);
    const lost = await call(gw.base, 'GET', '/api/cards?status=lost', { cookie: receptionist });
    expect(lost.body.items.map((c: { uid: string }) => c.uid)).toEqual(['0A0B0C0D0E']);
  });
});

describe('bulk actions, per-unit counts and the watchlist', () => {
  it('previews a bulk suspension card by card, then applies only the allowed ones', async () => {
    const ids: number[] = [];
    for (const uid of ['C0000001', 'C0000002']) {
      const { body } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid, technology: 'mifare_classic' } });
      await call(gw.base, 'POST', `/api/cards/${body.id}/activate`, { cookie: security, body: { holderKind: 'contractor', accessGroupIds: [1] } });
      ids.push(body.id);
    }
    const revoked = (await call(gw.base, 'GET', '/api/cards?status=revoked', { cookie: security })).body.items[0].id;
    const preview = await call(gw.base, 'POST', '/api/cards/bulk', { cookie: security, body: { ids: [...ids, revoked, 9999], action: 'suspend', reason: 'nhà thầu tạm dừng thi công' } });
    expect(preview.body).toMatchObject({
      applied: false,
      items: [
        { id: ids[0], from: 'active', to: 'suspended', refused: null },
        { id: ids[1], from: 'active', to: 'suspended', refused: null },
        { id: revoked, from: 'revoked', to: null, refused: 'card_transition_invalid' },
        { id: 9999, refused: 'not_found' },
      ],
    });
    expect((await call(gw.base, 'GET', `/api/cards/${ids[0]}`, { cookie: security })).body.status).toBe('active');
    const applied = await call(gw.base, 'POST', '/api/cards/bulk', { cookie: security, body: { ids: [...ids, revoked], action: 'suspend', reason: 'nhà thầu tạm dừng thi công', preview: false } });
    expect(applied.body.applied).toBe(true);
    expect((await call(gw.base, 'GET', '/api/cards?status=suspended', { cookie: security })).body.items.map((c: { id: number }) => c.id).sort()).toEqual([...ids].sort());
  });

  it('gives a resident card its unit floor and the common areas without further setup', async () => {
    const gym = (await call(gw.base, 'POST', '/api/access/zones', { cookie: security, body: { code: 'GYM', name: 'Phòng gym', kind: 'common' } })).body;
    const manager = await gw.addUser('ql.cu.dan', 'manager').then(() => gw.login('ql.cu.dan'));
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'A-1201', kind: 'apartment', floor: 12 } })).body;
    const { body: card } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid: 'E0000001', technology: 'mifare_classic' } });
    const activated = await call(gw.base, 'POST', `/api/cards/${card.id}/activate`, { cookie: security, body: { holderKind: 'resident', unitId: unit.id } });
    expect(activated.body.zoneIds).toEqual([2, gym.id]);
    expect((await decide('f12', 'E0000001')).body.granted).toBe(true);
    expect((await decide('lobby-in', 'E0000001')).body.reason).toBe('zone_not_allowed');
  });

  it('counts active cards per unit against the free quota', async () => {
    const manager = await gw.addUser('quan.ly', 'manager').then(() => gw.login('quan.ly'));
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'A-0101', kind: 'apartment', floor: 1, freeCardQuota: 1 } })).body;
    for (const uid of ['D0000001', 'D0000002']) {
      const { body } = await call(gw.base, 'POST', '/api/cards', { cookie: security, body: { uid, technology: 'mifare_classic' } });
      await call(gw.base, 'POST', `/api/cards/${body.id}/activate`, { cookie: security, body: { holderKind: 'resident', unitId: unit.id, accessGroupIds: [1] } });
    }
    const summary = await call(gw.base, 'GET', '/api/cards/by-unit', { cookie: receptionist });
    expect(summary.body.items.find((u: { unitCode: string }) => u.unitCode === 'A-0101')).toEqual({ unitId: unit.id, unitCode: 'A-0101', floor: 1, freeCardQuota: 1, activeCards: 2, suspendedCards: 0, overQuota: 1 });
  });

  it('keeps ID numbers on the watchlist only as keyed hashes', async () => {
    const added = await call(gw.base, 'POST', '/api/watchlist', { cookie: security, body: { fullName: 'Trần Văn Gây Rối', idNumber: '001 090 123456', reason: 'quấy rối cư dân' } });
    expect(added).toMatchObject({ status: 201, body: { fullName: 'Trần Văn Gây Rối', hasIdNumber: true, active: true, createdBy: 'bao.ve' } });
    const stored = gw.db.sqlite.prepare('SELECT * FROM watchlist WHERE id = ?').get(added.body.id) as Record<string, unknown>;
    expect(JSON.stringify(stored)).not.toContain('001090123456');
    expect(stored.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(gw.base, 'POST', '/api/watchlist', { cookie: security, body: { reason: 'no one' } })).status).toBe(400);
    expect((await call(gw.base, 'GET', '/api/watchlist', { cookie: receptionist })).status).toBe(403);
    const off = await call(gw.base, 'POST', `/api/watchlist/${added.body.id}/deactivate`, { cookie: security });
    expect(off.body.active).toBe(false);
    expect(gw.db.sqlite.prepare("SELECT type FROM outbox WHERE aggregate_type = 'watchlist' ORDER BY id").all()).toEqual([{ type: 'watchlist.added' }, { type: 'watchlist.removed' }]);
  });
});
