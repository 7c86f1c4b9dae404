import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SAMPLE_CCCD_QR, SAMPLE_MRZ_TD3, createSimulator, type Simulator } from '../../drivers/index.js';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type GatewayEvent } from '../../gateway/contract/index.js';
import { createPtyPair, socatAvailable, type PtyPair } from '../support/pty.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { skipWithout } from '../support/tools.js';

let gw: TestGateway;
let admin: string;
let receptionist: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('boss', 'admin');
  await gw.addUser('le.tan', 'receptionist');
  admin = await gw.login('boss');
  receptionist = await gw.login('le.tan');
}, 30_000);
afterAll(() => gw.stop());

let lastEvents: GatewayEvent[] | undefined;
function listen(options: { cookie?: string; token?: string }): { events: GatewayEvent[]; ws: WebSocket; ready: Promise<void> } {
  const protocols = [WS_PROTOCOL, ...(options.token ? [`${WS_TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])];
  const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, protocols, { headers: options.cookie ? { cookie: options.cookie } : {} });
  const events: GatewayEvent[] = [];
  lastEvents = events;
  const ready = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  ws.on('message', (data) => events.push(JSON.parse(String(data)) as GatewayEvent));
  return { events, ws, ready };
}
async function waitFor<T>(find: () => T | undefined, ms = 3000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 20) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting; events so far: ${JSON.stringify(lastEvents?.map((e) => [e.type, (e.data as { status?: { state: string } }).status?.state ?? (e.data as { error?: unknown }).error ?? ""]))}`);
}
const simulate = (id: string, body: unknown, cookie = receptionist) => call(gw.base, 'POST', `/api/devices/${id}/simulate`, { cookie, body });

describe('demo mode', () => {
  it('runs one simulated device of each kind, all connected, reported in health', async () => {
    const { body } = await call(gw.base, 'GET', '/api/devices', { cookie: receptionist });
    expect(body.mode).toBe('simulated');
    expect(body.items.map((d: { id: string; status: { state: string } }) => [d.id, d.status.state])).toEqual([
      ['sim-desk-reader', 'connected'],
      ['sim-encoder', 'connected'],
      ['sim-id-reader', 'connected'],
      ['sim-scanner', 'connected'],
      ['sim-door-reader', 'connected'],
    ]);
    const health = await call(gw.base, 'GET', '/api/health');
    expect(health.body.devices.mode).toBe('simulated');
    expect(health.body.devices.items).toHaveLength(5);
    expect(health.body.devices.items[0]).toMatchObject({ id: 'sim-desk-reader', status: 'connected', lastError: null });
  });

  it('turns a card tap on the simulated desk reader into a card.presented event, through the EM4100 codec', async () => {
    const { events, ws, ready } = listen({ cookie: receptionist });
    await ready;
    expect((await simulate('sim-desk-reader', { action: 'present', uid: '62e3086ced' })).status).toBe(200);
    const event = await waitFor(() => events.find((e) => e.type === 'card.presented'));
    expect(event.data).toMatchObject({ deviceId: 'sim-desk-reader', role: 'desk_reader', uid: '62E3086CED', technology: 'em4100', details: { decimal: '3808980205' } });
    await simulate('sim-desk-reader', { action: 'remove' });
    await waitFor(() => events.find((e) => e.type === 'card.removed'), 3000);
    ws.close();
  });

  it('parses a Chinese ID card, a CCCD QR and a passport MRZ into id.scanned; refuses an inconsistent CCCD; passes other codes on', async () => {
    const { events, ws, ready } = listen({ cookie: receptionist });
    await ready;
    await simulate('sim-id-reader', { action: 'id_card' });
    const cn = await waitFor(() => events.find((e) => e.type === 'id.scanned' && e.data.document?.type === 'cn_id'), 5000);
    expect(cn.type === 'id.scanned' && cn.data.document?.checks.find((c) => c.name === 'gb11643')?.passed).toBe(true);
    expect(cn.type === 'id.scanned' && cn.data.document?.hasPhoto).toBe(true);

    await simulate('sim-scanner', { action: 'scan', text: SAMPLE_CCCD_QR });
    const cccd = await waitFor(() => events.find((e) => e.type === 'id.scanned' && e.data.document?.type === 'cccd'));
    expect(cccd.type === 'id.scanned' && cccd.data.document).toMatchObject({ number: '001090123456', fullName: 'NGUYEN VAN A', birthDate: '1990-01-01', sex: 'male' });

    await simulate('sim-scanner', { action: 'scan', text: SAMPLE_MRZ_TD3 });
    const mrz = await waitFor(() => events.find((e) => e.type === 'id.scanned' && e.data.document?.type === 'passport'));
    expect(mrz.type === 'id.scanned' && mrz.data.document).toMatchObject({ number: 'L898902C3', surname: 'ERIKSSON', expiry: '2012-04-15' });

    await simulate('sim-scanner', { action: 'scan', text: SAMPLE_CCCD_QR.replace('01011990', '01011985') });
    const bad = await waitFor(() => events.find((e) => e.type === 'id.scanned' && e.data.error !== null));
    expect(bad.type === 'id.scanned' && bad.data).toMatchObject({ document: null, error: { code: 'check-failed' } });

    await simulate('sim-scanner', { action: 'scan', text: 'FG-VISIT-0001' });
    const code = await waitFor(() => events.find((e) => e.type === 'code.scanned'));
    expect(code.data).toMatchObject({ deviceId: 'sim-scanner', text: 'FG-VISIT-0001' });
    ws.close();
  });

  it('keeps ID scans away from kiosks whose reader it was not', async () => {
    const { body } = await call(gw.base, 'POST', '/api/stations', { cookie: admin, body: { name: 'Kiosk sảnh B', kind: 'kiosk' } });
    const { token } = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code: body.code } })).body;
    const kiosk = listen({ token });
    const staff = listen({ cookie: receptionist });
    await Promise.all([kiosk.ready, staff.ready]);
    await simulate('sim-scanner', { action: 'scan', text: SAMPLE_CCCD_QR });
    await waitFor(() => staff.events.find((e) => e.type === 'id.scanned'));
    await new Promise((r) => setTimeout(r, 100));
    expect(kiosk.events.map((e) => e.type)).toEqual(['hello']);
    kiosk.ws.close();
    staff.ws.close();
  });

  it('waits for the next card on read-card, and times out with a translated code', async () => {
    const pending = call(gw.base, 'POST', '/api/devices/sim-encoder/read-card', { cookie: receptionist, body: { timeoutMs: 3000 } });
    await new Promise((r) => setTimeout(r, 100));
    await simulate('sim-encoder', { action: 'present', uid: 'DEADBEEF' });
    expect((await pending).body).toMatchObject({ deviceId: 'sim-encoder', uid: 'DEADBEEF', details: { sak: 8 } });
    await simulate('sim-encoder', { action: 'remove' });
    const late = await call(gw.base, 'POST', '/api/devices/sim-desk-reader/read-card', { cookie: receptionist, body: { timeoutMs: 500 } });
    expect(late).toMatchObject({ status: 408, body: { error: { code: 'device_timeout' } } });
  });

  it('encodes a MIFARE credential on the simulated PN532 in the protocol minimum of round trips', async () => {
    await simulate('sim-encoder', { action: 'present', uid: 'CAFEBABE' });
    const result = await gw.devices.encodeCard('sim-encoder', {
      sector: 1,
      keyA: 'A0A1A2A3A4A5',
      keyB: 'B0B1B2B3B4B5',
      accessBits: '7F0788',
      credentialBlock: '46470001000000420000000000000000',
    });
    expect(result).toMatchObject({ uid: 'CAFEBABE', roundTrips: result.protocolMinimum });
    await simulate('sim-encoder', { action: 'remove' });
  });

  it('refuses demo actions on unknown devices and actions a device cannot do', async () => {
    expect((await simulate('no-such', { action: 'remove' })).body.error.code).toBe('device_unknown');
    expect((await simulate('sim-scanner', { action: 'present', uid: 'DEADBEEF' })).body.error.code).toBe('device_action_unsupported');
    expect((await simulate('sim-desk-reader', { action: 'present', uid: 'XYZ' })).status).toBe(400);
  });
});

