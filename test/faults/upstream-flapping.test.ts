/**
 * Upstream flapping: the link between the gateway and the central office goes down and up again and again (a TCP
 * proxy that, when "down", cuts every open connection — requests in flight and answers on their way back — and refuses
 * new ones), while staff keep registering cards. Every acknowledged write reaches upstream exactly once, each card's
 * events in order, and nothing is marked sent that upstream did not take.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueStats } from '../../db/outbox.js';
import { receiverStats } from '../../db/receiver-store.js';
import { faultSetting } from '../support/faults.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { SECRET, TOKEN, eventually, startReceiver, type TestReceiver } from '../support/sync.js';

const FLAPS = faultSetting(8, 40);

/** A loopback TCP proxy in front of `target` whose link can be cut. */
async function flakyLink(targetPort: number): Promise<{ url: string; up: boolean; setUp(up: boolean): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get up() {
      return up;
    },
    setUp(next) {
      up = next;
      if (!up) for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Deterministic pseudo-random delays (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let receiver: TestReceiver;
let link: Awaited<ReturnType<typeof flakyLink>>;
let gw: TestGateway;
let admin: string;
let zoneId: number;
beforeAll(async () => {
  receiver = await startReceiver();
  link = await flakyLink(Number(new URL(receiver.url).port));
  gw = await startTestGateway({
    overrides: { siteCode: 'SONGHONG', upstreamUrl: link.url, upstreamToken: TOKEN, upstreamSecret: SECRET, syncPollMs: 100, syncLingerMs: 10, syncTimeoutMs: 1000, syncBatchSize: 20 },
    sync: { backoff: { baseMs: 20, maxMs: 200 }, idleCheckMs: 20 },
  });
  await gw.addUser('quan.tri', 'admin');
  admin = await gw.login('quan.tri');
  zoneId = (await call(gw.base, 'POST', '/api/access/zones', { cookie: admin, body: { code: 'SANH', name: 'Sảnh', kind: 'common' } })).body.id as number;
}, 30_000);
afterAll(async () => {
  await gw?.stop();
  await link?.close();
  await receiver?.dispose();
});

describe('upstream flapping', () => {
  const seed = Number(process.env.FRONTGATE_FAULT_SEED ?? 20261123);
  it(`delivers every acknowledged write exactly once, in order per card, across ${FLAPS} link flaps (seed ${seed})`, async () => {
    const next = random(seed);
    const acknowledged: number[] = [];
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const uid = (0x5000000000 + n++).toString(16).toUpperCase();
        const created = await call(gw.base, 'POST', '/api/cards', { cookie: admin, body: { uid, technology: 'em4100' } });
        expect(created.status).toBe(201);
        acknowledged.push(created.body.id as number);
        // More events on the same card, so per-aggregate order has something to keep.
        const activated = await call(gw.base, 'POST', `/api/cards/${created.body.id}/activate`, { cookie: admin, body: { holderKind: 'staff', zoneIds: [zoneId] } });
        expect(activated.status).toBe(200);
        const suspended = await call(gw.base, 'POST', `/api/cards/${created.body.id}/status`, { cookie: admin, body: { action: 'suspend', reason: `flap ${n}` } });
        expect(suspended.status).toBe(200);
        await new Promise((r) => setTimeout(r, 5 + next() * 20));
      }
    })();

    let sawOffline = false;
    for (let flap = 0; flap < FLAPS; flap++) {
      await new Promise((r) => setTimeout(r, 100 + next() * 300));
      link.setUp(false);
      await new Promise((r) => setTimeout(r, 100 + next() * 400));
      sawOffline ||= (await call(gw.base, 'GET', '/api/health')).body.sync?.state === 'offline';
      link.setUp(true);
    }
    writing = false;
    await writer;

    await eventually(() => queueStats(gw.db).pending === 0, 'the queue to drain once the link stays up', 30_000);
    const outbox = gw.db.sqlite.prepare("SELECT id, status FROM outbox WHERE aggregate_type = 'card' ORDER BY id").all() as { id: string; status: string }[];
    expect(outbox.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(new Set(outbox.map((r) => r.status))).toEqual(new Set(['sent']));

    const stored = receiver.db.sqlite.prepare("SELECT id, aggregate_id AS aggregateId FROM events WHERE aggregate_type = 'card' ORDER BY seq").all() as { id: string; aggregateId: string }[];
    // Exactly once: the same ids, and the receiver stored no id twice.
    expect(stored.map((e) => e.id).sort()).toEqual(outbox.map((r) => r.id));
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    // Every acknowledged card registration is upstream.
    const cardsUpstream = new Set(stored.map((e) => Number(e.aggregateId)));
    expect(acknowledged.filter((id) => !cardsUpstream.has(id))).toEqual([]);
    // Per card, the order of first arrival is the order of the gateway's time-sortable ids.
    const byCard = new Map<string, string[]>();
    for (const e of stored) byCard.set(e.aggregateId, [...(byCard.get(e.aggregateId) ?? []), e.id]);
    for (const [card, ids] of byCard) expect(ids, `card ${card}`).toEqual([...ids].sort());
    // The link really was cut under load: the pusher saw it, and upstream got deliveries it had already stored.
    expect(sawOffline || receiverStats(receiver.db).duplicates > 0).toBe(true);
    expect(gw.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});
