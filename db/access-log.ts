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
 * In the gateway the batches are written off the event loop (`useWriter`: the database's background worker, with its
 * own connection, db/access-log-writer.ts): the decisions of up to `maxDelayMs` (or `maxBatch` of them) are handed
 * over at once, and the worker commits everything it was handed in one transaction per turn and fsyncs the WAL before
 * its next one. The bounds stay: a crash loses at most the decisions not yet handed over or not yet committed by the
 * worker (≤ `maxBatch` waiting here, plus those of the worker's turn), a power cut also the one batch waiting for its
 * fsync. Until the worker runs (start-up), after it stops, and if it dies, the batches are written here as above; the
 * decisions handed to a worker that died and not found in the outbox are written here again, each once.
 *
 * Order: every write transaction of the services (db/connection.ts `transaction`) first commits the decisions waiting
 * here (and waits for the worker to commit those handed over), so a change made after a decision (a card revoked, say)
 * is committed, and sent upstream, after that decision's event. Outbox ids are made when the decision is taken, on the
 * gateway's thread, and decisions are committed in that order, before any later transaction: id order is commit order.
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
import { newEventId } from './event-ids.js';
import { INSERT_EVENT_SQL, INSERT_OUTBOX_SQL, SET_PRESENCE_SQL, payloadOf, type DecisionRow, type DecisionWriter } from './access-log-writer.js';
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
/** The most batches handed to the background writer and not yet committed by it. */
const IN_FLIGHT_BATCHES = 4;
/** PRAGMA synchronous values. */
const FULL = 2;

const logs = new WeakMap<Database.Database, DecisionLog>();

export class DecisionLog {
  readonly #options: DecisionLogOptions;
  /** Decisions taken and neither committed nor handed to the writer, in decision order. */
  #pending: DecisionRow[] = [];
  /** The last decision's number (DecisionRow seq). */
  #seq = 0;
  /** Presence moved by waiting decisions, by `${cardId}:${zoneId}`; cleared when they are committed. */
  readonly #presence = new Map<string, 0 | 1>();
  /** The last decision that moved a presence: once it is committed, the table says what the map says. */
  #presenceSeq = 0;
  /** The background writer, while it runs; the decisions handed to it and not yet known committed. */
  #writer: DecisionWriter | undefined;
  #handedOver: DecisionRow[] = [];
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
  readonly #outboxHas: Database.Statement<[string], number>;
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
    this.#event = s.prepare(INSERT_EVENT_SQL);
    this.#outbox = s.prepare(INSERT_OUTBOX_SQL);
    this.#setPresence = s.prepare(SET_PRESENCE_SQL);
    this.#outboxHas = s.prepare<[string], number>('SELECT 1 FROM outbox WHERE id = ?').pluck();
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

  /** Decisions answered and not yet committed (here or by the writer). */
  get pending(): number {
    const writer = this.#writer;
    return this.#pending.length + (writer ? Math.max(0, (this.#handedOver.at(-1)?.[0] ?? 0) - writer.committed) : 0);
  }

  /** Decisions committed and not yet known to be on disk (their fsync is under way). */
  get unsynced(): number {
    const writer = this.#writer;
    return writer ? writer.committed - writer.synced : this.#committed - this.#synced;
  }

  /** True while batches are written by the background writer. */
  get offThread(): boolean {
    return this.#writer !== undefined;
  }

  /** Where a waiting decision left the card in the zone; undefined: look at access_presence. */
  presence(cardId: number, zoneId: number): 0 | 1 | undefined {
    if (this.#presence.size === 0) return undefined;
    if (this.#writer && this.#writer.committed >= this.#presenceSeq) {
      this.#presence.clear();
      return undefined;
    }
    return this.#presence.get(`${cardId}:${zoneId}`);
  }

  /** Throws when a decision must not be answered: the log is closed, or it still cannot write (retried here). */
  ensureWritable(): void {
    if (this.#closed) throw new Error(CLOSED);
    if (this.#writer ? this.#writer.failing : this.#failure) this.flush(true);
  }

  /** Queues one answered decision; commits the batch (or hands it over) at once when it is full, else within maxDelayMs. */
  append(record: DecisionRecord): void {
    if (this.#closed) throw new Error(CLOSED);
    const seq = ++this.#seq;
    this.#pending.push([seq, record.at, record.readerId, record.zoneId, record.direction, record.uid, record.cardId, record.granted ? 1 : 0, record.reason, record.inside, newEventId(), record.siteCode]);
    if (record.inside !== null && record.cardId !== null && record.zoneId !== null) {
      this.#presence.set(`${record.cardId}:${record.zoneId}`, record.inside);
      this.#presenceSeq = seq;
    }
    if (this.#pending.length >= this.#options.maxBatch) this.#writeSoon();
    if (this.#failure === null) this.#writeWithinDelay();
  }

  /** Writes (or hands over) what waits within maxDelayMs, unless a write is already due. */
  #writeWithinDelay(): void {
    if (this.#pending.length === 0 || this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#writeSoon();
    }, this.#options.maxDelayMs);
  }

  /**
   * Runs a PRAGMA on the connection that writes the batches: the background writer's, else this one. The fault tests
   * emulate a full disk or a locked database on every connection that writes (`max_page_count`, `busy_timeout`).
   */
  writerPragma(pragma: string): unknown {
    return this.#writer ? this.#writer.pragma(pragma) : this.db.sqlite.pragma(pragma, { simple: true });
  }

  /**
   * From now on, batches are handed to `writer` (the database's background worker) instead of being written on this
   * connection; when the writer goes away, the log writes here again (what a dead writer may have lost, once).
   */
  useWriter(writer: DecisionWriter): void {
    if (this.#closed || !writer.alive) return;
    this.#writer = writer;
    writer.onDetach = (phase) => this.#takeBack(writer, phase);
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
    const writer = this.#writer;
    if (writer) {
      this.#handOver(writer);
      // Everything handed over is committed already: no round trip (the worker may be busy checkpointing).
      if (this.#handedOver.length === 0 && !durable && !writer.failing) {
        this.#presence.clear();
        return 0;
      }
      // The writer commits everything handed over, in order (durable: and fsyncs it), before it answers.
      const written = writer.flushSync(durable);
      this.#settled(writer);
      this.#presence.clear();
      return written;
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
              this.#event.run(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
              this.#outbox.run(r[10], r[11], r[1], String(r[6] ?? r[5]), payloadOf(r));
              if (r[9] !== null) this.#setPresence.run(r[6], r[3], r[9], r[1], r[6], r[3]);
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
      if (this.#writer) this.#writer.onDetach = undefined;
      this.#writer = undefined;
      if (this.#walFd !== undefined && !this.#syncing) closeSync(this.#walFd);
    }
  }

  /** The batch is due: handed to the writer (no waiting), or committed here. */
  #writeSoon(): void {
    if (this.#writer) this.#handOver(this.#writer);
    else this.#flushQuietly();
  }

  #handOver(writer: DecisionWriter): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#settled(writer);
    if (this.#pending.length === 0) return;
    const rows = this.#pending;
    this.#pending = [];
    writer.send(rows);
    for (const row of rows) this.#handedOver.push(row);
    // Backpressure: decisions taken faster than the worker writes them wait here, not in its small heap. (Never inside
    // an open transaction: the worker would need its write lock.)
    if (this.#handedOver.length > IN_FLIGHT_BATCHES * this.#options.maxBatch && !this.db.sqlite.inTransaction) {
      try {
        writer.flushSync(false);
        this.#settled(writer);
      } catch {
        // The worker's failing flag refuses the next decision.
      }
    }
  }

  /** Forgets the handed-over decisions the writer has committed. */
  #settled(writer: DecisionWriter): void {
    const committed = writer.committed;
    let done = 0;
    while (done < this.#handedOver.length && this.#handedOver[done]![0] <= committed) done++;
    if (done > 0) this.#handedOver.splice(0, done);
  }

  /**
   * The writer is about to stop ('release': what was handed over is written first, and the log writes here from now
   * on) or is gone ('exited', stopped or dead). Decisions handed to it and not in the outbox once it is gone (it may
   * have committed without saying so) are queued again ahead of the waiting ones: each is written once.
   */
  #takeBack(writer: DecisionWriter, phase: 'release' | 'exited'): void {
    if (phase === 'release' && this.#writer === writer && !this.db.sqlite.inTransaction) {
      try {
        this.#handOver(writer);
        writer.flushSync(true);
      } catch (error) {
        this.#options.log('access decision log: the background writer could not write its last decisions; they are checked when it has stopped', { error: (error as Error).message });
      }
    }
    if (this.#writer === writer) this.#writer = undefined;
    this.#settled(writer);
    if (phase === 'release' || this.#handedOver.length === 0) return;
    const lost = this.#handedOver.filter((row) => !this.db.sqlite.open || this.#outboxHas.get(row[10]) === undefined);
    this.#handedOver = [];
    if (lost.length === 0) return;
    this.#options.log('access decision log: writing again the decisions the background writer left', { decisions: lost.length });
    this.#pending = [...lost, ...this.#pending];
    this.#writeWithinDelay();
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