describe.skipIf(skipWithout(socatAvailable()))('configured serial reader on a pseudo-terminal', () => {
  let pty: PtyPair;
  let sim: Simulator;
  afterAll(async () => {
    await sim?.close().catch(() => undefined);
    await pty?.close();
  });

  it('validates the configuration and changes nothing on bad input', async () => {
    const noPort = await call(gw.base, 'POST', '/api/devices', { cookie: admin, body: { id: 'desk-1', name: 'Desk', driver: 'em4100', role: 'desk_reader' } });
    expect(noPort.status).toBe(400);
    const badStation = await call(gw.base, 'POST', '/api/devices', { cookie: admin, body: { id: 'desk-1', name: 'Desk', driver: 'em4100', role: 'desk_reader', portPath: '/dev/ttyUSB9', stationId: 999 } });
    expect(badStation.body.error.fields[0]).toMatchObject({ path: ['stationId'], code: 'unknown_station' });
    expect((await call(gw.base, 'GET', '/api/devices', { cookie: admin })).body.mode).toBe('simulated');
  });

  it('reads cards from a real port, reports an unplug, and recovers after replug', async () => {
    pty = await createPtyPair();
    const created = await call(gw.base, 'POST', '/api/devices', { cookie: admin, body: { id: 'desk-1', name: 'Đầu đọc quầy', driver: 'em4100', role: 'desk_reader', portPath: pty.a, baudRate: 9600 } });
    expect(created.status).toBe(201);
    expect(created.body.status.state).toBe('connected');
    const list = await call(gw.base, 'GET', '/api/devices', { cookie: admin });
    expect(list.body).toMatchObject({ mode: 'configured', items: [{ id: 'desk-1' }] });

    const { events, ws, ready } = listen({ cookie: admin });
    await ready;
    sim = await createSimulator('em4100', pty.b);
    sim.presentCard('0102030405');
    await waitFor(() => events.find((e) => e.type === 'card.presented' && e.data.uid === '0102030405'));
    sim.removeCard();
    await sim.close();

    // A desk waiting for a tap when the reader is unplugged hears so at once, not when its wait runs out.
    const waiting = call(gw.base, 'POST', '/api/devices/desk-1/read-card', { cookie: admin, body: { timeoutMs: 60_000 } });
    await new Promise((r) => setTimeout(r, 100));
    await pty.unplug();
    await waitFor(() => events.find((e) => e.type === 'device.status' && e.data.status.state !== 'connected'));
    expect(await waiting).toMatchObject({ status: 409, body: { error: { code: 'device_not_connected' } } });
    await pty.replug();
    const since = Date.now();
    await waitFor(() => events.find((e) => e.type === 'device.status' && e.data.status.state === 'connected'), 2000);
    expect(Date.now() - since).toBeLessThan(2000);

    sim = await createSimulator('em4100', pty.b);
    sim.presentCard('0A0B0C0D0E');
    await waitFor(() => events.find((e) => e.type === 'card.presented' && e.data.uid === '0A0B0C0D0E'));
    expect((await call(gw.base, 'POST', '/api/devices/desk-1/test', { cookie: admin })).body.ok).toBe(true);
    ws.close();

    // A PN532 encoder polls (writes) all the time: unplugging it makes writes fail with EIO. That is health
    // information, not a crash; it comes back after replug.
    const encoderPty = await createPtyPair();
    const encoderSim = await createSimulator('pn532', encoderPty.b);
    const encoder = await call(gw.base, 'POST', '/api/devices', { cookie: admin, body: { id: 'encoder-1', name: 'Máy ghi thẻ', driver: 'pn532', role: 'desk_encoder', portPath: encoderPty.a } });
    expect(encoder.status).toBe(201);
    await encoderSim.close();
    await encoderPty.unplug();
    await new Promise((r) => setTimeout(r, 500));
    await encoderPty.replug();
    const again = await createSimulator('pn532', encoderPty.b);
    let state = '';
    for (let i = 0; i < 100 && state !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await call(gw.base, 'GET', '/api/devices', { cookie: admin })).body.items.find((d: { id: string }) => d.id === 'encoder-1')?.status.state;
    }
    expect(state).toBe('connected');
    expect((await call(gw.base, 'POST', '/api/devices/encoder-1/test', { cookie: admin })).body).toMatchObject({ ok: true, detail: expect.stringMatching(/firmware/) });
    await again.close();
    await call(gw.base, 'DELETE', '/api/devices/encoder-1', { cookie: admin });
    await encoderPty.close();

    expect((await call(gw.base, 'DELETE', '/api/devices/desk-1', { cookie: admin })).status).toBe(200);
    expect((await call(gw.base, 'GET', '/api/devices', { cookie: admin })).body.mode).toBe('simulated');
    ws.close();
    expect(gw.db.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'device' ORDER BY id").all()).toEqual([
      { action: 'device.create' },
      { action: 'device.create' },
      { action: 'device.delete' },
      { action: 'device.delete' },
    ]);
  }, 30_000);
});
