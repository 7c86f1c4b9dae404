import { uuidv7 } from 'uuidv7';
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
  const id = uuidv7();
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
