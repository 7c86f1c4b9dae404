import type { Statement } from 'better-sqlite3';
import { newEventId } from './event-ids.js';
import { first, run, type Db } from './connection.js';

export interface OutboxEvent {
  type: string;
  aggregateType: string;
  aggregateId: string | number;
  payload: unknown;
  occurredAt: number;
  schemaVersion?: number;
}

/**
 * Writes an event for upstream. Call inside the transaction of the change it describes, so the change and its
 * event commit (or roll back) together. The UUIDv7 id sorts by time and is the idempotency key upstream.
 */
export function enqueueEvent(db: Db, siteCode: string, event: OutboxEvent): string {
  const id = newEventId();
  run(
    db,
    db.k.insertInto('outbox').values({
      id,
      site_code: siteCode,
      type: event.type,
      schema_version: event.schemaVersion ?? 1,
      occurred_at: event.occurredAt,
      aggregate_type: event.aggregateType,
      aggregate_id: String(event.aggregateId),
      payload: JSON.stringify(event.payload),
    }),
  );
  return id;
}

/** The greatest event id stored (sent or not), or null for an empty outbox. */
export function greatestOutboxId(db: Db): string | null {
  return (db.sqlite.prepare('SELECT max(id) FROM outbox').pluck().get() as string | null) ?? null;
}

export function pendingCount(db: Db): { count: number; oldest: number | null } {
  const row = first(
    db,
    db.k
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number | null>('occurred_at').as('oldest')])
      .where('status', '=', 'pending'),
  );
  return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/** One outbox row as the pusher sends it; `payload` is the stored JSON text, spliced into the envelope as is. */
export interface OutboxRow {
  id: string;
  siteCode: string;
  type: string;
  schemaVersion: number;
  occurredAt: number;
  aggregateType: string;
  aggregateId: string;
  payload: string;
  attempts: number;
}

const ROW = `id, site_code AS siteCode, type, schema_version AS schemaVersion, occurred_at AS occurredAt,
  aggregate_type AS aggregateType, aggregate_id AS aggregateId, payload, attempts`;

/**
 * The next pending events in id order (UUIDv7: creation order), after `afterId` within one drain pass.
 * Hold rule: an event whose aggregate has an earlier dead letter is not sent until that dead letter is re-sent
 * and accepted, or discarded, so upstream never sees an aggregate's events out of order.
 */
export function nextBatch(db: Db, limit: number, afterId = ''): OutboxRow[] {
  // Without any dead letter the hold rule holds trivially: skip its per-row check.
  if (!db.sqlite.prepare("SELECT 1 FROM outbox WHERE status = 'dead' LIMIT 1").get()) {
    return db.sqlite.prepare(`SELECT ${ROW} FROM outbox WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?`).all(afterId, limit) as OutboxRow[];
  }
  return db.sqlite
    .prepare(
      `SELECT ${ROW} FROM outbox o
       WHERE o.status = 'pending' AND o.id > ?
         AND NOT EXISTS (SELECT 1 FROM outbox d WHERE d.status = 'dead' AND d.aggregate_type = o.aggregate_type AND d.aggregate_id = o.aggregate_id AND d.id < o.id)
       ORDER BY o.id LIMIT ?`,
    )
    .all(afterId, limit) as OutboxRow[];
}

export interface Rejection {
  id: string;
  code: string;
  reason: string;
}

export interface Settlement {
  /** Acknowledged by upstream: marked sent. */
  sent: readonly string[];
  /** Refused by upstream: moved to the dead letters with the reason. */
  rejected: readonly Rejection[];
  /** Sent but neither acknowledged nor refused: stay pending, their attempt is counted. */
  unanswered: readonly string[];
  /** Why the unanswered ones were not acknowledged (kept as last_error). */
  error?: string;
}

/**
 * Records the outcome of one upstream call in one transaction. Only pending events change: a late
 * acknowledgement never revives a discarded event, and an event is marked sent only when upstream said so.
 */
export function settleBatch(db: Db, outcome: Settlement, now: number): { sent: number; rejected: number } {
  // One statement for all acknowledged ids (a JSON array): the common case is a whole batch of hundreds.
  const sent = db.sqlite.prepare(
    "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = NULL WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?))",
  );
  const dead = db.sqlite.prepare(
    "UPDATE outbox SET status = 'dead', rejected_at = ?, reject_code = ?, last_error = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND status = 'pending'",
  );
  const tried = db.sqlite.prepare("UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'");
  return db.sqlite
    .transaction(() => {
      let nSent = 0;
      let nRejected = 0;
      if (outcome.sent.length > 0) nSent = sent.run(now, now, JSON.stringify(outcome.sent)).changes;
      for (const r of outcome.rejected) nRejected += dead.run(now, r.code.slice(0, 100), r.reason.slice(0, 1000), now, r.id).changes;
      for (const id of outcome.unanswered) tried.run(now, outcome.error?.slice(0, 1000) ?? null, id);
      return { sent: nSent, rejected: nRejected };
    })
    .immediate();
}

