/**
 * The door decisions' batches written by the database's background worker (db/access-log-writer.ts, started with the
 * WAL checkpointer) on a real SQLite file: the gateway's connection writes none of them; each decision is written
 * once, in order, before any later transaction of the gateway; anti-passback stays right while they are in flight;
 * a locked database refuses decisions until it can write again; and when the worker stops or dies, the log writes on
 * the gateway's connection again, without losing or doubling a decision.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessDecider } from '../../db/access.js';
import { DecisionLog, type DecisionLogOptions } from '../../db/access-log.js';
import type { Db } from '../../db/connection.js';
import { startWalCheckpointer, type WalCheckpointer } from '../../db/wal-checkpointer.js';
import { tempDb } from '../support/db.js';
import { expectDecisionsOrderedAroundACardChange, seedDecisionLogBuilding } from '../support/decision-log.js';

let db: Db;
let dir: string;
let dispose: () => void;
let worker: WalCheckpointer | undefined;
const AT = Date.parse('2026-11-23T10:00:00+07:00');
const HOUR = 3_600_000;

beforeEach(() => {
  ({ db, dir, dispose } = tempDb());
  seedDecisionLogBuilding(db);
});
afterEach(async () => {
  DecisionLog.of(db).close();
  await worker?.stop();
  worker = undefined;
  dispose();
});

const messages: { message: string; detail: unknown }[] = [];
function setup(options: Partial<DecisionLogOptions>) {
  messages.length = 0;
  const log = DecisionLog.of(db, { ...options, log: (message, detail) => messages.push({ message, detail }) });
  worker = startWalCheckpointer(db, { intervalMs: 50 });
  log.useWriter(worker.decisions);
  return { log, decider: new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'TEST', log) };
}
const events = () => db.sqlite.prepare('SELECT at, reader_id AS readerId, granted, reason FROM access_events ORDER BY id').all() as { at: number; readerId: string; granted: number; reason: string }[];
const outbox = () => (db.sqlite.prepare('SELECT id, type, occurred_at AS at, payload FROM outbox ORDER BY id').all() as { id: string; type: string; at: number; payload: string }[]).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
/** Counts the statements the gateway's own connection changed rows with (total_changes is per connection). */
const ownChanges = () => db.sqlite.prepare('SELECT total_changes() AS n').pluck().get() as number;

