/**
 * The group-committed door decision log on a real SQLite file: decisions are answered at once and written in batches;
 * a batch is written whole or not at all, each decision exactly once and in order; close() writes what waits; a crash
 * loses at most the unwritten window (never more than maxBatch decisions); anti-passback presence stays right in
 * between; and any other transaction commits the waiting decisions first.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccessDecider } from '../../db/access.js';
import { DecisionLog, type DecisionLogOptions } from '../../db/access-log.js';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { OUTBOX_EVENT_PAYLOADS } from '../../gateway/contract/outbox-events.js';
import { tempDb } from '../support/db.js';
import { expectDecisionsOrderedAroundACardChange, seedDecisionLogBuilding } from '../support/decision-log.js';

let db: Db;
let dir: string;
let dispose: () => void;
const AT = Date.parse('2026-11-23T10:00:00+07:00');
const HOUR = 3_600_000;

beforeEach(() => {
  ({ db, dir, dispose } = tempDb());
  seedDecisionLogBuilding(db);
});
afterEach(() => dispose());

function setup(options: Partial<DecisionLogOptions>) {
  const log = DecisionLog.of(db, options);
  return { log, decider: new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'TEST', log) };
}
const events = (on: Db = db) => on.sqlite.prepare('SELECT at, reader_id AS readerId, card_id AS cardId, granted, reason FROM access_events ORDER BY id').all() as { at: number; readerId: string; cardId: number | null; granted: number; reason: string }[];
const outbox = (on: Db = db) =>
  (on.sqlite.prepare('SELECT id, type, aggregate_id AS aggregateId, occurred_at AS at, payload FROM outbox ORDER BY id').all() as { id: string; type: string; aggregateId: string; at: number; payload: string }[]).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
const presence = (on: Db = db) => on.sqlite.prepare('SELECT card_id AS cardId, zone_id AS zoneId, inside, at FROM access_presence').all();

describe('access decision log (group commit)', () => {
  it('answers at once and writes the waiting decisions in one batch, in decision order, each once', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    const answers = Array.from({ length: 10 }, (_, i) => decider.decide('lobby-in', i % 3 === 0 ? '0102030405' : 'DEADBEEF', AT + i));
    expect([events(), outbox(), log.pending]).toEqual([[], [], 10]);
    expect(log.flush()).toBe(10);
    expect(events()).toEqual(answers.map((a) => ({ at: a.at, readerId: 'lobby-in', cardId: a.cardId, granted: a.granted ? 1 : 0, reason: a.reason })));
    const rows = outbox();
    expect(rows.map((r) => [r.type, r.at, r.aggregateId, r.payload.reason])).toEqual(answers.map((a) => ['access.decided', a.at, String(a.cardId ?? a.uid), a.reason]));
    expect(new Set(rows.map((r) => r.id)).size).toBe(10);
    // What upstream receives is what the contract promises for access.decided.
    for (const row of rows) expect(OUTBOX_EVENT_PAYLOADS['access.decided'].safeParse(row.payload).error).toBeUndefined();
    expect([log.flush(), events().length, outbox().length]).toEqual([0, 10, 10]);
  });

  it('writes a batch at once when maxBatch decisions wait, so a crash can lose at most that many', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 4 });
    for (let i = 0; i < 10; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    expect([events().length, log.pending]).toEqual([8, 2]);
  });

  it('commits without waiting for the disk and fsyncs in the background, never with more than maxBatch decisions unsynced', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 4 });
    const synchronous = () => db.sqlite.pragma('synchronous', { simple: true });
    const unsynced: number[] = [];
    for (let i = 0; i < 12; i++) {
      decider.decide('lobby-in', 'DEADBEEF', AT + i);
      if (log.pending === 0) unsynced.push(log.unsynced);
    }
    // The background fsync cannot complete while this loop runs: the second batch found 4 unsynced and committed with
    // FULL (which put all 8 on disk), the third could be relaxed again.
    expect(unsynced).toEqual([4, 0, 4]);
    expect([events().length, synchronous()]).toEqual([12, 2]);
    await vi.waitFor(() => expect(log.unsynced).toBe(0), { timeout: 10_000 });
    log.close();
    expect([log.unsynced, synchronous()]).toEqual([0, 2]);
  });

  it('writes waiting decisions within maxDelayMs without being asked', async () => {
    const { log, decider } = setup({ maxDelayMs: 1, maxBatch: 1000 });
    for (let i = 0; i < 3; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    expect(log.pending).toBe(3);
    await vi.waitFor(() => expect(events().length).toBe(3), { timeout: 10_000 });
    expect(log.pending).toBe(0);
  });

  it('writes what waits on close, and refuses decisions after it', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    for (let i = 0; i < 5; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    log.close();
    expect([events().length, outbox().length, log.pending]).toEqual([5, 5, 0]);
    expect(() => decider.decide('lobby-in', 'DEADBEEF', AT + 5)).toThrow(/closed/);
    expect(events().length).toBe(5);
  });

  it('commits waiting decisions before any other transaction, so a card change made after a decision follows it upstream', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    expectDecisionsOrderedAroundACardChange(db, decider, log, AT);
  });

  it('keeps anti-passback presence in memory for the next decision until it is written with its batch', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    expect(decider.decide('park-in', 'DEADBEEF', AT).reason).toBe('granted');
    expect(presence()).toEqual([]);
    expect(decider.decide('park-in', 'DEADBEEF', AT + 1).reason).toBe('anti_passback');
    expect(decider.evaluate('park-in', 'DEADBEEF', AT + 1).reason).toBe('anti_passback');
    log.flush();
    expect(presence()).toEqual([{ cardId: 1, zoneId: 2, inside: 1, at: AT }]);
    // Written: now read from the table, also by another decider on the connection.
    expect(new AccessDecider(db, 'Asia/Shanghai', 'TEST').decide('park-in', 'DEADBEEF', AT + 2).reason).toBe('anti_passback');
    expect(decider.decide('park-out', 'DEADBEEF', AT + 3).reason).toBe('granted');
    expect(decider.decide('park-out', 'DEADBEEF', AT + 4).reason).toBe('anti_passback');
    log.flush();
    expect(presence()).toEqual([{ cardId: 1, zoneId: 2, inside: 0, at: AT + 3 }]);
  });

  it('logs a decision whose card was deleted before the batch was written, without its presence', () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000 });
    expect(decider.decide('park-in', 'DEADBEEF', AT).granted).toBe(true);
    db.sqlite.prepare('DELETE FROM cards WHERE id = 1').run();
    expect(log.flush()).toBe(1);
    expect(events()).toEqual([{ at: AT, readerId: 'park-in', cardId: null, granted: 1, reason: 'granted' }]);
    expect(outbox().map((r) => r.aggregateId)).toEqual(['1']);
    expect(presence()).toEqual([]);
  });

  it('keeps a batch that cannot be written, refuses decisions meanwhile, then writes each decision exactly once', async () => {
    const { log, decider } = setup({ maxDelayMs: HOUR, maxBatch: 1000, retryMs: 1 });
    db.sqlite.pragma('busy_timeout = 0');
    for (let i = 0; i < 3; i++) decider.decide('lobby-in', 'DEADBEEF', AT + i);
    const other = new Database(join(dir, 'test.db'));
    other.exec('BEGIN IMMEDIATE');
    expect(() => log.flush()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    // Fail-secure: while the log cannot be written, the door gets no answer (the controller keeps it shut).
    expect(() => decider.decide('lobby-in', 'DEADBEEF', AT + 3)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    expect([log.pending, db.sqlite.pragma('synchronous', { simple: true })]).toEqual([3, 2]);
    other.exec('ROLLBACK');
    other.close();
    // The retry writes the batch without waiting for another decision.
    await vi.waitFor(() => expect(log.pending).toBe(0), { timeout: 10_000 });
    expect(decider.decide('lobby-in', 'DEADBEEF', AT + 4).granted).toBe(true);
    log.flush();
    expect(events().map((e) => e.at)).toEqual([AT, AT + 1, AT + 2, AT + 4]);
    expect(new Set(outbox().map((r) => r.id)).size).toBe(4);
  });

  it('loses at most the unwritten window when the process is killed, never a written decision, and doubles nothing', async () => {
    const path = join(dir, 'test.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../support/decision-log-child.ts'), path, '23', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (errors += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await vi.waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`child exited: ${errors}`);
        expect(output).toContain('\n');
      },
      { timeout: 60_000, interval: 50 },
    );
    child.kill('SIGKILL');
    await exited;
    const answers = JSON.parse(output) as string[];
    expect(answers).toEqual(Array.from({ length: 23 }, () => 'granted'));
    // Our connection saw nothing of the child's waiting decisions; reopen to read what it committed.
    closeDatabase(db);
    db = openDatabase(path);
    const written = events();
    expect(written.map((e) => [e.at, e.readerId, e.reason])).toEqual(Array.from({ length: 20 }, (_, i) => [AT + i, i % 2 === 0 ? 'park-in' : 'park-out', 'granted']));
    expect(outbox().map((r) => r.at)).toEqual(written.map((e) => e.at));
    expect(new Set(outbox().map((r) => r.id)).size).toBe(20);
    // Presence as of the last written decision (the 20th, out), not of the lost ones.
    expect(presence()).toEqual([{ cardId: 1, zoneId: 2, inside: 0, at: AT + 19 }]);
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 90_000);
});
