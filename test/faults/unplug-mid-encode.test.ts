/**
 * Fault: a desk device is unplugged in the middle of issuing a visitor card, through the real visitor flow (HTTP API,
 * a gateway with its devices on socat pseudo-terminals, the PN532 and EM4100 simulators on the other ends).
 *   - The PN532 encoder goes away at each step of writing a blank MIFARE card: the API answers a translated error
 *     at once (no 500, no hang), no card is registered or active, the visit has no card, the audit log records the
 *     failed encode and no outbox event claims an activation; after replug the same visit gets the same card.
 *   - The encoder goes away while the encode waits for a card poll to finish: the same (this once answered 500: the
 *     PN532 driver's wake-up write threw a raw transport error instead of its typed `disconnected`).
 *   - The encoder goes away once the card is written and read back, while the gateway activates it: the card is
 *     whole and verified, so it is issued (the API answer and the database agree).
 *   - The desk reader goes away between the tap of a pool card and the issue: the UID was read whole, so the card is
 *     issued; the unplugged reader is reported as not connected and reads the next tap after replug.
 * The simulator's `onCommand` hook unplugs on the chosen frame and drops it (`mute`), or holds a poll (`ackOnly`), so
 * each point is exact rather than timed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createSimulator, MifareClassicCard, type Pn532Simulator, type Simulator } from '../../drivers/simulators/index.js';
import { WS_PROTOCOL, type GatewayEvent } from '../../gateway/contract/index.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi as viCatalog } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { catalogKey } from '../../renderer/src/screens/devices/deviceHelpers.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { createPtyPair, socatAvailable, type PtyPair } from '../support/pty.js';
import { skipWithout } from '../support/tools.js';

const ENCODER = 'desk-encoder';
const READER = 'desk-reader';
/** The encoder writes the visitor credential to sector 1: block 4, then the trailer (block 7), then reads 4 back. */
const CREDENTIAL_BLOCK = 4;
const TRAILER = 7;
const TRANSPORT_TRAILER = 'FFFFFFFFFFFFFF078069FFFFFFFFFFFF';

let gw: TestGateway;
let admin: string;
let controller: string;
let encoderPty: PtyPair;
let readerPty: PtyPair;
let encoder: Pn532Simulator;
let reader: Simulator;
let unit = 0;

const api = (method: string, path: string, body?: unknown) => call(gw.base, method, path, { cookie: admin, ...(body !== undefined && { body }) });
const sql = <T>(query: string, ...params: unknown[]) => gw.db.sqlite.prepare(query).all(...params) as T[];
const cardRows = (uid: string) => sql<{ status: string }>('SELECT status FROM cards WHERE uid = ?', uid);
const outboxRows = () => sql<{ type: string; aggregate_id: string }>('SELECT type, aggregate_id FROM outbox ORDER BY id');
const visitAudit = (id: number) =>
  sql<{ action: string; after: string }>("SELECT action, after FROM audit_log WHERE entity = 'visit' AND entity_id = ? ORDER BY id", String(id)).map((r) => ({ action: r.action, after: JSON.parse(r.after) as Record<string, unknown> }));
const door = async (uid: string) => (await call(gw.base, 'POST', '/api/access/decide', { token: controller, body: { readerId: 'lobby-in', uid } })).body as { granted: boolean; reason: string };

/** The desk shows an error as its code's sentence plus, for a failed encode, the reason (useVisitErrors): in every language. */
function expectTranslated(error: { code: string; params?: { reason?: unknown } }): void {
  for (const catalog of [en, viCatalog, zh]) {
    expect(catalog.errors).toHaveProperty([error.code]);
    if (error.code === 'card_encode_failed') expect(catalog.visits.card.encodeReasons).toHaveProperty([catalogKey(String(error.params?.reason))]);
  }
}

