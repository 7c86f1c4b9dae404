/**
 * Storage of the development upstream receiver (`frontgate upstream-dev`): its own SQLite file, not the gateway's.
 * Events are stored once by id (INSERT OR IGNORE): a redelivered event counts as a duplicate delivery and changes
 * nothing. `seq` numbers first arrivals in order, which tests compare with the per-aggregate order.
 */
import type { Statement } from 'better-sqlite3';
import { openDatabase, type Db } from './connection.js';

const SCHEMA = /* sql */ `
-- Keyed by the event id (one B-tree: the idempotent insert is also the cheapest one); seq = order of first arrival.
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  site TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('http','mqtt')),
  received_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO counters (key, n) VALUES ('deliveries', 0), ('duplicates', 0), ('seq', 0);
-- Commands queued for the gateway, served in seq order after the gateway's cursor.
CREATE TABLE IF NOT EXISTS commands (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)), created_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS command_acks (
  command_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  code TEXT,
  message TEXT,
  acks INTEGER NOT NULL DEFAULT 1,
  at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;

export interface ReceivedEvent {
  id: string;
  site: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  aggregate: { type: string; id: string };
  payload: unknown;
}

/**
 * A development store: WAL with synchronous=NORMAL, so each small commit (one MQTT message at a time) costs no fsync.
 * It survives a crash of the receiver's process, not a power cut: a real receiver decides its own durability.
 */
export function openReceiverStore(path: string): Db {
  const db = openDatabase(path);
  db.sqlite.pragma('synchronous = NORMAL');
  db.sqlite.exec(SCHEMA);
  return db;
}

/** Stores deliveries, each in one transaction, with statements prepared once (MQTT brings one event at a time). */
export class EventIngest {
  readonly #insert: Statement;
  readonly #count: Statement;
  readonly #seq: Statement;

  constructor(private readonly db: Db) {
    this.#insert = db.sqlite.prepare(
      'INSERT OR IGNORE INTO events (id, seq, site, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload, via, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#count = db.sqlite.prepare('UPDATE counters SET n = n + ? WHERE key = ?');
    this.#seq = db.sqlite.prepare("SELECT n FROM counters WHERE key = 'seq'");
  }

  /** Returns which ids were new and which were duplicates. */
  ingest(events: readonly ReceivedEvent[], via: 'http' | 'mqtt', now: number): { inserted: string[]; duplicates: string[] } {
    return this.db.sqlite
      .transaction(() => {
        const inserted: string[] = [];
        const duplicates: string[] = [];
        let next = (this.#seq.get() as { n: number }).n;
        for (const e of events) {
          const changes = this.#insert.run(e.id, next + 1, e.site, e.type, e.schemaVersion, e.occurredAt, e.aggregate.type, e.aggregate.id, JSON.stringify(e.payload), via, now).changes;
          if (changes > 0) {
            next++;
            inserted.push(e.id);
          } else duplicates.push(e.id);
        }
        this.#count.run(inserted.length, 'seq');
        this.#count.run(events.length, 'deliveries');
        this.#count.run(duplicates.length, 'duplicates');
        return { inserted, duplicates };
      })
      .immediate();
  }
}

export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: string;
  payload: unknown;
}

export function storedEvents(db: Db, filter: { afterSeq?: number; limit?: number } = {}): StoredEvent[] {
  const rows = db.sqlite
    .prepare('SELECT seq, id, type, aggregate_type AS aggregateType, aggregate_id AS aggregateId, occurred_at AS occurredAt, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(filter.afterSeq ?? 0, filter.limit ?? -1) as (Omit<StoredEvent, 'payload'> & { payload: string })[];
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
}

/** Counters kept with every delivery (stored events = the last seq, events are never deleted): no table scan. */
export function receiverStats(db: Db): { events: number; deliveries: number; duplicates: number } {
  const counters = Object.fromEntries((db.sqlite.prepare('SELECT key, n FROM counters').all() as { key: string; n: number }[]).map((r) => [r.key, r.n]));
  return { events: counters.seq ?? 0, deliveries: counters.deliveries ?? 0, duplicates: counters.duplicates ?? 0 };
}

export function queueCommand(db: Db, id: string, body: unknown, now: number): number {
  return Number(db.sqlite.prepare('INSERT INTO commands (id, body, created_at) VALUES (?, ?, ?)').run(id, JSON.stringify(body), now).lastInsertRowid);
}

/** Commands after the cursor (a seq), in order. */
export function commandsAfter(db: Db, afterSeq: number, limit: number): { seq: number; body: unknown }[] {
  return (db.sqlite.prepare('SELECT seq, body FROM commands WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as { seq: number; body: string }[]).map((r) => ({
    seq: r.seq,
    body: JSON.parse(r.body) as unknown,
  }));
}

export function recordCommandAcks(db: Db, acks: readonly { id: string; status: string; code?: string | null | undefined; message?: string | null | undefined }[], now: number): void {
  const upsert = db.sqlite.prepare(
    `INSERT INTO command_acks (command_id, status, code, message, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (command_id) DO UPDATE SET acks = acks + 1, status = excluded.status, code = excluded.code, message = excluded.message, at = excluded.at`,
  );
  db.sqlite.transaction(() => acks.forEach((a) => upsert.run(a.id, a.status, a.code ?? null, a.message ?? null, now))).immediate();
}

export function commandAcks(db: Db): { commandId: string; status: string; code: string | null; message: string | null; acks: number }[] {
  return db.sqlite.prepare('SELECT command_id AS commandId, status, code, message, acks FROM command_acks ORDER BY at, command_id').all() as ReturnType<typeof commandAcks>;
}
