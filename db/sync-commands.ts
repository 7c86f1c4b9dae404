/** Commands received from upstream: one row per command id, the idempotency record and the acknowledgement queue. */
import type { Db } from './connection.js';
import { deleteInSlices } from './outbox.js';

export type CommandOutcome = 'applied' | 'rejected';

export interface CommandRecord {
  id: string;
  type: string;
  source: 'http' | 'mqtt';
  receivedAt: number;
  outcome: CommandOutcome;
  code: string | null;
  message: string | null;
  /** How often upstream delivered it (1 = once). */
  deliveries: number;
  ackedAt: number | null;
}

const SELECT = 'SELECT id, type, source, received_at AS receivedAt, outcome, code, message, deliveries, acked_at AS ackedAt FROM sync_commands';

export function getCommand(db: Db, id: string): CommandRecord | undefined {
  return db.sqlite.prepare(`${SELECT} WHERE id = ?`).get(id) as CommandRecord | undefined;
}

/** Call in the transaction of the command's effect: the effect and this row commit together or not at all. */
export function recordCommand(db: Db, record: Omit<CommandRecord, 'ackedAt' | 'deliveries'>): void {
  db.sqlite
    .prepare('INSERT INTO sync_commands (id, type, source, received_at, outcome, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(record.id, record.type, record.source, record.receivedAt, record.outcome, record.code, record.message);
}

/** Outcomes not yet acknowledged to upstream over this transport, oldest first. */
export function unackedCommands(db: Db, source: 'http' | 'mqtt', limit: number): CommandRecord[] {
  return db.sqlite.prepare(`${SELECT} WHERE acked_at IS NULL AND source = ? ORDER BY received_at, id LIMIT ?`).all(source, limit) as CommandRecord[];
}

/** A command came again: upstream missed the acknowledgement, so it is sent again. */
export function requeueAck(db: Db, id: string): void {
  db.sqlite.prepare('UPDATE sync_commands SET acked_at = NULL, deliveries = deliveries + 1 WHERE id = ?').run(id);
}

/**
 * Marks outcomes acknowledged, each for the delivery it was read at: a command delivered again meanwhile stays
 * queued, so its second acknowledgement is not lost.
 */
export function markAcked(db: Db, acked: readonly Pick<CommandRecord, 'id' | 'deliveries'>[], now: number): void {
  const statement = db.sqlite.prepare('UPDATE sync_commands SET acked_at = ? WHERE id = ? AND deliveries = ? AND acked_at IS NULL');
  db.sqlite.transaction(() => acked.forEach((c) => statement.run(now, c.id, c.deliveries))).immediate();
}

export function commandStats(db: Db): { applied: number; rejected: number; unacked: number; lastReceivedAt: number | null } {
  return db.sqlite
    .prepare(
      `SELECT count(CASE WHEN outcome = 'applied' THEN 1 END) AS applied, count(CASE WHEN outcome = 'rejected' THEN 1 END) AS rejected,
              count(CASE WHEN acked_at IS NULL THEN 1 END) AS unacked, max(received_at) AS lastReceivedAt FROM sync_commands`,
    )
    .get() as { applied: number; rejected: number; unacked: number; lastReceivedAt: number | null };
}

/**
 * Deletes outcomes acknowledged before `before`, in slices. Unacknowledged ones are never deleted: they are the
 * acknowledgement queue. A command id is remembered for the retention after its acknowledgement, which is far longer
 * than any redelivery (upstream's cursor moves past an acknowledged command).
 */
export function pruneAckedCommands(db: Db, before: number, slice = 5000, inTransaction?: (deleted: number) => void): number {
  const statement = db.sqlite.prepare('DELETE FROM sync_commands WHERE id IN (SELECT id FROM sync_commands WHERE acked_at IS NOT NULL AND acked_at < ? LIMIT ?)');
  return deleteInSlices(db, statement, before, slice, inTransaction);
}
