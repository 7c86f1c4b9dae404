/**
 * The door decision log, written in group commits: a decision is answered at once and its access_events row, its
 * outbox event and its anti-passback presence are written together with the other decisions of the last few
 * milliseconds, in one transaction.
 *
 * What the door's answer acknowledges: the decision itself — the card, its status and validity, its zones and groups
 * as committed when it was taken, and the configuration as committed then. It does not acknowledge that the log row is
 * on disk (a decision is not a write a user made). What holds for the log:
 * - a decision's access_events row and its outbox event are committed together or not at all, each exactly once, in
 *   decision order, within `maxDelayMs` of the decision (sooner when `maxBatch` decisions wait);
 * - the batch is committed without waiting for the disk (synchronous=NORMAL for that one transaction) and the WAL is
 *   fsynced right after, in the background (libuv's thread pool), so the event loop never waits for the disk here;
 *   at most `maxBatch` committed decisions are ever waiting for that fsync: past it, the batch is committed with
 *   synchronous=FULL like every other transaction;
 * - so a crash of the process (kill -9) loses at most the decisions not yet committed: at most `maxBatch`, at most the
 *   last `maxDelayMs`; a power cut can also lose those waiting for their fsync: at most `maxBatch` more, a few ms;
 * - a clean stop (`close()`, called by the gateway's close on SIGTERM) commits what waits with synchronous=FULL.
 *
 * Order: every write transaction of the services (db/connection.ts `transaction`) first commits the decisions waiting
 * here, so a change made after a decision (a card revoked, say) is committed, and sent upstream, after that decision's
 * event. Outbox ids are made at commit time, so id order is commit order.
 *
 * Anti-passback: the presence a decision moves is kept here in memory for the next decision until it is committed with
 * its batch; a crash can forget the passages of the lost window (the next tap is then judged on the last committed one).
 *
 * Fail-secure: when a batch cannot be written (disk full, database locked) or the WAL cannot be fsynced, its decisions
 * stay waiting and are retried; meanwhile every new decision is refused with the error (the door stays shut) until a
 * retry succeeds.
 */
import type Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { uuidv7 } from 'uuidv7';
import { onBeforeTransaction, type Db } from './connection.js';

export interface DecisionRecord {
  at: number;
  siteCode: string;
  readerId: string;
  zoneId: number | null;
  direction: 'in' | 'out' | null;
  uid: string;
  cardId: number | null;
  granted: boolean;
  reason: string;
  /** Anti-passback: where a granted card now is in the reader's zone (1 inside, 0 outside); null when untouched. */
  inside: 0 | 1 | null;
}

export interface DecisionLogOptions {
  /** The longest a decision waits to be committed (ms). */
  maxDelayMs: number;
  /** Commit at once when this many decisions wait; also the most committed decisions waiting for their fsync. */
  maxBatch: number;
  /** Pause before retrying a batch that could not be written (ms). */
  retryMs: number;
  log: (message: string, detail: unknown) => void;
}

export const DECISION_LOG_DEFAULTS: DecisionLogOptions = { maxDelayMs: 5, maxBatch: 256, retryMs: 1000, log: () => undefined };

const CLOSED = 'the access decision log is closed (the gateway is stopping)';
/** PRAGMA synchronous values. */
const FULL = 2;

const logs = new WeakMap<Database.Database, DecisionLog>();

export class DecisionLog {
  readonly #options: DecisionLogOptions;
  #pending: DecisionRecord[] = [];
  /** Presence moved by waiting decisions, by `${cardId}:${zoneId}`; cleared when they are committed. */
  readonly #presence = new Map<string, 0 | 1>();
  #timer: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  /** Why the last batch (or the last fsync) failed (null: the log is healthy). */
  #failure: Error | null = null;
  #closed = false;
  /** Decisions committed since the log was opened, and how many of them are known to be on disk. */
  #committed = 0;
  #synced = 0;
  #syncing = false;
  /** The WAL file, fsynced in the background after each relaxed commit; undefined: every batch commits with FULL. */
  #walFd: number | undefined;
  readonly #unhook: () => void;
  readonly #event: Database.Statement<[number, string, number | null, string | null, string, number | null, number, string]>;
  readonly #outbox: Database.Statement<[string, string, number, string, string]>;
  readonly #setPresence: Database.Statement<[number | null, number | null, number, number, number | null, number | null]>;
  readonly #relax: Database.Statement<[]>;
  readonly #restore: Database.Statement<[]>;