export interface QueueStats {
  /** Pending events, including those held behind a dead letter. */
  pending: number;
  /** Pending events held behind an earlier dead letter of the same aggregate. */
  held: number;
  dead: number;
  /** occurred_at of the first pending event in id order (ids are time-sortable). */
  oldestPendingAt: number | null;
}

export function queueStats(db: Db): QueueStats {
  const pending = (db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n;
  const dead = (db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'dead'").get() as { n: number }).n;
  const oldest = db.sqlite.prepare("SELECT occurred_at AS at FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 1").get() as { at: number } | undefined;
  const held =
    dead === 0
      ? 0
      : (
          db.sqlite
            .prepare(
              `SELECT count(*) AS n FROM outbox o WHERE o.status = 'pending'
               AND EXISTS (SELECT 1 FROM outbox d WHERE d.status = 'dead' AND d.aggregate_type = o.aggregate_type AND d.aggregate_id = o.aggregate_id AND d.id < o.id)`,
            )
            .get() as { n: number }
        ).n;
  return { pending, held, dead, oldestPendingAt: oldest?.at ?? null };
}

export interface DeadLetterRecord {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: number;
  rejectedAt: number;
  code: string;
  reason: string;
  attempts: number;
  payload: unknown;
  /** Later events of the same aggregate waiting behind this one. */
  held: number;
}

export function listDeadLetters(db: Db, page: { limit: number; offset: number }): { rows: DeadLetterRecord[]; total: number } {
  const total = (db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'dead'").get() as { n: number }).n;
  const rows = db.sqlite
    .prepare(
      `SELECT d.id, d.type, d.aggregate_type AS aggregateType, d.aggregate_id AS aggregateId, d.occurred_at AS occurredAt,
              d.rejected_at AS rejectedAt, coalesce(d.reject_code, 'unknown') AS code, coalesce(d.last_error, '') AS reason, d.attempts, d.payload,
              (SELECT count(*) FROM outbox o WHERE o.status = 'pending' AND o.aggregate_type = d.aggregate_type AND o.aggregate_id = d.aggregate_id AND o.id > d.id) AS held
       FROM outbox d WHERE d.status = 'dead' ORDER BY d.id LIMIT ? OFFSET ?`,
    )
    .all(page.limit, page.offset) as (Omit<DeadLetterRecord, 'payload'> & { payload: string })[];
  return { total, rows: rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown })) };
}

export function getDeadLetter(db: Db, id: string): { id: string; type: string; aggregateType: string; aggregateId: string; code: string; reason: string } | undefined {
  return db.sqlite
    .prepare("SELECT id, type, aggregate_type AS aggregateType, aggregate_id AS aggregateId, reject_code AS code, last_error AS reason FROM outbox WHERE id = ? AND status = 'dead'")
    .get(id) as ReturnType<typeof getDeadLetter>;
}

/** Dead letters back to pending (one, or all when `id` is null); the rejection stays in the audit log. Call in a transaction. */
export function resendDeadLetters(db: Db, id: string | null): number {
  const reset = "SET status = 'pending', rejected_at = NULL, reject_code = NULL, last_error = NULL WHERE status = 'dead'";
  return id === null ? db.sqlite.prepare(`UPDATE outbox ${reset}`).run().changes : db.sqlite.prepare(`UPDATE outbox ${reset} AND id = ?`).run(id).changes;
}

/** A dead letter that will never be sent: it stops holding its aggregate's later events. Call in a transaction. */
export function discardDeadLetter(db: Db, id: string, reason: string): boolean {
  return db.sqlite.prepare("UPDATE outbox SET status = 'discarded', last_error = ? WHERE id = ? AND status = 'dead'").run(reason.slice(0, 1000), id).changes > 0;
}

/**
 * Deletes sent events acknowledged before `before`, and discarded ones rejected before it, in slices of `slice`
 * rows per transaction so door decisions never wait long for the write lock. Pending and dead events are never pruned.
 * `inTransaction` runs inside each slice's transaction (the caller's audit row).
 */
export function pruneSent(db: Db, before: number, slice = 5000, inTransaction?: (deleted: number) => void): number {
  const sent = db.sqlite.prepare("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'sent' AND sent_at < ? LIMIT ?)");
  const discarded = db.sqlite.prepare("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'discarded' AND rejected_at < ? LIMIT ?)");
  return deleteInSlices(db, sent, before, slice, inTransaction) + deleteInSlices(db, discarded, before, slice, inTransaction);
}

/**
 * Runs `DELETE … (SELECT … WHERE <time> < ? LIMIT ?)` slice after slice, one transaction each, until a slice comes
 * back short; `inTransaction` runs inside each slice that deleted something. Returns how many rows went.
 */
export function deleteInSlices(db: Db, statement: Statement<[number, number]>, before: number, slice: number, inTransaction?: (deleted: number) => void): number {
  let total = 0;
  for (;;) {
    const n = db.sqlite
      .transaction(() => {
        const deleted = statement.run(before, slice).changes;
        if (deleted > 0) inTransaction?.(deleted);
        return deleted;
      })
      .immediate();
    total += n;
    if (n < slice) return total;
  }
}
