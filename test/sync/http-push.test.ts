/**
 * The pusher against the real development receiver over HTTP (in-process on a real port, or its own process):
 * outages, 5xx, timeouts, 429, refusals, auth failures and lost acknowledgements.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { enqueueEvent, queueStats, resendDeadLetters } from '../../db/outbox.js';
import { receiverStats } from '../../db/receiver-store.js';
import { systemClock, type Clock } from '../../gateway/clock.js';
import { HttpUpstream } from '../../gateway/sync/http-upstream.js';
import { Pusher } from '../../gateway/sync/pusher.js';
import { tempDb } from '../support/db.js';
import { TestClock } from '../support/gateway.js';
import { freePort } from '../support/mosquitto.js';
import { SECRET, TOKEN, eventually, spawnReceiver, startReceiver, tempDir, type TestReceiver } from '../support/sync.js';

const log = pino({ level: 'silent' });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function database(): Db {
  const t = tempDb();
  cleanups.push(t.dispose);
  return t.db;
}

async function receiver(options: Parameters<typeof startReceiver>[0] = {}): Promise<TestReceiver> {
  const r = await startReceiver(options);
  cleanups.push(() => r.dispose());
  return r;
}

function pusher(db: Db, url: string, options: { clock?: Clock; batchSize?: number; timeoutMs?: number; token?: string } = {}): Pusher {
  const clock = options.clock ?? systemClock;
  const sink = new HttpUpstream({ url, token: options.token ?? TOKEN, secret: SECRET, site: 'SITE-1', timeoutMs: options.timeoutMs ?? 2000, clock });
  const p = new Pusher({ db, clock, sink, batchSize: options.batchSize ?? 50, lingerMs: 5, backoff: { baseMs: 20, maxMs: 200 }, idleCheckMs: 20, log });
  cleanups.push(() => p.stop());
  return p;
}

/** Events for `aggregates` cards, interleaved: card 1, card 2, …, card 1, card 2, … */
function enqueue(db: Db, count: number, aggregates = 7, type = 'card.activated', offset = 0): void {
  db.sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      enqueueEvent(db, 'SITE-1', { type, aggregateType: 'card', aggregateId: ((i + offset) % aggregates) + 1, occurredAt: Date.now(), payload: { n: i + offset } });
    }
  })();
}

const pending = (db: Db) => queueStats(db).pending;
const outboxIds = (db: Db) => (db.sqlite.prepare('SELECT id FROM outbox ORDER BY id').all() as { id: string }[]).map((r) => r.id);
const received = (r: { db: Db }) => r.db.sqlite.prepare('SELECT id, aggregate_type || \':\' || aggregate_id AS aggregate, seq FROM events ORDER BY seq').all() as { id: string; aggregate: string; seq: number }[];

/** Per aggregate, the order of first arrival equals the order of the gateway's (time-sortable) ids. */
function expectAggregateOrder(rows: { id: string; aggregate: string }[]): void {
  const byAggregate = new Map<string, string[]>();
  for (const r of rows) byAggregate.set(r.aggregate, [...(byAggregate.get(r.aggregate) ?? []), r.id]);
  for (const [aggregate, ids] of byAggregate) expect(ids, aggregate).toEqual([...ids].sort());
}

