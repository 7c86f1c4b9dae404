/** The outbox as the pusher uses it (db/outbox.ts) and migration 004 that gives it dead letters. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrate, migrations, schemaVersion } from '../../db/migrate.js';
import {
  discardDeadLetter,
  enqueueEvent,
  listDeadLetters,
  nextBatch,
  pruneSent,
  queueStats,
  resendDeadLetters,
  settleBatch,
} from '../../db/outbox.js';
import { getCommand, markAcked, recordCommand, requeueAck, unackedCommands } from '../../db/sync-commands.js';
import { queryPlan, tempDb } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const fresh = () => {
  const t = tempDb();
  cleanups.push(t.dispose);
  return t;
};

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-23T03:00:00Z');

function add(db: Db, aggregateId: number, type = 'card.activated', occurredAt = T0): string {
  return enqueueEvent(db, 'SITE-1', { type, aggregateType: 'card', aggregateId, occurredAt, payload: { aggregateId } });
}
const status = (db: Db, id: string) => (db.sqlite.prepare('SELECT status FROM outbox WHERE id = ?').get(id) as { status: string }).status;

describe('migration 004 (sync)', () => {
  it('rebuilds the outbox keeping every event, and adds dead letters and the command table', () => {
    const { dir } = fresh();
    const db = openDatabase(join(dir, 'v3.db'));
    cleanups.push(() => closeDatabase(db));
    migrate(db, migrations.filter((m) => m.version <= 3));
    expect(schemaVersion(db)).toBe(3);
    const insert = db.sqlite.prepare(
      "INSERT INTO outbox (id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload, status, attempts, last_error, sent_at) VALUES (?, 'S', 'card.activated', 1, ?, 'card', '1', '{}', ?, ?, ?, ?)",
    );
    insert.run('0190c6a0-0000-7000-8000-000000000001', T0, 'sent', 1, null, T0 + 5);
    insert.run('0190c6a0-0000-7000-8000-000000000002', T0, 'dead', 3, 'refused', null);
    insert.run('0190c6a0-0000-7000-8000-000000000003', T0, 'pending', 2, 'timeout', null);

    expect(migrate(db, migrations.filter((m) => m.version <= 4))).toEqual([4]);
    expect(schemaVersion(db)).toBe(4);
    expect(db.sqlite.prepare('SELECT id, status, attempts, last_error, sent_at, rejected_at, reject_code FROM outbox ORDER BY id').all()).toEqual([
      { id: '0190c6a0-0000-7000-8000-000000000001', status: 'sent', attempts: 1, last_error: null, sent_at: T0 + 5, rejected_at: null, reject_code: null },
      { id: '0190c6a0-0000-7000-8000-000000000002', status: 'dead', attempts: 3, last_error: 'refused', sent_at: null, rejected_at: T0, reject_code: 'unknown' },
      { id: '0190c6a0-0000-7000-8000-000000000003', status: 'pending', attempts: 2, last_error: 'timeout', sent_at: null, rejected_at: null, reject_code: null },
    ]);
    // New statuses and invariants hold.
    expect(() => db.sqlite.prepare("UPDATE outbox SET status = 'sent' WHERE id = '0190c6a0-0000-7000-8000-000000000003'").run()).toThrow(/CHECK constraint/);
    expect(db.sqlite.prepare("UPDATE outbox SET status = 'discarded' WHERE id = '0190c6a0-0000-7000-8000-000000000002'").run().changes).toBe(1);
    expect(() => db.sqlite.prepare("UPDATE outbox SET status = 'lost' WHERE id = '0190c6a0-0000-7000-8000-000000000003'").run()).toThrow(/CHECK constraint/);
    expect(db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sync_commands'").get()).toEqual({ name: 'sync_commands' });
    expect(migrate(db, migrations.filter((m) => m.version <= 4))).toEqual([]);
  });

  it('serves the next batch and the hold rule from indexes', () => {
    const { db } = fresh();
    const plan = queryPlan(
      db,
      `SELECT id FROM outbox o WHERE o.status = 'pending' AND o.id > ?
       AND NOT EXISTS (SELECT 1 FROM outbox d WHERE d.status = 'dead' AND d.aggregate_type = o.aggregate_type AND d.aggregate_id = o.aggregate_id AND d.id < o.id)
       ORDER BY o.id LIMIT 10`,
      '',
    );
    expect(plan).toMatch(/SEARCH o USING INDEX outbox_pending/);
    expect(plan).toMatch(/SEARCH d USING (COVERING )?INDEX outbox_dead_aggregate/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(queryPlan(db, "SELECT id FROM outbox WHERE status = 'sent' AND sent_at < ?", 1)).toMatch(/outbox_sent_at/);
  });
});

describe('outbox queries for the pusher', () => {
  it('returns pending events in id order, after a cursor, up to the limit', () => {
    const { db } = fresh();
    const ids = [add(db, 1), add(db, 2), add(db, 1), add(db, 3)];
    expect(nextBatch(db, 10).map((r) => r.id)).toEqual(ids);
    expect(nextBatch(db, 2).map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(nextBatch(db, 10, ids[1]).map((r) => r.id)).toEqual(ids.slice(2));
    expect(nextBatch(db, 1)[0]).toMatchObject({ siteCode: 'SITE-1', type: 'card.activated', schemaVersion: 1, occurredAt: T0, aggregateType: 'card', aggregateId: '1', payload: '{"aggregateId":1}', attempts: 0 });
  });

  it('marks sent only what was acknowledged, dead-letters refusals, counts attempts of the rest', () => {
    const { db } = fresh();
    const [a, b, c] = [add(db, 1), add(db, 2), add(db, 3)] as [string, string, string];
    expect(settleBatch(db, { sent: [a], rejected: [{ id: b, code: 'invalid_payload', reason: 'no uid' }], unanswered: [c], error: 'timeout' }, T0 + 1)).toEqual({ sent: 1, rejected: 1 });
    expect(db.sqlite.prepare('SELECT status, attempts, sent_at, rejected_at, reject_code, last_error FROM outbox ORDER BY id').all()).toEqual([
      { status: 'sent', attempts: 1, sent_at: T0 + 1, rejected_at: null, reject_code: null, last_error: null },
      { status: 'dead', attempts: 1, sent_at: null, rejected_at: T0 + 1, reject_code: 'invalid_payload', last_error: 'no uid' },
      { status: 'pending', attempts: 1, sent_at: null, rejected_at: null, reject_code: null, last_error: 'timeout' },
    ]);
    // A late acknowledgement never revives a dead letter.
    expect(settleBatch(db, { sent: [b], rejected: [], unanswered: [] }, T0 + 2)).toEqual({ sent: 0, rejected: 0 });
    expect(status(db, b)).toBe('dead');
  });

  it('holds later events of an aggregate behind its dead letter until it is re-sent or discarded', () => {
    const { db } = fresh();
    const first = add(db, 7);
    const other = add(db, 8);
    const later = [add(db, 7), add(db, 7)];
    settleBatch(db, { sent: [], rejected: [{ id: first, code: 'x', reason: 'refused' }], unanswered: [] }, T0);
    expect(nextBatch(db, 10).map((r) => r.id)).toEqual([other]);
    expect(queueStats(db)).toEqual({ pending: 3, held: 2, dead: 1, oldestPendingAt: T0 });
    expect(listDeadLetters(db, { limit: 10, offset: 0 })).toEqual({
      total: 1,
      rows: [{ id: first, type: 'card.activated', aggregateType: 'card', aggregateId: '7', occurredAt: T0, rejectedAt: T0, code: 'x', reason: 'refused', attempts: 1, payload: { aggregateId: 7 }, held: 2 }],
    });

    expect(resendDeadLetters(db, first)).toBe(1);
    expect(nextBatch(db, 10).map((r) => r.id)).toEqual([first, other, ...later]);

    settleBatch(db, { sent: [], rejected: [{ id: first, code: 'x', reason: 'refused again' }], unanswered: [] }, T0);
    expect(discardDeadLetter(db, first, 'upstream will never take it')).toBe(true);
    expect(discardDeadLetter(db, first, 'twice')).toBe(false);
    expect(status(db, first)).toBe('discarded');
    expect(nextBatch(db, 10).map((r) => r.id)).toEqual([other, ...later]);
    expect(queueStats(db)).toMatchObject({ held: 0, dead: 0 });
  });

  it('prunes sent and discarded events past retention, never pending or dead ones', () => {
    const { db } = fresh();
    const oldSent = add(db, 1, 'card.activated', T0 - 40 * DAY);
    const recentSent = add(db, 2);
    const oldPending = add(db, 3, 'card.activated', T0 - 40 * DAY);
    const oldDead = add(db, 4, 'card.activated', T0 - 40 * DAY);
    const oldDiscarded = add(db, 5, 'card.activated', T0 - 40 * DAY);
    settleBatch(db, { sent: [oldSent], rejected: [{ id: oldDead, code: 'x', reason: 'r' }, { id: oldDiscarded, code: 'x', reason: 'r' }], unanswered: [] }, T0 - 35 * DAY);
    discardDeadLetter(db, oldDiscarded, 'not needed');
    settleBatch(db, { sent: [recentSent], rejected: [], unanswered: [] }, T0);
    const audited: number[] = [];
    expect(pruneSent(db, T0 - 30 * DAY, 5000, (n) => audited.push(n))).toBe(2);
    expect(audited).toEqual([1, 1]);
    expect((db.sqlite.prepare('SELECT id FROM outbox ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual([recentSent, oldPending, oldDead]);
  });

  it('prunes a large backlog in slices', () => {
    const { db } = fresh();
    const ids = db.sqlite.transaction(() => Array.from({ length: 2500 }, (_, i) => add(db, i)))();
    settleBatch(db, { sent: ids, rejected: [], unanswered: [] }, T0 - 40 * DAY);
    const slices: number[] = [];
    expect(pruneSent(db, T0 - 30 * DAY, 1000, (n) => slices.push(n))).toBe(2500);
    expect(slices).toEqual([1000, 1000, 500]);
  });
});

describe('applied upstream commands', () => {
  it('are recorded once and queued for acknowledgement until acknowledged', () => {
    const { db } = fresh();
    recordCommand(db, { id: 'cmd-1', type: 'card.revoke', source: 'http', receivedAt: T0, outcome: 'applied', code: null, message: null });
    expect(() => recordCommand(db, { id: 'cmd-1', type: 'card.revoke', source: 'http', receivedAt: T0, outcome: 'applied', code: null, message: null })).toThrow(/UNIQUE|PRIMARY KEY/);
    recordCommand(db, { id: 'cmd-2', type: 'watchlist.add', source: 'mqtt', receivedAt: T0, outcome: 'rejected', code: 'invalid_command', message: 'x' });
    expect(unackedCommands(db, 'http', 10).map((c) => c.id)).toEqual(['cmd-1']);
    const read = unackedCommands(db, 'http', 10);
    markAcked(db, read, T0 + 1);
    expect(unackedCommands(db, 'http', 10)).toEqual([]);
    expect(getCommand(db, 'cmd-1')).toMatchObject({ outcome: 'applied', deliveries: 1, ackedAt: T0 + 1 });
    requeueAck(db, 'cmd-1');
    const again = unackedCommands(db, 'http', 10);
    expect(again).toEqual([expect.objectContaining({ id: 'cmd-1', deliveries: 2, ackedAt: null })]);
    // Delivered a third time while the second acknowledgement was on its way: that one does not clear the queue.
    requeueAck(db, 'cmd-1');
    markAcked(db, again, T0 + 2);
    expect(unackedCommands(db, 'http', 10)).toEqual([expect.objectContaining({ id: 'cmd-1', deliveries: 3 })]);
  });
});
