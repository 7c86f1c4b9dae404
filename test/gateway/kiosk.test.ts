/** The self-service kiosk API: station token only, no contact data, rules and signature, QR badge, self check-out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, type GatewayEvent } from '../../gateway/contract/index.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let admin: string;
let desk: string;
let kiosk: string;
const ids = { unit: 0, resident: 0, company: 0, staff: 0 };
const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z'));
const SIGNATURE = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64')}`;
const CONTACTS = ['912 345 678', 'duc@example.vn', '988 000 111', 'mai@saomai.vn', 'info@saomai.vn', '3822 0000'];

const asKiosk = (method: string, path: string, body?: unknown) => call(gw.base, method, path, { token: kiosk, ...(body !== undefined && { body }) });
/** The desk's live stream: the visit.changed events it receives, once the socket is open. */
const deskEvents = async () => {
  const events: GatewayEvent[] = [];
  const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: desk } });
  await new Promise((resolve) => ws.once('message', resolve));
  ws.on('message', (m) => events.push(JSON.parse(String(m)) as GatewayEvent));
  const changed = (ref: string) => events.flatMap((e) => (e.type === 'visit.changed' && e.data.visit.ref === ref ? [e.data] : []));
  return { changed, close: () => ws.close() };
};
const checkIn = (over: Record<string, unknown> = {}) =>
  asKiosk('POST', '/api/kiosk/check-in', { locale: 'vi', fullName: 'Lý Thu Thảo', purpose: 'service', host: { personId: ids.resident }, rulesAccepted: true, signature: SIGNATURE, ...over });

beforeAll(async () => {
  gw = await startTestGateway({ clock });
  await gw.addUser('boss', 'admin');
  await gw.addUser('le.tan', 'receptionist');
  admin = await gw.login('boss');
  desk = await gw.login('le.tan');
  const ok = async (method: string, path: string, body: unknown) => (await call(gw.base, method, path, { cookie: admin, body })).body;
  ids.unit = (await ok('POST', '/api/units', { code: 'A-1203', kind: 'apartment', floor: 12 })).id;
  const office = (await ok('POST', '/api/units', { code: 'B-0501', kind: 'office', floor: 5 })).id;
  ids.company = (await ok('POST', '/api/companies', { name: 'Công ty TNHH Sao Mai', unitId: office, phone: '+84 28 3822 0000', email: 'info@saomai.vn' })).id;
  ids.resident = (await ok('POST', '/api/people', { kind: 'resident', fullName: 'Nguyễn Văn Đức', phone: '+84 912 345 678', email: 'duc@example.vn', units: [{ unitId: ids.unit, relation: 'owner' }] })).id;
  ids.staff = (await ok('POST', '/api/people', { kind: 'staff', fullName: 'Trần Thị Mai', phone: '+84 988 000 111', email: 'mai@saomai.vn', companyId: ids.company })).id;
  const { code } = await ok('POST', '/api/stations', { name: 'Sảnh kiosk', kind: 'kiosk' });
  kiosk = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code } })).body.token;
}, 30_000);
afterAll(() => gw.stop());