  /** The one decision log of this connection: every decider on it shares the waiting decisions and their presence. */
  static of(db: Db, options: Partial<DecisionLogOptions> = {}): DecisionLog {
    let log = logs.get(db.sqlite);
    if (!log) {
      log = new DecisionLog(db, { ...DECISION_LOG_DEFAULTS, ...options });
      logs.set(db.sqlite, log);
    }
    return log;
  }

  private constructor(
    private readonly db: Db,
    options: DecisionLogOptions,
  ) {
    this.#options = options;
    const s = db.sqlite;
    // card_id: NULL when the card was deleted before the batch was written, as ON DELETE SET NULL would have made it.
    this.#event = s.prepare(
      'INSERT INTO access_events (at, reader_id, zone_id, direction, uid, card_id, granted, reason) VALUES (?, ?, ?, ?, ?, (SELECT id FROM cards WHERE id = ?), ?, ?)',
    );
    // The outbox row of db/outbox.ts enqueueEvent, as one prepared statement.
    this.#outbox = s.prepare(
      "INSERT INTO outbox (id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload) VALUES (?, ?, 'access.decided', 1, ?, 'card', ?, ?)",
    );
    // Nothing to keep for a card or zone deleted meanwhile (their presence rows would have been deleted with them).
    this.#setPresence = s.prepare(
      `INSERT INTO access_presence (card_id, zone_id, inside, at)
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM cards WHERE id = ?) AND EXISTS (SELECT 1 FROM access_zones WHERE id = ?)
       ON CONFLICT (card_id, zone_id) DO UPDATE SET inside = excluded.inside, at = excluded.at`,
    );
    this.#relax = s.prepare('PRAGMA synchronous = NORMAL');
    this.#restore = s.prepare(`PRAGMA synchronous = ${FULL}`);
    // Only a connection that fsyncs every commit (FULL, WAL) gets the background fsync; any other keeps its own setting.
    const wal = String(s.pragma('journal_mode', { simple: true })) === 'wal';
    if (wal && s.pragma('synchronous', { simple: true }) === FULL && !s.memory) {
      try {
        this.#walFd = openSync(`${db.path}-wal`, 'r');
      } catch {
        this.#walFd = undefined;
      }
    }
    this.#unhook = onBeforeTransaction(db, () => this.#flushQuietly());
  }

  /** Decisions answered and not yet committed. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Decisions committed and not yet known to be on disk (their background fsync is under way). */
  get unsynced(): number {
    return this.#committed - this.#synced;
  }

  /** Where a waiting decision left the card in the zone; undefined: look at access_presence. */
  presence(cardId: number, zoneId: number): 0 | 1 | undefined {
    return this.#presence.size === 0 ? undefined : this.#presence.get(`${cardId}:${zoneId}`);
  }

  /** Throws when a decision must not be answered: the log is closed, or it still cannot write (retried here). */
  ensureWritable(): void {
    if (this.#closed) throw new Error(CLOSED);
    if (this.#failure) this.flush(true);
  }

  /** Queues one answered decision; commits the batch at once when it is full, else within maxDelayMs. */
  append(record: DecisionRecord): void {
    if (this.#closed) throw new Error(CLOSED);
    this.#pending.push(record);
    if (record.inside !== null && record.cardId !== null && record.zoneId !== null) this.#presence.set(`${record.cardId}:${record.zoneId}`, record.inside);
    if (this.#pending.length >= this.#options.maxBatch) this.#flushQuietly();
    if (this.#pending.length > 0 && this.#timer === undefined && this.#failure === null) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flushQuietly();
      }, this.#options.maxDelayMs);
    }
  }

  /**
   * Commits every waiting decision in one transaction; returns how many. `durable`: with synchronous=FULL, and fsyncs
   * what earlier commits left to the background. Throws the write error, the decisions then staying queued. Inside a
   * caller's open transaction nothing is written (it could still roll back): the timer does it.
   */
  flush(durable = false): number {
    const batch = this.#pending;
    if (this.db.sqlite.inTransaction) return 0;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (batch.length === 0) {
      if (durable || this.#failure) this.#syncNow();
      return 0;
    }
    const relaxed = !durable && this.#walFd !== undefined && this.unsynced + batch.length <= this.#options.maxBatch;
    try {
      if (relaxed) this.#relax.run();
      try {
        this.db.sqlite
          .transaction(() => {
            for (const r of batch) {
              this.#event.run(r.at, r.readerId, r.zoneId, r.direction, r.uid, r.cardId, r.granted ? 1 : 0, r.reason);
              const payload = { readerId: r.readerId, uid: r.uid, granted: r.granted, reason: r.reason, zoneId: r.zoneId, direction: r.direction };
              this.#outbox.run(uuidv7(), r.siteCode, r.at, String(r.cardId ?? r.uid), JSON.stringify(payload));
              if (r.inside !== null) this.#setPresence.run(r.cardId, r.zoneId, r.inside, r.at, r.cardId, r.zoneId);
            }
          })
          .immediate();
      } finally {
        if (relaxed) this.#restore.run();
      }
    } catch (error) {
      this.#failed(error as Error, batch.length);
      throw error;
    }
    // Committed: decisions queued meanwhile cannot exist (better-sqlite3 runs the transaction synchronously).
    this.#pending = [];
    this.#presence.clear();
    this.#committed += batch.length;
    if (relaxed) this.#syncSoon();
    // A FULL commit fsyncs the WAL up to its end: every earlier relaxed commit is on disk with it.
    else this.#synced = this.#committed;
    this.#recovered(batch.length);
    return batch.length;
  }

  /** Writes what waits (synchronous=FULL) and refuses further decisions. Throws when it cannot be written. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unhook();
    if (logs.get(this.db.sqlite) === this) logs.delete(this.db.sqlite);
    clearTimeout(this.#retry);
    this.#retry = undefined;
    try {
      if (this.db.sqlite.open) this.flush(true);
    } finally {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (this.#walFd !== undefined && !this.#syncing) closeSync(this.#walFd);
    }
  }

  #flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // Recorded by #failed: new decisions are refused until a retry writes the batch.
    }
  }

  /** One fsync of the WAL at a time, in the thread pool; another follows if commits came meanwhile. */
  #syncSoon(): void {
    const fd = this.#walFd;
    if (this.#syncing || fd === undefined) return;
    const target = this.#committed;
    this.#syncing = true;
    fsync(fd, (error) => {
      this.#syncing = false;
      if (this.#closed) {
        closeSync(fd);
        return;
      }
      if (error) {
        this.#failed(error, this.unsynced);
        return;
      }
      this.#synced = Math.max(this.#synced, target);
      if (this.#synced < this.#committed) this.#syncSoon();
    });
  }

  #syncNow(): void {
    if (this.#walFd === undefined || this.#synced === this.#committed) return this.#recovered(0);
    const target = this.#committed;
    try {
      fsyncSync(this.#walFd);
    } catch (error) {
      this.#failed(error as Error, this.unsynced);
      throw error;
    }
    this.#synced = Math.max(this.#synced, target);
    this.#recovered(0);
  }

  #recovered(written: number): void {
    if (this.#failure === null) return;
    this.#options.log('access decision log: writing again', { written });
    this.#failure = null;
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  #failed(error: Error, waiting: number): void {
    if (this.#failure === null) this.#options.log('access decision log: cannot write decisions; doors are refused until it can', { waiting, error: error.message });
    this.#failure = error;
    if (this.#retry === undefined && !this.#closed) {
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        if (!this.db.sqlite.open) return;
        try {
          this.flush(true);
        } catch {
          // #failed scheduled the next retry.
        }
      }, this.#options.retryMs);
      this.#retry.unref();
    }
  }
}