async function until<T>(find: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  for (let waited = 0; ; waited += 20) {
    const found = await find();
    if (found !== undefined) return found;
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const deviceState = async (id: string): Promise<string> => ((await api('GET', '/api/devices')).body.items as { id: string; status: { state: string } }[]).find((d) => d.id === id)?.status.state ?? 'missing';
const waitState = (id: string, wanted: (state: string) => boolean, what: string) => until(async () => (wanted(await deviceState(id)) ? true : undefined), `${id} ${what}`);

async function registerVisit(fullName: string): Promise<{ id: number; ref: string }> {
  const res = await api('POST', '/api/visits', { fullName, purpose: 'service', host: { unitId: unit } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A blank MIFARE Classic 1K on the encoder. */
function blankCardOnEncoder(uid: string): MifareClassicCard {
  const card = new MifareClassicCard(uid);
  encoder.presentCard(card);
  return card;
}

/** The encoder's cable is out: wait until the gateway reports it (a person plugs it back seconds later, not at once). */
async function encoderGone(unplugging: Promise<void>): Promise<void> {
  await unplugging;
  await encoder.close().catch(() => undefined);
  await waitState(ENCODER, (s) => s !== 'connected', 'noticed the unplug');
}

/** Plug the encoder back in with the same card on it; wait until the gateway has reconnected. */
async function replugEncoder(card: MifareClassicCard): Promise<void> {
  await encoderPty.replug();
  encoder = (await createSimulator('pn532', encoderPty.b)) as Pn532Simulator;
  encoder.presentCard(card);
  await waitState(ENCODER, (s) => s === 'connected', 'reconnected');
}

/** InDataExchange frames as the simulator's `onCommand` sees them: 40 Tg op block …  */
const exchange = (op: number, block: number) => (command: Buffer) => command[0] === 0x40 && command[2] === op && command[3] === block;
const WRITE = 0xa0;
const READ = 0x30;

describe.skipIf(skipWithout(socatAvailable()))('a device unplugged while a visitor card is issued', () => {
  beforeAll(async () => {
    gw = await startTestGateway();
    await gw.addUser('boss', 'admin'); // one account (each password hash costs seconds): it configures and staffs the desk
    admin = await gw.login('boss');
    unit = (await api('POST', '/api/units', { code: 'C-0701', kind: 'apartment', floor: 7 })).body.id;
    await api('POST', '/api/access/zones', { code: 'F07', name: 'Tầng 7', kind: 'floor', floor: 7 });
    const lobby = (await api('POST', '/api/access/zones', { code: 'LOBBY', name: 'Sảnh', kind: 'common' })).body.id;
    expect((await api('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cổng sảnh', zoneId: lobby })).status).toBe(200);
    controller = (await api('POST', '/api/access/controllers', { name: 'Lobby gate' })).body.token;

    encoderPty = await createPtyPair();
    readerPty = await createPtyPair();
    encoder = (await createSimulator('pn532', encoderPty.b)) as Pn532Simulator;
    reader = await createSimulator('em4100', readerPty.b);
    const devices = [
      { id: ENCODER, name: 'Máy ghi thẻ quầy', driver: 'pn532', role: 'desk_encoder', portPath: encoderPty.a },
      { id: READER, name: 'Đầu đọc quầy', driver: 'em4100', role: 'desk_reader', portPath: readerPty.a, baudRate: 9600 },
    ];
    for (const device of devices) expect((await api('POST', '/api/devices', device)).status).toBe(201);
    await waitState(ENCODER, (s) => s === 'connected', 'connected');
    await waitState(READER, (s) => s === 'connected', 'connected');
  }, 30_000);

  afterAll(async () => {
    await gw?.stop();
    await encoder?.close().catch(() => undefined);
    await reader?.close().catch(() => undefined);
    await encoderPty?.close();
    await readerPty?.close();
  });

  const points = [
    { point: 'before the first write', frame: exchange(WRITE, CREDENTIAL_BLOCK), uid: 'A1000001', written: [] as number[] },
    { point: 'between the sector writes', frame: exchange(WRITE, TRAILER), uid: 'A1000002', written: [CREDENTIAL_BLOCK] },
    { point: 'after the last write, before the verify read', frame: exchange(READ, CREDENTIAL_BLOCK), uid: 'A1000003', written: [CREDENTIAL_BLOCK, TRAILER] },
  ];

  it.each(points)('encoder unplugged $point: a translated error, nothing active, and the same card works after replug', async ({ frame, uid, written }) => {
    const visit = await registerVisit(`Khách ${uid}`);
    const card = blankCardOnEncoder(uid);
    const outboxBefore = outboxRows();
    let unplugging: Promise<void> | undefined;
    encoder.onCommand = (command) => {
      if (unplugging || !frame(command)) return;
      encoder.mute = true; // this frame never reaches the card, and nothing answers it
      unplugging = encoderPty.unplug();
    };

    const failed = await api('POST', `/api/visits/${visit.id}/card`, { source: 'encode', deviceId: ENCODER });
    expect(unplugging, 'the simulator was unplugged at the chosen frame').toBeDefined();
    await encoderGone(unplugging as Promise<void>);
    // A translated error the desk can act on: the encode failed because the encoder stopped answering or went away.
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'card_encode_failed', params: { reason: expect.stringMatching(/^(timeout|disconnected)$/) } });
    expectTranslated(failed.body.error);
    // The card is exactly as far written as the unplug allowed (the test hit the step it names)...
    const blank = new MifareClassicCard(uid);
    expect(card.blocks[CREDENTIAL_BLOCK]?.equals(blank.blocks[CREDENTIAL_BLOCK] as Buffer)).toBe(!written.includes(CREDENTIAL_BLOCK));
    expect(card.blocks[TRAILER]?.toString('hex').toUpperCase() === TRANSPORT_TRAILER).toBe(!written.includes(TRAILER));
    // ...but nothing about it exists in the gateway: no card row, no visit link, no outbox event, no door opens.
    expect(cardRows(uid)).toEqual([]);
    expect((await api('GET', `/api/visits/${visit.id}`)).body.card).toBeNull();
    expect(outboxRows()).toEqual(outboxBefore);
    const audit = visitAudit(visit.id);
    expect(audit.map((a) => a.action)).toEqual(['visit.checked_in', 'visit.card_encode_failed']);
    expect(audit[1]?.after).toMatchObject({ ref: visit.ref, deviceId: ENCODER, reason: expect.stringMatching(/^(timeout|disconnected)/) });
    expect(await door(uid)).toMatchObject({ granted: false });

    // Plugged back in, the same visit gets the same card (re-keyed or not, the encoder opens it and writes it whole).
    await replugEncoder(card);
    const issued = await api('POST', `/api/visits/${visit.id}/card`, { source: 'encode', deviceId: ENCODER });
    expect(issued.status).toBe(200);
    expect(issued.body.card).toMatchObject({ uid, status: 'active' });
    expect(cardRows(uid)).toEqual([{ status: 'active' }]);
    expect(card.blocks[CREDENTIAL_BLOCK]?.subarray(0, 4).toString('ascii')).toBe('FGV1');
    expect(outboxRows().filter((e) => e.aggregate_id === visit.ref).map((e) => e.type)).toEqual(['visit.checked_in', 'visit.card_issued']);
    expect(await door(uid)).toMatchObject({ granted: true });
    expect((await api('POST', `/api/visits/${visit.id}/check-out`)).status).toBe(200);
    expect(await door(uid)).toMatchObject({ granted: false });
  });

  it('encoder unplugged while the encode waits behind a card poll: a translated error, nothing active', async () => {
    const visit = await registerVisit('Khách A1000006');
    const card = blankCardOnEncoder('A1000006');
    const outboxBefore = outboxRows();
    // The next poll (InListPassiveTarget) is acknowledged but never answered, so it holds the encoder's line...
    const pollOnTheWire = new Promise<void>((resolve) => {
      encoder.onCommand = (command) => {
        if (command[0] !== 0x4a || encoder.ackOnly) return;
        encoder.ackOnly = true;
        resolve();
      };
    });
    await pollOnTheWire;
    // ...the desk asks for an encode, which queues behind it, and then the cable goes.
    const encodeCard = gw.devices.encodeCard.bind(gw.devices);
    let queued: () => void = () => undefined;
    const encodeQueued = new Promise<void>((resolve) => (queued = resolve));
    const spy = vi.spyOn(gw.devices, 'encodeCard').mockImplementationOnce((id, request) => {
      const written = encodeCard(id, request);
      queued();
      return written;
    });
    try {
      const pending = api('POST', `/api/visits/${visit.id}/card`, { source: 'encode', deviceId: ENCODER });
      await encodeQueued;
      await encoderGone(encoderPty.unplug());
      const failed = await pending;
      expect(failed.status).toBe(502);
      expect(failed.body.error).toMatchObject({ code: 'card_encode_failed', params: { reason: expect.stringMatching(/^(timeout|disconnected)$/) } });
      expectTranslated(failed.body.error);
    } finally {
      spy.mockRestore();
    }
    expect(cardRows('A1000006')).toEqual([]);
    expect((await api('GET', `/api/visits/${visit.id}`)).body.card).toBeNull();
    expect(outboxRows()).toEqual(outboxBefore);
    expect(visitAudit(visit.id).map((a) => a.action)).toEqual(['visit.checked_in', 'visit.card_encode_failed']);
    await replugEncoder(card);
    expect((await api('POST', `/api/visits/${visit.id}/card`, { source: 'encode', deviceId: ENCODER })).body.card).toMatchObject({ uid: 'A1000006', status: 'active' });
    expect((await api('POST', `/api/visits/${visit.id}/check-out`)).status).toBe(200);
  });

  it('encoder unplugged after the verified read, while the card is activated: the whole card is issued', async () => {
    const visit = await registerVisit('Khách A1000004');
    const card = blankCardOnEncoder('A1000004');
    // The activation is one synchronous transaction after the encoder's last answer; the cable goes in between.
    const encodeCard = gw.devices.encodeCard.bind(gw.devices);
    const spy = vi.spyOn(gw.devices, 'encodeCard').mockImplementationOnce(async (id, request) => {
      const written = await encodeCard(id, request);
      await encoderPty.unplug();
      return written;
    });
    try {
      const issued = await api('POST', `/api/visits/${visit.id}/card`, { source: 'encode', deviceId: ENCODER });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(issued.status).toBe(200);
      expect(issued.body.card).toMatchObject({ uid: 'A1000004', status: 'active' });
    } finally {
      spy.mockRestore();
    }
    await encoderGone(Promise.resolve());
    expect(cardRows('A1000004')).toEqual([{ status: 'active' }]);
    expect(visitAudit(visit.id).map((a) => a.action)).toEqual(['visit.checked_in', 'visit.card_issued']);
    expect(outboxRows().filter((e) => e.aggregate_id === visit.ref).map((e) => e.type)).toEqual(['visit.checked_in', 'visit.card_issued']);
    expect(await door('A1000004')).toMatchObject({ granted: true });
    // While unplugged, another encode is refused at once with a translated error (audited), not tried.
    const other = await registerVisit('Khách A1000005');
    const refused = await api('POST', `/api/visits/${other.id}/card`, { source: 'encode', deviceId: ENCODER });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('device_not_connected');
    expectTranslated(refused.body.error);
    expect(visitAudit(other.id).map((a) => a.action)).toEqual(['visit.checked_in', 'visit.card_encode_failed']);
    await replugEncoder(card);
    expect((await api('POST', `/api/visits/${visit.id}/check-out`)).status).toBe(200);
    expect((await api('POST', `/api/visits/${other.id}/check-out`)).status).toBe(200);
  });

  it('desk reader unplugged between the tap of a pool card and the issue: the card read whole is issued', async () => {
    const events: GatewayEvent[] = [];
    const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: admin } });
    const ready = new Promise<void>((resolve) => ws.once('message', () => resolve()));
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as GatewayEvent));
    try {
      await ready;
      const visit = await registerVisit('Khách pool');
      const tapped = (uid: string) =>
        until(() => events.find((e): e is Extract<GatewayEvent, { type: 'card.presented' }> => e.type === 'card.presented' && e.data.deviceId === READER && e.data.uid === uid), `tap of ${uid}`);
      reader.presentCard('0B0B0B0B0B');
      const tap = await tapped('0B0B0B0B0B');
      reader.removeCard();
      await readerPty.unplug();
      await reader.close().catch(() => undefined);

      const issued = await api('POST', `/api/visits/${visit.id}/card`, { source: 'pool', uid: tap.data.uid, technology: 'em4100' });
      expect(issued.status).toBe(200);
      expect(issued.body.card).toMatchObject({ uid: '0B0B0B0B0B', status: 'active' });
      expect(outboxRows().filter((e) => e.aggregate_id === visit.ref).map((e) => e.type)).toEqual(['visit.checked_in', 'visit.card_issued']);
      // The unplugged reader is reported, and asking it for a tap is refused at once rather than waited on.
      await waitState(READER, (s) => s !== 'connected', 'noticed the unplug');
      const read = await api('POST', `/api/devices/${READER}/read-card`, { timeoutMs: 3000 });
      expect(read.status).toBe(409);
      expect(read.body.error.code).toBe('device_not_connected');
      expectTranslated(read.body.error);

      // Plugged back in, the visitor signs out by tapping the same card on the desk reader.
      await readerPty.replug();
      reader = await createSimulator('em4100', readerPty.b);
      await waitState(READER, (s) => s === 'connected', 'reconnected');
      events.length = 0;
      reader.presentCard('0B0B0B0B0B');
      await tapped('0B0B0B0B0B');
      reader.removeCard();
      const out = await api('POST', '/api/visits/check-out-by-card', { uid: '0B0B0B0B0B' });
      expect(out.body).toMatchObject({ closed: true, visit: { id: visit.id, status: 'checked_out', card: null } });
      expect(cardRows('0B0B0B0B0B')).toEqual([{ status: 'returned' }]);
    } finally {
      ws.close();
    }
  });
});