describe('self-service kiosk', () => {
  it('needs a station token', async () => {
    expect((await call(gw.base, 'GET', '/api/kiosk/hosts?q=nguyen')).status).toBe(401);
    expect((await call(gw.base, 'POST', '/api/kiosk/check-out', { body: { ref: 'V0000000000' } })).status).toBe(401);
  });

  it('shows the building rules in the visitor language', async () => {
    const vi = (await asKiosk('GET', '/api/kiosk/info?locale=vi')).body;
    const zh = (await asKiosk('GET', '/api/kiosk/info?locale=zh')).body;
    expect(vi.rules).toContain('Nội quy');
    expect(zh.rules).toContain('大楼规定');
    expect(vi).toMatchObject({ hasEncoder: false, idleSeconds: expect.any(Number) });
  });

  it('finds hosts by name without diacritics, by exact unit code and by company, with no contact data', async () => {
    const byName = (await asKiosk('GET', '/api/kiosk/hosts?q=nguyen%20van%20duc')).body.items;
    expect(byName).toEqual([{ kind: 'person', id: ids.resident, label: 'Nguyễn Văn Đức', detail: null }]);
    const staff = (await asKiosk('GET', '/api/kiosk/hosts?q=tran%20thi%20mai')).body.items;
    expect(staff).toEqual([{ kind: 'person', id: ids.staff, label: 'Trần Thị Mai', detail: 'Công ty TNHH Sao Mai' }]);
    expect((await asKiosk('GET', '/api/kiosk/hosts?q=a-1203')).body.items).toEqual([{ kind: 'unit', id: ids.unit, label: 'A-1203', detail: null }]);
    // Units cannot be browsed by a prefix.
    expect((await asKiosk('GET', '/api/kiosk/hosts?q=A-12')).body.items).toEqual([]);
    expect((await asKiosk('GET', '/api/kiosk/hosts?q=sao%20mai')).body.items.map((h: { kind: string }) => h.kind)).toEqual(['company']);
    const text = JSON.stringify([byName, staff]);
    for (const secret of CONTACTS) expect(text).not.toContain(secret);
    expect((await asKiosk('GET', '/api/kiosk/hosts?q=x')).status).toBe(400);
  });

  it('signs a visitor in with the rules accepted and a signature, returns a QR badge, and the desk hears of it', async () => {
    const live = await deskEvents();
    const res = await checkIn();
    expect(res.status).toBe(201);
    // The desk is told it was the visitor at the kiosk, with names only.
    await expect.poll(() => live.changed(res.body.ref).length).toBe(1);
    const [arrival] = live.changed(res.body.ref);
    expect(arrival).toMatchObject({ action: 'checked_in', source: 'kiosk', visit: { channel: 'kiosk', fullName: 'Lý Thu Thảo', host: { label: 'Nguyễn Văn Đức' } } });
    for (const secret of CONTACTS) expect(JSON.stringify(arrival)).not.toContain(secret);
    expect(res.body).toMatchObject({ status: 'checked_in', fullName: 'Lý Thu Thảo', hostLabel: 'Nguyễn Văn Đức', card: null, cardError: null });
    expect(res.body.qrSvg).toMatch(/^<svg/);
    for (const secret of CONTACTS) expect(JSON.stringify(res.body)).not.toContain(secret);
    const visit = (await call(gw.base, 'GET', `/api/visits/ref/${res.body.ref}`, { cookie: desk })).body;
    expect(visit).toMatchObject({ channel: 'kiosk', status: 'checked_in' });
    expect(visit.rulesAcceptedAt).not.toBeNull();
    expect((await call(gw.base, 'GET', `/api/visits/${visit.id}/photo`, { cookie: desk })).body.signature).toBe(SIGNATURE);
    expect((await checkIn()).body.error.code).toBe('visit_duplicate');
    // Self check-out with the QR text of the badge.
    const out = await asKiosk('POST', '/api/kiosk/check-out', { ref: `FGV:${res.body.ref}` });
    expect(out.body).toEqual({ fullName: 'Lý Thu Thảo', closed: true, collectDocument: false });
    expect((await asKiosk('POST', '/api/kiosk/check-out', { ref: res.body.ref })).body.error.code).toBe('visit_state_invalid');
    await expect.poll(() => live.changed(res.body.ref).map((c) => `${c.action}/${c.source}`)).toEqual(['checked_in/kiosk', 'checked_out/kiosk']);
    live.close();
  });

  it('reads an invitation QR: name and host of an expected visit only, nothing else', async () => {
    const expected = (
      await call(gw.base, 'POST', '/api/visits/expected', {
        cookie: desk,
        body: { fullName: 'Đinh Thị Ngọc', purpose: 'business', host: { personId: ids.staff }, expectedStart: '2026-11-23T02:00:00Z', expectedEnd: '2026-11-23T09:00:00Z' },
      })
    ).body;
    const invitation = (await asKiosk('GET', `/api/kiosk/expected/FGV:${expected.ref}`)).body;
    expect(invitation).toEqual({ ref: expected.ref, fullName: 'Đinh Thị Ngọc', purpose: 'business', host: { kind: 'person', id: ids.staff, label: 'Trần Thị Mai', detail: null } });
    const live = await deskEvents();
    const arrived = (await checkIn({ fullName: invitation.fullName, purpose: invitation.purpose, host: { personId: ids.staff }, expectedRef: expected.ref })).body;
    expect(arrived).toMatchObject({ ref: expected.ref, status: 'waiting' });
    // Invited by staff, signed in at the kiosk: the visit keeps its channel, the event says where it happened.
    await expect.poll(() => live.changed(expected.ref)).toEqual([expect.objectContaining({ action: 'waiting', source: 'kiosk', visit: expect.objectContaining({ channel: 'preregistered' }) })]);
    await call(gw.base, 'POST', `/api/visits/${expected.id}/host-contacted`, { cookie: desk });
    await expect.poll(() => live.changed(expected.ref).map((c) => `${c.action}/${c.source}`)).toEqual(['waiting/kiosk', 'host_contacted/staff']);
    live.close();
    // Once it has arrived, the QR no longer answers; nor does a made-up reference.
    expect((await asKiosk('GET', `/api/kiosk/expected/${expected.ref}`)).status).toBe(404);
    expect((await asKiosk('GET', '/api/kiosk/expected/V0000000000')).status).toBe(404);
    expect((await call(gw.base, 'GET', `/api/kiosk/expected/${expected.ref}`)).status).toBe(401);
    await asKiosk('POST', '/api/kiosk/check-out', { ref: expected.ref });
  });

  it('refuses a sign-in without the rules or the signature, and changes nothing', async () => {
    const count = () => (gw.db.sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
    const before = count();
    expect((await checkIn({ fullName: 'A', rulesAccepted: false })).status).toBe(400);
    expect((await checkIn({ fullName: 'B', signature: null })).status).toBe(400);
    expect((await checkIn({ fullName: 'C', host: { personId: 999 } })).status).toBe(422);
    expect(count()).toBe(before);
  });

  it('sends a watchlisted visitor to the desk without saying why, and a card tap checks a visitor out', async () => {
    await call(gw.base, 'POST', '/api/watchlist', { cookie: admin, body: { fullName: 'Mạc Văn Khoa', idNumber: null, reason: 'ban' } });
    const stopped = (await checkIn({ fullName: 'Mac Van Khoa' })).body;
    expect(stopped).toMatchObject({ status: 'see_desk', qrSvg: '', validUntil: null });
    expect(JSON.stringify(stopped)).not.toContain('ban');

    const business = (await checkIn({ fullName: 'Cao Thái Sơn', purpose: 'business', host: { companyId: ids.company }, locale: 'zh' })).body;
    expect(business.status).toBe('waiting');
    const visit = (await call(gw.base, 'GET', `/api/visits/ref/${business.ref}`, { cookie: desk })).body;
    await call(gw.base, 'POST', `/api/visits/${visit.id}/custody`, { cookie: desk, body: { slot: 'K-02' } });
    await call(gw.base, 'POST', `/api/visits/${visit.id}/card`, { cookie: desk, body: { source: 'pool', uid: '1122334455' } });
    const out = (await asKiosk('POST', '/api/kiosk/check-out', { uid: '1122334455' })).body;
    expect(out).toEqual({ fullName: 'Cao Thái Sơn', closed: false, collectDocument: true });
    expect((await call(gw.base, 'GET', `/api/visits/${visit.id}`, { cookie: desk })).body).toMatchObject({ status: 'waiting', card: null, custody: { slot: 'K-02', returnedAt: null } });
  });
});
