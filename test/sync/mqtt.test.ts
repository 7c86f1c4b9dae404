/**
 * Upstream over MQTT through Debian's mosquitto: events published with QoS 1 and marked sent on PUBACK, a broker
 * outage, and commands down a persistent session, applied once and acknowledged.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../db/audit.js';
import type { Db } from '../../db/connection.js';
import { enqueueEvent, queueStats } from '../../db/outbox.js';
import { receiverStats } from '../../db/receiver-store.js';
import { ensureSite } from '../../db/site.js';
import { getCommand } from '../../db/sync-commands.js';
import { systemClock } from '../../gateway/clock.js';
import type { Ctx } from '../../gateway/context.js';
import { EventBus } from '../../gateway/events.js';
import { CardService } from '../../gateway/services/cards.js';
import { WatchlistService } from '../../gateway/services/watchlist.js';
import { SyncService } from '../../gateway/sync/service.js';
import { SIGNATURE_PROPERTY, verifySignature } from '../../gateway/sync/signature.js';
import { tempDb } from '../support/db.js';
import { freePort, mosquittoAvailable, startMosquitto, type Broker } from '../support/mosquitto.js';
import { SECRET, eventually, startReceiver, tempDir, type TestReceiver } from '../support/sync.js';
import { skipWithout } from '../support/tools.js';

const log = pino({ level: 'silent' });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function broker(port?: number, persistenceDir?: string): Promise<Broker> {
  const b = await startMosquitto(port, persistenceDir ? { persistenceDir } : {});
  cleanups.push(() => b.stop().catch(() => undefined));
  return b;
}

async function receiver(mqttUrl: string): Promise<TestReceiver> {
  const r = await startReceiver({ mqttUrl });
  cleanups.push(() => r.dispose());
  return r;
}

function database(site: string): Db {
  const t = tempDb();
  cleanups.push(t.dispose);
  ensureSite(t.db, { code: site, name: 'Tòa nhà thử', timezone: 'Asia/Ho_Chi_Minh', defaultLocale: 'vi' }, Date.now());
  return t.db;
}

async function syncFor(db: Db, site: string, url: string): Promise<{ sync: SyncService; cards: CardService; ctx: Ctx }> {
  const bus = new EventBus();
  const cards = new CardService({ db, clock: systemClock, bus });
  const watchlist = new WatchlistService(randomBytes(32), site);
  const sync = new SyncService({
    config: { upstreamUrl: null, upstreamToken: null, upstreamSecret: SECRET, upstreamMqttUrl: url, syncBatchSize: 100, syncLingerMs: 5, syncPollMs: 1000, syncTimeoutMs: 1000, syncRetentionDays: 30 },
    siteCode: site,
    db,
    clock: systemClock,
    bus,
    log,
    cards,
    watchlist,
    tuning: { backoff: { baseMs: 20, maxMs: 200 }, idleCheckMs: 20, mqttClientOptions: { reconnectPeriod: 100 } },
  });
  await sync.start();
  cleanups.push(() => sync.stop());
  return { sync, cards, ctx: { db, clock: systemClock, bus, auth: { kind: 'anonymous', station: null }, actor: SYSTEM_ACTOR } };
}

function enqueue(db: Db, site: string, count: number, offset = 0): void {
  db.sqlite.transaction(() => {
    for (let i = offset; i < offset + count; i++) enqueueEvent(db, site, { type: i % 3 === 0 ? 'card.suspended' : 'card.activated', aggregateType: 'card', aggregateId: (i % 5) + 1, occurredAt: Date.now(), payload: { n: i } });
  })();
}

function expectAggregateOrder(r: TestReceiver): void {
  const rows = r.db.sqlite.prepare('SELECT id, aggregate_id AS a FROM events ORDER BY seq').all() as { id: string; a: string }[];
  const by = new Map<string, string[]>();
  for (const row of rows) by.set(row.a, [...(by.get(row.a) ?? []), row.id]);
  for (const [aggregate, ids] of by) expect(ids, aggregate).toEqual([...ids].sort());
}

describe.skipIf(skipWithout(mosquittoAvailable()))('upstream over MQTT (real mosquitto)', () => {
  it('publishes each event with QoS 1 to frontgate/<site>/events/<type>, signed, and marks it sent on PUBACK', async () => {
    const b = await broker();
    const r = await receiver(b.url);
    const spy: MqttClient = await mqtt.connectAsync(b.url, { protocolVersion: 5 });
    cleanups.push(() => spy.endAsync());
    const seen: { topic: string; valid: boolean }[] = [];
    spy.on('message', (topic, payload, packet) => {
      const signature = packet.properties?.userProperties?.[SIGNATURE_PROPERTY];
      seen.push({ topic, valid: verifySignature(SECRET, payload, typeof signature === 'string' ? signature : undefined) });
    });
    await spy.subscribeAsync('frontgate/MQTT1/events/#', { qos: 1 });
    const db = database('MQTT1');
    enqueue(db, 'MQTT1', 300);
    await syncFor(db, 'MQTT1', b.url);
    await eventually(() => queueStats(db).pending === 0, 'every event acknowledged by the broker');
    await eventually(() => receiverStats(r.db).events === 300, 'the receiver to store every event');
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND attempts = 1").get()).toEqual({ n: 300 });
    expect(receiverStats(r.db).duplicates).toBe(0);
    expectAggregateOrder(r);
    await eventually(() => seen.length === 300, 'the spy to see every message');
    expect(new Set(seen.map((s) => s.topic))).toEqual(new Set(['frontgate/MQTT1/events/card.activated', 'frontgate/MQTT1/events/card.suspended']));
    expect(seen.every((s) => s.valid)).toBe(true);
  });

  it('goes offline while the broker is down and delivers everything, in order, when it is back', async () => {
    const port = await freePort();
    const store = tempDir('frontgate-mqtt-store-');
    cleanups.push(store.dispose);
    let b = await broker(port, store.dir);
    const r = await receiver(b.url);
    const db = database('MQTT2');
    const { sync } = await syncFor(db, 'MQTT2', b.url);
    enqueue(db, 'MQTT2', 50);
    await eventually(() => receiverStats(r.db).events === 50, 'the first events');
    await b.stop();
    enqueue(db, 'MQTT2', 150, 50);
    await eventually(() => sync.status().state === 'offline', 'the pusher to go offline');
    expect(queueStats(db).pending).toBe(150);
    b = await broker(port, store.dir);
    await eventually(() => queueStats(db).pending === 0, 'the backlog to be acknowledged', 30_000);
    await eventually(() => receiverStats(r.db).events === 200, 'the receiver to catch up', 30_000);
    expectAggregateOrder(r);
  }, 60_000);

  it('applies commands once even when delivered twice, acknowledges them, drops unsigned ones, and gets those sent while it was away', async () => {
    const b = await broker();
    const r = await receiver(b.url);
    const db = database('MQTT3');
    const first = await syncFor(db, 'MQTT3', b.url);
    const card = first.cards.register(first.ctx, { uid: '62E3086CED', technology: 'em4100', printedNumber: null });
    const revoke = { id: 'm-revoke-1', type: 'card.revoke', payload: { uid: '62E3086CED', reason: 'revoked by the central office' } };
    await r.dev('/_dev/commands', { via: 'mqtt', site: 'MQTT3', commands: [revoke, revoke, { id: 'm-watch-1', type: 'watchlist.add', payload: { fullName: 'Phạm Thị Hoa', reason: 'cấm' } }] });
    const acks = async () => (await r.dev('/_dev/acks')).items as { commandId: string; status: string; acks: number }[];
    await eventually(async () => (await acks()).find((a) => a.commandId === 'm-revoke-1')?.acks === 2 && (await acks()).some((a) => a.commandId === 'm-watch-1'), 'both acknowledgements of the revocation');
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM card_events WHERE card_id = ? AND kind = 'revoked'").get(card.id)).toEqual({ n: 1 });
    expect(db.sqlite.prepare('SELECT status FROM cards WHERE id = ?').get(card.id)).toEqual({ status: 'revoked' });

    // An unsigned command is dropped; the signed one after it on the same topic proves it was seen.
    const forger = await mqtt.connectAsync(b.url, { protocolVersion: 5 });
    cleanups.push(() => forger.endAsync());
    await forger.publishAsync('frontgate/MQTT3/commands', JSON.stringify({ id: 'm-forged', type: 'watchlist.add', payload: { fullName: 'X', reason: 'forged' } }), { qos: 1 });
    await r.dev('/_dev/commands', { via: 'mqtt', site: 'MQTT3', commands: [{ id: 'm-marker', type: 'watchlist.add', payload: { fullName: 'Đỗ Minh', reason: 'marker' } }] });
    await eventually(async () => (await acks()).some((a) => a.commandId === 'm-marker'), 'the marker command');
    expect(getCommand(db, 'm-forged')).toBeUndefined();

    // Away: commands wait at the broker for the persistent session.
    await first.sync.stop();
    await r.dev('/_dev/commands', { via: 'mqtt', site: 'MQTT3', commands: [{ id: 'm-while-away', type: 'watchlist.add', payload: { fullName: 'Vũ Lan', reason: 'sent while the gateway was offline' } }] });
    await syncFor(db, 'MQTT3', b.url);
    await eventually(() => getCommand(db, 'm-while-away')?.outcome === 'applied', 'the command queued while away');
    await eventually(async () => (await acks()).some((a) => a.commandId === 'm-while-away'), 'its acknowledgement');
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM watchlist WHERE full_name IN ('Phạm Thị Hoa', 'Vũ Lan', 'Đỗ Minh')").get()).toEqual({ n: 3 });
  });
});