describe('pushing events over HTTP to the development receiver', () => {
  it('delivers every event once, marks it sent only when acknowledged, and keeps each aggregate in order', async () => {
    const db = database();
    const r = await receiver();
    enqueue(db, 520);
    pusher(db, r.url).start();
    await eventually(() => pending(db) === 0, 'the queue to drain');
    expect(received(r).map((e) => e.id).sort()).toEqual(outboxIds(db));
    expectAggregateOrder(received(r));
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL AND attempts = 1").get()).toEqual({ n: 520 });
    expect(receiverStats(r.db)).toEqual({ events: 520, deliveries: 520, duplicates: 0 });
  });

  it('retries 500s and timeouts with backoff until upstream takes the batch', async () => {
    const db = database();
    const r = await receiver();
    await r.dev('/_dev/faults', { failNext: { count: 3, status: 500 }, hangNext: 2 });
    enqueue(db, 120);
    const p = pusher(db, r.url, { timeoutMs: 300 });
    p.start();
    await eventually(() => p.snapshot().lastError?.code === 'http_500' && p.snapshot().state === 'offline', 'a 500 to put the pusher offline');
    await eventually(() => pending(db) === 0, 'the queue to drain after the failures');
    // The first batch went 6 times: three 500s, two timeouts, then accepted; nothing was marked sent before that.
    expect(db.sqlite.prepare('SELECT attempts FROM outbox ORDER BY id LIMIT 1').get()).toEqual({ attempts: 6 });
    expect(receiverStats(r.db)).toEqual({ events: 120, deliveries: 120, duplicates: 0 });
    expect(p.snapshot().state).not.toBe('offline');
  });

  it('waits as long as a 429 Retry-After says', async () => {
    const db = database();
    const r = await receiver();
    const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z'));
    await r.dev('/_dev/faults', { failNext: { count: 1, status: 429, retryAfter: '1' } });
    enqueue(db, 10);
    const p = pusher(db, r.url, { clock });
    p.start();
    await eventually(() => p.snapshot().nextAttemptAt !== null, 'the retry to be scheduled');
    expect(p.snapshot()).toMatchObject({ state: 'offline', nextAttemptAt: clock.now() + 1000, lastError: { kind: 'retryable', code: 'rate_limited' } });
    await eventually(() => pending(db) === 0, 'the queue to drain after Retry-After');
  });

  it('dead-letters a refused event, holds only the later events of that aggregate, and sends them after a re-send', async () => {
    const db = database();
    const r = await receiver();
    await r.dev('/_dev/faults', { rejectAggregates: ['card:2'], rejectCode: 'unknown_card' });
    enqueue(db, 70, 7);
    const p = pusher(db, r.url, { batchSize: 20 });
    p.start();
    await eventually(() => receiverStats(r.db).events === 60, 'every other aggregate to arrive');
    await eventually(() => pending(db) === 9, 'the held events to stay pending');
    expect(queueStats(db)).toMatchObject({ pending: 9, held: 9, dead: 1 });
    const dead = db.sqlite.prepare("SELECT aggregate_id, reject_code, last_error FROM outbox WHERE status = 'dead'").get() as Record<string, string>;
    expect(dead).toMatchObject({ aggregate_id: '2', reject_code: 'unknown_card' });
    expect(received(r).filter((e) => e.aggregate === 'card:2')).toEqual([]);
    expect(p.snapshot().lastError).toMatchObject({ kind: 'rejected', code: 'unknown_card' });

    await r.dev('/_dev/faults', { rejectAggregates: [] });
    // A backlog keeps the pusher in the middle of a pass when the dead letter is re-sent: it must still go first.
    enqueue(db, 700, 7, 'card.activated', 70);
    await eventually(() => receiverStats(r.db).events > 100, 'the backlog to start draining');
    expect(db.sqlite.transaction(() => resendDeadLetters(db, null))()).toBe(1);
    p.rewind();
    await eventually(() => pending(db) === 0, 'the re-sent dead letter, its held events and the backlog');
    expect(received(r).filter((e) => e.aggregate === 'card:2')).toHaveLength(110);
    expectAggregateOrder(received(r));
  });

  it('narrows a whole-batch refusal down to the one event that causes it', async () => {
    const db = database();
    const r = await receiver();
    await r.dev('/_dev/faults', { poisonType: 'card.lost' });
    enqueue(db, 30, 5);
    enqueue(db, 1, 1000, 'card.lost', 500); // aggregate card:501
    enqueue(db, 30, 5, 'card.activated', 31);
    pusher(db, r.url, { batchSize: 64 }).start();
    await eventually(() => receiverStats(r.db).events === 60, 'the innocent events to arrive');
    await eventually(() => queueStats(db).dead === 1, 'the poisonous event to become a dead letter');
    expect(db.sqlite.prepare("SELECT type, reject_code FROM outbox WHERE status = 'dead'").get()).toEqual({ type: 'card.lost', reject_code: 'http_422' });
    await eventually(() => pending(db) === 0, 'every other event to be marked sent');
    expect(db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get()).toEqual({ n: 60 });
  });

  it('stops on 401 in state error, pushes nothing more, and resumes when retried', async () => {
    const db = database();
    const r = await receiver();
    await r.dev('/_dev/faults', { failNext: { count: 1, status: 401 } });
    enqueue(db, 10);
    const p = pusher(db, r.url);
    p.start();
    await eventually(() => p.snapshot().state === 'error', 'the auth failure to stop the pusher');
    expect(p.snapshot().lastError).toMatchObject({ kind: 'auth', code: 'unauthorized' });
    const attempted = p.snapshot().lastAttemptAt;
    enqueue(db, 10);
    p.wake();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(p.snapshot()).toMatchObject({ state: 'error', lastAttemptAt: attempted });
    expect(receiverStats(r.db).events).toBe(0);
    p.retryNow();
    await eventually(() => pending(db) === 0, 'the queue to drain after retry');
    expect(receiverStats(r.db).events).toBe(20);
  });

  it('refuses a wrong token (401 from the receiver) the same way', async () => {
    const db = database();
    const r = await receiver();
    enqueue(db, 3);
    const p = pusher(db, r.url, { token: 'wrong-token' });
    p.start();
    await eventually(() => p.snapshot().state === 'error', 'the wrong token to stop the pusher');
    expect(receiverStats(r.db).deliveries).toBe(0);
  });

  it('refuses commands that upstream did not sign with the shared secret', async () => {
    const r = await receiver({ secret: 'a-different-secret' });
    const upstream = new HttpUpstream({ url: r.url, token: TOKEN, secret: SECRET, site: 'SITE-1', timeoutMs: 2000, clock: systemClock });
    await r.dev('/_dev/commands', { commands: [{ id: 'c-1', type: 'card.revoke', payload: { uid: '62E3086CED', reason: 'x' } }] });
    await expect(upstream.fetchCommands(null, 100, new AbortController().signal)).rejects.toMatchObject({ kind: 'auth', code: 'bad_signature' });
    const trusting = new HttpUpstream({ url: r.url, token: TOKEN, secret: 'a-different-secret', site: 'SITE-1', timeoutMs: 2000, clock: systemClock });
    expect(await trusting.fetchCommands(null, 100, new AbortController().signal)).toEqual({ commands: [expect.objectContaining({ id: 'c-1' })], cursor: '1' });
  });

  it('sends again when acknowledgements are lost; the receiver keeps each event once', async () => {
    const db = database();
    const r = await receiver();
    await r.dev('/_dev/faults', { dropAcks: 2 });
    enqueue(db, 100);
    pusher(db, r.url).start();
    await eventually(() => pending(db) === 0, 'the queue to drain');
    const stats = receiverStats(r.db);
    expect(stats.events).toBe(100);
    expect(stats.duplicates).toBeGreaterThanOrEqual(50);
    expect(stats.deliveries).toBe(stats.events + stats.duplicates);
    expect(r.db.sqlite.prepare('SELECT count(DISTINCT id) AS n FROM events').get()).toEqual({ n: 100 });
  });

  it('catches up after upstream was down for a while: all delivered, each aggregate in order', async () => {
    const db = database();
    const files = tempDir('frontgate-upstream-proc-');
    cleanups.push(files.dispose);
    const port = await freePort();
    const dataFile = join(files.dir, 'upstream.db');
    let proc = await spawnReceiver(port, dataFile);
    cleanups.push(() => proc.kill());
    const p = pusher(db, proc.url, { timeoutMs: 500 });
    p.start();
    enqueue(db, 100, 9);
    await eventually(() => pending(db) === 0, 'the first events to arrive');
    await proc.kill('SIGKILL');
    for (let round = 0; round < 5; round++) enqueue(db, 60, 9, 'card.activated', 100 + round * 60);
    await eventually(() => p.snapshot().state === 'offline', 'the pusher to notice the outage');
    expect(pending(db)).toBe(300);
    proc = await spawnReceiver(port, dataFile);
    await eventually(() => pending(db) === 0, 'the backlog to drain after upstream came back', 30_000);
    const stats = (await proc.dev('/_dev/stats')) as { events: number };
    expect(stats.events).toBe(400);
    const rows = ((await proc.dev('/_dev/events?limit=1000')) as { items: { id: string; aggregateType: string; aggregateId: string }[] }).items;
    expect(rows.map((e) => e.id).sort()).toEqual(outboxIds(db));
    expectAggregateOrder(rows.map((e) => ({ id: e.id, aggregate: `${e.aggregateType}:${e.aggregateId}` })));
  }, 60_000);
});
