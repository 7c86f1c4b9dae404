/**
 * Upstream sync: how fast a backlog of 100,000 outbox events (10,000 with --quick) drains to the development
 * receiver (`frontgate upstream-dev`, its own process) over HTTP and over MQTT through Debian's mosquitto, against the
 * receiver's ingest alone (pre-built, pre-signed messages sent straight to it) as the baseline; and the lag of each
 * event (written → acknowledged) under a steady 200 events/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { enqueueEvent, nextBatch, queueStats } from '../db/outbox.js';
import { systemClock } from '../gateway/clock.js';
import { batchJson, envelopeJson, eventTopic } from '../gateway/sync/envelope.js';
import { HttpUpstream } from '../gateway/sync/http-upstream.js';
import { MqttUpstream } from '../gateway/sync/mqtt-upstream.js';
import { Pusher } from '../gateway/sync/pusher.js';
import { SIGNATURE_HEADER, SIGNATURE_PROPERTY, sign } from '../gateway/sync/signature.js';
import type { EventSink } from '../gateway/sync/sink.js';
import { freePort, mosquittoAvailable, startMosquitto } from '../test/support/mosquitto.js';
import type { Figure } from './report.js';

const TOKEN = 'bench-token';
const SECRET = 'bench-secret';
const SITE = 'BENCH';
const BATCH = 500;
const root = join(import.meta.dirname, '..');
const silent = { warn: () => undefined, error: () => undefined };

/** A card.activated payload of realistic size (the card view with holder, unit, groups, validity). */
const payload = (i: number) => ({
  id: (i % 2000) + 1,
  uid: (0x10000000 + (i % 2000)).toString(16).toUpperCase(),
  technology: 'em4100',
  printedNumber: String(3_800_000_000 + i),
  holderKind: 'resident',
  personId: (i % 1500) + 1,
  personName: `Nguyễn Văn An ${i % 1500}`,
  unitId: (i % 400) + 1,
  unitCode: `A-${1000 + (i % 400)}`,
  status: 'active',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: null,
  accessGroupIds: [1, 3],
  zoneIds: [12],
  createdAt: '2026-11-20T03:00:00.000Z',
  updatedAt: '2026-11-23T03:00:00.000Z',
  reason: null,
});

function outboxDb(label: string, events: number): { db: Db; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `frontgate-bench-sync-${label}-`));
  const db = openDatabase(join(dir, 'frontgate.db'));
  migrate(db);
  const now = Date.now();
  db.sqlite.transaction(() => {
    for (let i = 0; i < events; i++) enqueueEvent(db, SITE, { type: 'card.activated', aggregateType: 'card', aggregateId: (i % 2000) + 1, occurredAt: now, payload: payload(i) });
  })();
  return { db, dir };
}

interface Receiver {
  url: string;
  stats(): Promise<{ events: number }>;
  stop(): Promise<void>;
}

