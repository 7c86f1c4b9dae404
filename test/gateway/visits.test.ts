/**
 * Visitors over the real HTTP API: registration, watchlist stop and override, custody, cards (pool and PN532
 * encode on the demo simulator), check-out by card, expected visitors, the visit log, privacy and retention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SAMPLE_CCCD_QR, SAMPLE_MRZ_TD3 } from '../../drivers/simulators/index.js';
import { detectAndParse } from '../../drivers/id-documents/index.js';
import { WS_PROTOCOL, type GatewayEvent } from '../../gateway/contract/index.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let desk: string;
let security: string;
let admin: string;
let contactDesk: string;
const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z'));
const ids = { unit: 0, company: 0, resident: 0, staff: 0, floor12: 0, floor5: 0, lobby: 0 };

const api = (cookie: string, method: string, path: string, body?: unknown) => call(gw.base, method, path, { cookie, ...(body !== undefined && { body }) });
const ok = async (cookie: string, method: string, path: string, body?: unknown) => {
  const res = await api(cookie, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const register = (over: Record<string, unknown> = {}, cookie = desk) =>
  api(cookie, 'POST', '/api/visits', { fullName: 'Phạm Minh Khoa', purpose: 'service', host: { personId: ids.resident }, ...over });
const outboxTypes = (ref: string) => (gw.db.sqlite.prepare('SELECT type FROM outbox WHERE aggregate_id = ? ORDER BY id').all(ref) as { type: string }[]).map((r) => r.type);
const auditActions = (id: number) => (gw.db.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'visit' AND entity_id = ? ORDER BY id").all(String(id)) as { action: string }[]).map((r) => r.action);
const rowCount = (table: string) => (gw.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const scanned = (text: string) => {
  const doc = detectAndParse(text);
  return { ...doc, hasPhoto: false, extra: doc.extra ?? {} };
};

beforeAll(async () => {
  gw = await startTestGateway({ clock });
  await gw.addUser('le.tan', 'receptionist');
  await gw.addUser('le.tan.2', 'receptionist', undefined, ['people.contact']);
  await gw.addUser('bao.ve', 'security');
  await gw.addUser('boss', 'admin');
  desk = await gw.login('le.tan');
  contactDesk = await gw.login('le.tan.2');
  security = await gw.login('bao.ve');
  admin = await gw.login('boss');
  ids.unit = (await ok(admin, 'POST', '/api/units', { code: 'A-1203', kind: 'apartment', floor: 12 })).id;
  const office = (await ok(admin, 'POST', '/api/units', { code: 'B-0501', kind: 'office', floor: 5 })).id;
  ids.company = (await ok(admin, 'POST', '/api/companies', { name: 'Công ty TNHH Sao Mai', unitId: office })).id;
  ids.resident = (await ok(admin, 'POST', '/api/people', { kind: 'resident', fullName: 'Nguyễn Văn Đức', phone: '+84 912 345 678', email: 'duc@example.vn', units: [{ unitId: ids.unit, relation: 'owner' }] })).id;
  ids.staff = (await ok(admin, 'POST', '/api/people', { kind: 'staff', fullName: 'Trần Thị Mai', phone: '+84 988 000 111', email: 'mai@saomai.vn', companyId: ids.company })).id;
  ids.floor12 = (await ok(admin, 'POST', '/api/access/zones', { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12 })).id;
  ids.floor5 = (await ok(admin, 'POST', '/api/access/zones', { code: 'F05', name: 'Tầng 5', kind: 'floor', floor: 5 })).id;
  ids.lobby = (await ok(admin, 'POST', '/api/access/zones', { code: 'LOBBY', name: 'Sảnh', kind: 'common' })).id;
}, 30_000);
afterAll(() => gw.stop());

describe('desk registration', () => {
  it('checks a service visitor in with a scanned CCCD, the host floor, audit and outbox in one go', async () => {
    const doc = scanned(SAMPLE_CCCD_QR);
    const res = await register({ fullName: doc.fullName, document: { type: 'cccd', number: doc.number, source: 'scan', scanned: doc } });
    expect(res.status).toBe(201);
    const v = res.body;
    expect(v).toMatchObject({ status: 'checked_in', channel: 'desk', docType: 'cccd', docSource: 'scan', docNumberHint: doc.number.slice(-4), destinationFloors: [12], host: { personId: ids.resident, label: 'Nguyễn Văn Đức' } });
    expect(v.ref).toMatch(/^V[0-9A-Z]{10}$/);
    expect(v.docChecks.length).toBeGreaterThan(0);
    expect(v).not.toHaveProperty('phone');
    expect(auditActions(v.id)).toEqual(['visit.checked_in']);
    expect(outboxTypes(v.ref)).toEqual(['visit.checked_in']);
    // The ID number and document data are sealed at rest: neither the number nor the name of the scan is readable.
    const row = gw.db.sqlite.prepare('SELECT doc_number_sealed, doc_data_sealed, doc_number_hash FROM visits WHERE id = ?').get(v.id) as Record<string, Buffer | string>;
    expect(Buffer.from(row.doc_number_sealed as Buffer).includes(Buffer.from(doc.number))).toBe(false);
    expect(Buffer.from(row.doc_data_sealed as Buffer).includes(Buffer.from(doc.number))).toBe(false);
    expect(row.doc_number_hash).toMatch(/^[0-9a-f]{64}$/);
    // The same document cannot open a second visit while the first is open.
    const again = await register({ fullName: doc.fullName, document: { type: 'cccd', number: doc.number, source: 'manual' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'visit_duplicate', params: { ref: v.ref } });
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
  });

  it('registers a passport from an MRZ scan and finds it by exact ID number', async () => {
    const doc = scanned(SAMPLE_MRZ_TD3);
    const v = (await register({ fullName: doc.fullName, document: { type: 'passport', number: doc.number, source: 'scan', scanned: doc }, host: { companyId: ids.company } })).body;
    expect(v).toMatchObject({ status: 'checked_in', docType: 'passport', destinationFloors: [5], host: { companyId: ids.company, label: 'Công ty TNHH Sao Mai' } });
    const found = await ok(desk, 'GET', `/api/visits?idNumber=${encodeURIComponent(doc.number.toLowerCase())}`);
    expect(found.items.map((i: { id: number }) => i.id)).toEqual([v.id]);
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const before = [rowCount('visits'), rowCount('audit_log'), rowCount('outbox')];
    const cases: [Record<string, unknown>, string][] = [
      [{ document: { type: 'cn_id', number: '11010519491231002Y', source: 'manual' } }, 'document'],
      [{ document: { type: 'cn_id', number: '110105194912310020', source: 'manual' } }, 'document'], // wrong check digit
      [{ document: { type: 'cccd', number: '12345', source: 'manual' } }, 'document'],
      [{ host: { personId: 99999 } }, 'host'],
      [{ host: { personId: ids.resident, unitId: ids.unit } }, 'host'],
      [{ host: {} }, 'host'],
      [{ purpose: 'party' }, 'purpose'],
      [{ fullName: '   ' }, 'fullName'],
      [{ photo: 'data:text/html;base64,PHNjcmlwdD4=' }, 'photo'],
      [{ expectedEnd: '2026-11-22T03:00:00Z' }, 'expectedEnd'],
    ];
    for (const [over, field] of cases) {
      const res = await register(over);
      expect(res.status, JSON.stringify(over)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body.error.fields ?? []), JSON.stringify(over)).toContain(field);
    }
    expect([rowCount('visits'), rowCount('audit_log'), rowCount('outbox')]).toEqual(before);
  });

  it('accepts a valid Chinese ID number typed by hand (GB 11643 check digit)', async () => {
    const v = (await register({ fullName: '王小明', document: { type: 'cn_id', number: '11010519491231002X', source: 'manual' } })).body;
    expect(v).toMatchObject({ status: 'checked_in', docType: 'cn_id', docNumberHint: '002X' });
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
  });
});

describe('watchlist', () => {
  it('stops a listed visitor, alerts security live, and lets security override with a reason', async () => {
    await ok(security, 'POST', '/api/watchlist', { fullName: 'Lê Văn Cấm', idNumber: null, reason: 'trespass 2026-10' });
    const events: GatewayEvent[] = [];
    const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: security } });
    await new Promise((resolve) => ws.once('message', resolve));
    ws.on('message', (m) => events.push(JSON.parse(String(m)) as GatewayEvent));

    const blocked = (await register({ fullName: 'le van cam' })).body;
    expect(blocked).toMatchObject({ status: 'blocked', checkedInAt: null, watchlist: { entryId: expect.any(Number) } });
    expect(blocked.watchlist).not.toHaveProperty('reason'); // the desk is not told why
    await expect.poll(() => events.find((e) => e.type === 'visit.alert')).toBeTruthy();
    const alert = events.find((e) => e.type === 'visit.alert');
    expect(alert?.type === 'visit.alert' && alert.data).toMatchObject({ reason: 'trespass 2026-10', visit: { id: blocked.id } });
    ws.close();

    const card = await api(desk, 'POST', `/api/visits/${blocked.id}/card`, { source: 'pool', uid: '0A0B0C0D0E' });
    expect(card.body.error.code).toBe('visit_blocked');
    expect((await api(desk, 'POST', `/api/visits/${blocked.id}/override`, { reason: 'ok' })).status).toBe(403);
    const seen = await ok(security, 'GET', `/api/visits/${blocked.id}`);
    expect(seen.watchlist.reason).toBe('trespass 2026-10');
    const let_in = await ok(security, 'POST', `/api/visits/${blocked.id}/override`, { reason: 'Ban quản lý xác nhận' });
    expect(let_in).toMatchObject({ status: 'checked_in', override: { by: 'bao.ve', reason: 'Ban quản lý xác nhận' } });
    expect(outboxTypes(blocked.ref)).toEqual(['visit.blocked', 'visit.override']);
    await ok(desk, 'POST', `/api/visits/${blocked.id}/check-out`);
  });

  it('stops a visitor by the listed ID number alone, whatever name they give; another number passes', async () => {
    await ok(security, 'POST', '/api/watchlist', { fullName: null, idNumber: '001099077777', reason: 'forged badge 2026-09' });
    const events: GatewayEvent[] = [];
    const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: security } });
    await new Promise((resolve) => ws.once('message', resolve));
    ws.on('message', (m) => events.push(JSON.parse(String(m)) as GatewayEvent));

    const res = await register({ fullName: 'Phan Thị Khác Tên', document: { type: 'cccd', number: '001099077777', source: 'manual' } });
    expect(res.status).toBe(201);
    const blocked = res.body;
    expect(blocked).toMatchObject({ status: 'blocked', checkedInAt: null, watchlist: { entryId: expect.any(Number) } });
    expect(blocked.watchlist).not.toHaveProperty('reason');
    await expect.poll(() => events.find((e) => e.type === 'visit.alert' && e.data.visit.id === blocked.id)).toBeTruthy();
    const alert = events.find((e) => e.type === 'visit.alert' && e.data.visit.id === blocked.id);
    expect(alert?.type === 'visit.alert' && alert.data).toMatchObject({ reason: 'forged badge 2026-09', visit: { id: blocked.id, status: 'blocked' } });
    ws.close();
    expect((await api(desk, 'POST', `/api/visits/${blocked.id}/card`, { source: 'pool', uid: '0A0B0C0D1E' })).body.error.code).toBe('visit_blocked');
    expect(outboxTypes(blocked.ref)).toEqual(['visit.blocked']);
    expect(auditActions(blocked.id)).toEqual(['visit.blocked']);

    // One digit off: not the listed person.
    const passed = (await register({ fullName: 'Phan Thị Khác Tên', document: { type: 'cccd', number: '001099077778', source: 'manual' } })).body;
    expect(passed).toMatchObject({ status: 'checked_in', watchlist: null });
    await ok(desk, 'POST', `/api/visits/${passed.id}/check-out`);
    await ok(security, 'POST', `/api/visits/${blocked.id}/override`, { reason: 'Ban quản lý xác nhận' });
    await ok(desk, 'POST', `/api/visits/${blocked.id}/check-out`);
  });
});

describe('cards, custody and check-out', () => {
  it('issues a pool card for the visit floors until its end, and a card tap checks out (card inactive at once)', async () => {
    const v = (await register({ expectedEnd: '2026-11-23T05:00:00Z' })).body;
    const issued = await ok(desk, 'POST', `/api/visits/${v.id}/card`, { source: 'pool', uid: '0102030405' });
    expect(issued.card).toMatchObject({ uid: '0102030405', status: 'active' });
    const card = await ok(security, 'GET', `/api/cards/${issued.card.id}`);
    expect(card).toMatchObject({ holderKind: 'visitor', status: 'active', validUntil: '2026-11-23T05:00:00.000Z' });
    expect([...card.zoneIds].sort()).toEqual([ids.floor12, ids.lobby].sort());

    // One card per open visit; one open visit per card.
    expect((await api(desk, 'POST', `/api/visits/${v.id}/card`, { source: 'pool', uid: '0102030499' })).body.error.code).toBe('visit_has_card');
    const other = (await register({ fullName: 'Đỗ Thu Trang' })).body;
    expect((await api(desk, 'POST', `/api/visits/${other.id}/card`, { source: 'pool', uid: '0102030405' })).body.error.code).toBe('card_in_use');

    const out = await ok(desk, 'POST', '/api/visits/check-out-by-card', { uid: '01:02:03:04:05' });
    expect(out).toMatchObject({ closed: true, documentSlot: null, visit: { id: v.id, status: 'checked_out', card: null } });
    expect((await ok(security, 'GET', `/api/cards/${issued.card.id}`)).status).toBe('returned');
    expect(outboxTypes(v.ref)).toEqual(['visit.checked_in', 'visit.card_issued', 'visit.checked_out']);
    // The returned card can serve the next visitor.
    expect((await ok(desk, 'POST', `/api/visits/${other.id}/card`, { source: 'pool', uid: '0102030405' })).card.status).toBe('active');
    await ok(desk, 'POST', `/api/visits/${other.id}/check-out`);
    expect((await api(desk, 'POST', '/api/visits/check-out-by-card', { uid: '0102030405' })).status).toBe(404);
  });

  it('encodes a blank MIFARE card on the PN532 encoder and activates only a written card', async () => {
    const v = (await register({ fullName: 'Hoàng Anh Tuấn' })).body;
    // No card on the encoder: the encode fails, nothing is active, the desk sees why.
    const failed = await api(desk, 'POST', `/api/visits/${v.id}/card`, { source: 'encode', deviceId: 'sim-encoder' });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(['card_encode_failed', 'device_timeout']).toContain(failed.body.error.code);
    expect((await ok(desk, 'GET', `/api/visits/${v.id}`)).card).toBeNull();
    expect(auditActions(v.id)).toContain('visit.card_encode_failed');

    await ok(admin, 'POST', '/api/devices/sim-encoder/simulate', { action: 'present', uid: 'CAFEF00D' });
    const issued = await ok(desk, 'POST', `/api/visits/${v.id}/card`, { source: 'encode', deviceId: 'sim-encoder' });
    expect(issued.card).toMatchObject({ uid: 'CAFEF00D', status: 'active' });
    expect((await ok(security, 'GET', `/api/cards/${issued.card.id}`)).technology).toBe('mifare_classic');
    await ok(admin, 'POST', '/api/devices/sim-encoder/simulate', { action: 'remove' });
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
  });

  it('keeps a visit open until the held ID document is handed back', async () => {
    const v = (await register({ fullName: 'Vũ Thị Lan', custodySlot: 'K-07' })).body;
    expect(v.custody).toMatchObject({ slot: 'K-07', returnedAt: null });
    await ok(desk, 'POST', `/api/visits/${v.id}/card`, { source: 'pool', uid: '0A0A0A0A0A' });
    const out = await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
    expect(out).toMatchObject({ closed: false, documentSlot: 'K-07', visit: { status: 'checked_in', card: null } });
    expect(out.visit.checkoutRequestedAt).not.toBeNull();
    expect((await ok(security, 'GET', `/api/cards?q=0A0A0A0A0A`)).items[0].status).toBe('returned');
    expect((await api(desk, 'POST', `/api/visits/${v.id}/cancel`, { reason: 'x' })).body.error.code).toBe('visit_state_invalid');
    const back = await ok(desk, 'POST', `/api/visits/${v.id}/return-document`);
    expect(back).toMatchObject({ status: 'checked_out', custody: { slot: 'K-07' } });
    expect(back.custody.returnedAt).not.toBeNull();
    expect(auditActions(v.id)).toEqual(['visit.checked_in', 'visit.custody_taken', 'visit.card_issued', 'visit.checkout_pending', 'visit.custody_returned', 'visit.checked_out']);
    expect(outboxTypes(v.ref)).toEqual(['visit.checked_in', 'visit.custody_taken', 'visit.card_issued', 'visit.custody_returned', 'visit.checked_out']);
    expect((await api(desk, 'POST', `/api/visits/${v.id}/return-document`)).body.error.code).toBe('visit_state_invalid');
  });

  it('business visitors wait, the desk contacts the host, then admits them; the board shows who waits and who overstays', async () => {
    const v = (await register({ fullName: 'Bùi Quang Huy', purpose: 'business', host: { personId: ids.staff }, expectedEnd: '2026-11-23T04:00:00Z' })).body;
    expect(v).toMatchObject({ status: 'waiting', destinationFloors: [5] });
    let board = await ok(desk, 'GET', '/api/visits/board');
    expect(board.waiting.map((w: { id: number }) => w.id)).toContain(v.id);
    await ok(desk, 'POST', `/api/visits/${v.id}/host-contacted`);
    const admitted = await ok(desk, 'POST', `/api/visits/${v.id}/admit`);
    expect(admitted.status).toBe('checked_in');
    expect(admitted.hostContactedAt).not.toBeNull();
    clock.advance(2 * 60 * 60_000);
    board = await ok(desk, 'GET', '/api/visits/board');
    const row = board.onSite.find((w: { id: number }) => w.id === v.id);
    expect(row.overstay).toBe(true);
    expect(board.overstays).toBeGreaterThanOrEqual(1);
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
    clock.advance(-2 * 60 * 60_000);
  });
});

describe('expected visitors, visit log and privacy', () => {
  it('pre-registers a visitor whose QR reference checks them in quickly', async () => {
    const expected = await ok(desk, 'POST', '/api/visits/expected', {
      fullName: 'Ngô Bảo Châu',
      purpose: 'business',
      host: { companyId: ids.company },
      expectedStart: '2026-11-23T02:00:00Z',
      expectedEnd: '2026-11-23T09:00:00Z',
    });
    expect(expected).toMatchObject({ status: 'expected', channel: 'preregistered' });
    const badge = await ok(desk, 'GET', `/api/visits/${expected.id}/badge`);
    expect(badge.qrSvg).toMatch(/^<svg/);
    expect((await ok(desk, 'GET', `/api/visits/ref/FGV:${expected.ref}`)).id).toBe(expected.id);
    expect((await ok(desk, 'GET', '/api/visits/board')).expected.map((e: { id: number }) => e.id)).toContain(expected.id);
    const arrived = (await register({ fullName: 'Ngô Bảo Châu', purpose: 'business', host: { companyId: ids.company }, expectedRef: expected.ref })).body;
    expect(arrived).toMatchObject({ id: expected.id, ref: expected.ref, status: 'waiting', channel: 'preregistered' });
    expect((await register({ fullName: 'X', expectedRef: expected.ref })).body.error.fields[0].path).toEqual(['expectedRef']);
    await ok(desk, 'POST', `/api/visits/${expected.id}/check-out`);
  });

  it('searches the log with or without diacritics, by host and dates, and shows the visitor phone only with people.contact', async () => {
    const v = (await register({ fullName: 'Nguyễn Thị Hòa', phone: '+84 903 111 222', host: { unitId: ids.unit } })).body;
    for (const q of ['nguyen thi hoa', 'Nguyễn Thị Hòa', 'hoa']) {
      const found = await ok(desk, 'GET', `/api/visits?q=${encodeURIComponent(q)}`);
      expect(found.items.map((i: { id: number }) => i.id), q).toContain(v.id);
    }
    const byHost = await ok(desk, 'GET', `/api/visits?hostUnitId=${ids.unit}&from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z`);
    expect(byHost.items.map((i: { id: number }) => i.id)).toContain(v.id);
    expect((await ok(desk, 'GET', `/api/visits?hostUnitId=${ids.unit}&from=2026-11-24T00:00:00Z`)).items).toEqual([]);
    expect(await ok(desk, 'GET', `/api/visits/${v.id}`)).not.toHaveProperty('phone');
    expect((await ok(contactDesk, 'GET', `/api/visits/${v.id}`)).phone).toBe('+84 903 111 222');
    expect(auditActions(v.id)).toContain('visit.contact_viewed');
    expect((await ok(contactDesk, 'GET', `/api/visits?q=hoa`)).items[0]).not.toHaveProperty('phone');
    // Host contact data never travels with a visit, whoever asks.
    const text = JSON.stringify([await ok(contactDesk, 'GET', '/api/visits?limit=500'), await ok(contactDesk, 'GET', '/api/visits/board')]);
    for (const secret of ['912 345 678', 'duc@example.vn', '988 000 111', 'mai@saomai.vn']) expect(text).not.toContain(secret);
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
  });

  it('lets only visit staff in', async () => {
    await gw.addUser('ky.thuat', 'technician');
    const tech = await gw.login('ky.thuat');
    expect((await api(tech, 'GET', '/api/visits')).status).toBe(403);
    expect((await api(tech, 'POST', '/api/visits', { fullName: 'x' })).status).toBe(403);
    expect((await call(gw.base, 'GET', '/api/visits')).status).toBe(401);
  });
});

describe('retention', () => {
  it('purges ID numbers, photos and names of closed visits past retention and keeps the statistics', async () => {
    const photo = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64')}`;
    const v = (await register({ fullName: 'Đặng Văn Lâm', photo, document: { type: 'cccd', number: '001099012345', source: 'manual' } })).body;
    expect(v.hasPhoto).toBe(true);
    expect((await ok(desk, 'GET', `/api/visits/${v.id}/photo`)).photo).toBe(photo);
    expect(auditActions(v.id)).toContain('visit.photo_viewed');
    const open = (await register({ fullName: 'Trịnh Công Sơn', document: { type: 'cccd', number: '001099054321', source: 'manual' } })).body;
    await ok(desk, 'POST', `/api/visits/${v.id}/check-out`);
    await ok(admin, 'PUT', '/api/visits/settings', { ...(await ok(admin, 'GET', '/api/visits/settings')), retentionDays: 7 });
    expect((await ok(admin, 'POST', '/api/visits/purge')).purged).toBe(0);

    clock.advance(8 * 24 * 60 * 60_000);
    admin = await gw.login('boss'); // sessions end after a day idle
    desk = await gw.login('le.tan');
    const { purged } = await ok(admin, 'POST', '/api/visits/purge');
    expect(purged).toBeGreaterThanOrEqual(1);
    const after = await ok(desk, 'GET', `/api/visits/${v.id}`);
    expect(after).toMatchObject({ fullName: '', docNumberHint: null, hasPhoto: false, purpose: 'service', host: { personId: ids.resident }, destinationFloors: [12] });
    expect(after.purgedAt).not.toBeNull();
    const row = gw.db.sqlite.prepare('SELECT doc_number_hash, doc_number_sealed, photo_sealed FROM visits WHERE id = ?').get(v.id);
    expect(row).toEqual({ doc_number_hash: null, doc_number_sealed: null, photo_sealed: null });
    expect((await ok(desk, 'GET', '/api/visits?q=lam')).items.map((i: { id: number }) => i.id)).not.toContain(v.id);
    expect((await ok(desk, 'GET', '/api/visits?idNumber=001099012345')).items).toEqual([]);
    // An open visit keeps everything, however old.
    expect((await ok(desk, 'GET', `/api/visits/${open.id}`)).docNumberHint).toBe('4321');
    expect(outboxTypes(v.ref)).toContain('visit.purged');
    await ok(desk, 'POST', `/api/visits/${open.id}/check-out`);
    clock.advance(-8 * 24 * 60 * 60_000);
  });
});