describe('access decision log written by the background worker', () => {
  it('writes every decision once and in order, none of them on the gateway connection, and fsyncs each batch', async () => {
    const { log, decider } = setup({ maxDelayMs: 1, maxBatch: 256 });
    expect(log.offThread).toBe(true);
    const changes = ownChanges();
    const answers = Array.from({ length: 40 }, (_, i) => decider.decide('lobby-in', i % 4 === 0 ? '0102030405' : 'DEADBEEF', AT + i));
    await vi.waitFor(() => expect([events().length, log.pending, log.unsynced]).toEqual([40, 0, 0]), { timeout: 10_000 });
    expect(ownChanges()).toBe(changes);
    expect(events()).toEqual(answers.map((a) => ({ at: a.at, readerId: 'lobby-in', granted: a.granted ? 1 : 0, reason: a.reason })));
    const rows = outbox();
    expect(rows.map((r) => [r.type, r.at, r.payload.reason, r.payload.granted])).toEqual(answers.map((a) => ['access.decided', a.at, a.reason, a.granted]));
    expect(new Set(rows.map((r) => r.id)).size).toBe(40);
  });

  it('has the worker commit what it was handed before any other transaction, so outbox order is decision order', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1 });
    expectDecisionsOrderedAroundACardChange(db, decider, log, AT);
  });

  it('keeps anti-passback right while the decisions are in flight and once the worker has written them', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1 });
    expect(decider.decide('park-in', 'DEADBEEF', AT).reason).toBe('granted');
    expect(decider.decide('park-in', 'DEADBEEF', AT + 1).reason).toBe('anti_passback');
    await vi.waitFor(() => expect(log.pending).toBe(0), { timeout: 10_000 });
    // Written by the worker: now read from the table.
    expect(decider.decide('park-in', 'DEADBEEF', AT + 2).reason).toBe('anti_passback');
    expect(decider.decide('park-out', 'DEADBEEF', AT + 3).reason).toBe('granted');
    expect(decider.decide('park-out', 'DEADBEEF', AT + 4).reason).toBe('anti_passback');
    log.flush();
    expect(db.sqlite.prepare('SELECT card_id AS cardId, zone_id AS zoneId, inside, at FROM access_presence').all()).toEqual([{ cardId: 1, zoneId: 2, inside: 0, at: AT + 3 }]);
    expect(events().map((e) => e.reason)).toEqual(['granted', 'anti_passback', 'anti_passback', 'granted', 'anti_passback']);
  });

  it('refuses decisions while the worker cannot write (locked database), then writes each decision once', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    log.writerPragma('busy_timeout = 0');
    const other = new Database(join(dir, 'test.db'));
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 3; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    expect(() => log.flush()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    // Fail-secure: the door gets no answer while the log cannot be written.
    expect(() => decider.decide('lobby-in', 'DEADBEEF', AT + 3)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    other.exec('ROLLBACK');
    other.close();
    // The worker's retry writes the batch without waiting for another decision.
    await vi.waitFor(() => expect(log.pending).toBe(0), { timeout: 10_000 });
    expect(decider.decide('lobby-in', 'DEADBEEF', AT + 4).granted).toBe(true);
    log.flush();
    expect(events().map((e) => e.at)).toEqual([AT, AT + 1, AT + 2, AT + 4]);
    expect(new Set(outbox().map((r) => r.id)).size).toBe(4);
  });

  it('writes what was handed over when the worker stops, then writes on the gateway connection again', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 2 });
    for (let i = 0; i < 5; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    await worker!.stop();
    worker = undefined;
    expect(log.offThread).toBe(false);
    // Handed over and waiting alike: the worker wrote them all before it stopped.
    expect([events().length, log.pending]).toEqual([5, 0]);
    const changes = ownChanges();
    decider.decide('lobby-in', 'DEADBEEF', AT + 5);
    log.flush();
    expect(ownChanges()).toBeGreaterThan(changes);
    expect(events().map((e) => e.at)).toEqual(Array.from({ length: 6 }, (_, i) => AT + i));
    expect(new Set(outbox().map((r) => r.id)).size).toBe(6);
  });

  it('writes again, once each, the decisions a worker that died had not written', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 3 });
    for (let i = 0; i < 3; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    await vi.waitFor(() => expect(events().length).toBe(3), { timeout: 10_000 });
    // The worker dies on a message it cannot read, queued ahead of the next batch it is handed.
    (worker!.decisions as unknown as { worker: { postMessage(m: unknown): void } }).worker.postMessage({ decisions: 'rows', rows: null });
    for (let i = 3; i < 6; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    expect(log.offThread).toBe(true);
    await vi.waitFor(() => expect(log.offThread).toBe(false), { timeout: 10_000 });
    worker = undefined;
    decider.decide('lobby-in', 'DEADBEEF', AT + 6);
    log.flush();
    expect(events().map((e) => e.at)).toEqual(Array.from({ length: 7 }, (_, i) => AT + i));
    expect(new Set(outbox().map((r) => r.id)).size).toBe(7);
    expect(messages.map((m) => m.message)).toContain('access decision log: writing again the decisions the background writer left');
  });
});

describe('access decision log written by the background worker, under more load than it writes', () => {
  it('never leaves the worker more than four batches behind: the gateway waits for it instead', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 8 });
    let most = 0;
    for (let i = 0; i < 400; i++) {
      decider.decide('lobby-in', i % 2 === 0 ? 'DEADBEEF' : '0102030405', AT + i);
      most = Math.max(most, log.pending);
    }
    expect(most).toBeLessThanOrEqual(5 * 8);
    log.flush();
    expect(events().map((e) => e.at)).toEqual(Array.from({ length: 400 }, (_, i) => AT + i));
  });
});