/** `frontgate upstream-dev` in its own process (so it has the other core), with its own SQLite file. */
async function startReceiverProcess(mqttUrl: string | null): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-bench-upstream-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/frontgate.mjs', 'upstream-dev', '--port', String(port), '--data', join(dir, 'upstream.db'), '--token', TOKEN, '--secret', SECRET, ...(mqttUrl ? ['--mqtt', mqttUrl] : [])],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 1200 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
  if (!/listening on/.test(out)) throw new Error(`upstream-dev did not start: ${out}`);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stats: async () => (await (await fetch(`${url}/_dev/stats`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { events: number },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds: every 5 ms for local checks, less often for the receiver (`everyMs`), so polling does not slow it. */
async function until(check: () => boolean | Promise<boolean>, what: string, deadlineMs = 600_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Drains the whole outbox through `sink` with one pusher; events per second until the last acknowledgement. */
async function drain(db: Db, sink: EventSink, events: number, batchSize = BATCH): Promise<number> {
  const pusher = new Pusher({ db, clock: systemClock, sink, batchSize, lingerMs: 0, idleCheckMs: 5, log: silent });
  // A cheap check (counting 100,000 pending rows every few ms would slow the pusher down).
  const anyPending = db.sqlite.prepare("SELECT 1 FROM outbox WHERE status = 'pending' LIMIT 1");
  const started = performance.now();
  pusher.start();
  await until(() => anyPending.get() === undefined, 'the outbox to drain');
  const seconds = (performance.now() - started) / 1000;
  await pusher.stop();
  return events / seconds;
}

/** Baseline: the same batches, built and signed beforehand, posted straight to the receiver one after another. */
async function httpIngestAlone(receiver: Receiver, db: Db): Promise<number> {
  const bodies: string[] = [];
  for (let after = ''; ; ) {
    const rows = nextBatch(db, BATCH, after);
    if (rows.length === 0) break;
    bodies.push(batchJson(SITE, Date.now(), rows));
    after = (rows.at(-1) as { id: string }).id;
  }
  const started = performance.now();
  let count = 0;
  for (const body of bodies) {
    const response = await fetch(`${receiver.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, [SIGNATURE_HEADER]: sign(SECRET, body) },
      body,
    });
    count += ((await response.json()) as { accepted: string[] }).accepted.length;
  }
  return count / ((performance.now() - started) / 1000);
}

async function httpFigures(events: number): Promise<Figure[]> {
  const baselineDb = outboxDb('http-base', events);
  const realDb = outboxDb('http', events);
  const bigDb = outboxDb('http-big', events);
  const baseReceiver = await startReceiverProcess(null);
  const receiver = await startReceiverProcess(null);
  const bigReceiver = await startReceiverProcess(null);
  try {
    const baseline = await httpIngestAlone(baseReceiver, baselineDb.db);
    const figures: Figure[] = [];
    for (const [db, r, batchSize] of [
      [realDb.db, receiver, BATCH],
      [bigDb.db, bigReceiver, 2000],
    ] as const) {
      const sink = new HttpUpstream({ url: r.url, token: TOKEN, secret: SECRET, site: SITE, timeoutMs: 60_000, clock: systemClock });
      const rate = await drain(db, sink, events, batchSize);
      const stored = (await r.stats()).events;
      if (stored !== events) throw new Error(`bench: the receiver stored ${stored} of ${events} events`);
      figures.push({
        group: 'sync',
        name: `sync: drain ${events.toLocaleString('en')} events over HTTP (batches of ${batchSize}${batchSize === BATCH ? ', the default' : ''}, signed) to upstream-dev`,
        value: rate,
        unit: 'events/s',
        baseline,
        baselineName: `receiver ingest alone: pre-built signed batches of ${BATCH} posted in a loop`,
        target: { op: '>=', value: 20_000 },
      });
    }
    return figures;
  } finally {
    await baseReceiver.stop();
    await receiver.stop();
    await bigReceiver.stop();
    for (const d of [baselineDb, realDb, bigDb]) {
      closeDatabase(d.db);
      rmSync(d.dir, { recursive: true, force: true });
    }
  }
}

/** Baseline: pre-built signed envelopes published with QoS 1 (the broker's receive maximum in flight) until the receiver stored all. */
async function mqttIngestAlone(brokerUrl: string, receiver: Receiver, db: Db, events: number): Promise<number> {
  const messages = nextBatch(db, events).map((row) => {
    const body = envelopeJson(row);
    return { topic: eventTopic(SITE, row.type), body, properties: { userProperties: { [SIGNATURE_PROPERTY]: sign(SECRET, body) } } };
  });
  const client = await mqtt.connectAsync(brokerUrl, { protocolVersion: 5 });
  (client.stream as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
  const window = (client as unknown as { connackPacket?: { properties?: { receiveMaximum?: number } } }).connackPacket?.properties?.receiveMaximum ?? 65535;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    let inFlight = 0;
    let acked = 0;
    const send = () => {
      while (inFlight < window && next < messages.length) {
        const m = messages[next++]!;
        inFlight++;
        client.publish(m.topic, m.body, { qos: 1, properties: m.properties }, () => {
          inFlight--;
          if (++acked === messages.length) resolve();
          else send();
        });
      }
    };
    send();
  });
  await until(async () => (await receiver.stats()).events >= events, 'the receiver to store the baseline events', 600_000, 20);
  const rate = events / ((performance.now() - started) / 1000);
  await client.endAsync();
  return rate;
}

async function mqttFigures(events: number): Promise<Figure[]> {
  if (!mosquittoAvailable()) return [];
  // The broker as docs/upstream-api.md asks for it: it queues for a lagging receiver instead of dropping, and lets
  // 100 QoS 1 messages be in flight per client (mosquitto's default of 20 makes every client wait on round trips).
  const broker = await startMosquitto(undefined, { maxQueuedMessages: 0, maxInflightMessages: 100 });
  const baselineDb = outboxDb('mqtt-base', events);
  const realDb = outboxDb('mqtt', events);
  try {
    const baseReceiver = await startReceiverProcess(broker.url);
    const baseline = await mqttIngestAlone(broker.url, baseReceiver, baselineDb.db, events);
    await baseReceiver.stop();
    const receiver = await startReceiverProcess(broker.url);
    const sink = new MqttUpstream({ url: broker.url, site: SITE, token: null, secret: SECRET, timeoutMs: 60_000, log: silent });
    await sink.start();
    const started = performance.now();
    const acked = await drain(realDb.db, sink, events);
    await until(async () => (await receiver.stats()).events >= events, 'the receiver to store every event', 600_000, 20);
    const endToEnd = events / ((performance.now() - started) / 1000);
    await sink.close();
    await receiver.stop();
    return [
      {
        group: 'sync',
        name: `sync: drain ${events.toLocaleString('en')} events over MQTT (QoS 1, signed) until the broker acknowledged all (outbox empty)`,
        value: acked,
        unit: 'events/s',
        baseline: null,
        baselineName: null,
        target: { op: '>=', value: 5_000 },
      },
      {
        group: 'sync',
        name: 'sync: the same MQTT drain until upstream-dev stored all (one durable commit per message)',
        value: endToEnd,
        unit: 'events/s',
        baseline,
        baselineName: 'receiver ingest alone: pre-built signed messages published in a loop',
        target: { op: '>=', value: 0.8, of: 'ratio' },
      },
    ];
  } finally {
    await broker.stop();
    for (const d of [baselineDb, realDb]) {
      closeDatabase(d.db);
      rmSync(d.dir, { recursive: true, force: true });
    }
  }
}

/** Steady load: 200 events/s written for a while with the default linger; lag = acknowledged − written. */
async function lagFigures(quick: boolean): Promise<Figure[]> {
  const { db, dir } = outboxDb('lag', 0);
  const receiver = await startReceiverProcess(null);
  const sink = new HttpUpstream({ url: receiver.url, token: TOKEN, secret: SECRET, site: SITE, timeoutMs: 15_000, clock: systemClock });
  const pusher = new Pusher({ db, clock: systemClock, sink, batchSize: BATCH, lingerMs: 200, log: silent });
  try {
    pusher.start();
    const seconds = quick ? 3 : 10;
    const total = seconds * 200;
    let written = 0;
    const started = Date.now();
    while (written < total) {
      const due = Math.floor(((Date.now() - started) / 1000) * 200);
      for (; written < Math.min(due, total); written++) enqueueEvent(db, SITE, { type: 'access.decided', aggregateType: 'card', aggregateId: written % 300, occurredAt: Date.now(), payload: { readerId: 'gate-in', granted: true, n: written } });
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => queueStats(db).pending === 0, 'the steady load to be acknowledged', 60_000);
    const lags = (db.sqlite.prepare("SELECT sent_at - occurred_at AS lag FROM outbox WHERE status = 'sent' ORDER BY lag").all() as { lag: number }[]).map((r) => r.lag);
    const p = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0;
    return [
      { group: 'sync', name: `sync: lag written → acknowledged under 200 events/s (HTTP, linger 200 ms), p50`, value: p(0.5), unit: 'ms', baseline: null, baselineName: null, target: null },
      { group: 'sync', name: 'sync: the same lag, p99', value: p(0.99), unit: 'ms', baseline: null, baselineName: null, target: { op: '<=', value: 1000 } },
    ];
  } finally {
    await pusher.stop();
    await receiver.stop();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function syncFigures(quick: boolean): Promise<Figure[]> {
  const events = quick ? 10_000 : 100_000;
  return [...(await httpFigures(events)), ...(await mqttFigures(events)), ...(await lagFigures(quick))];
}
