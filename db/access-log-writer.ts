/**
 * The door decisions' batches written off the event loop: in the database's background worker (db/wal-checkpointer.ts
 * starts it, with its own connection), so the thread that answers the doors no longer runs the log's inserts, commits
 * and fsyncs (docs/performance.md, "Access over HTTP").
 *
 * db/access-log.ts hands rows over (`send`, no waiting) and, when it must know they are written — before any other
 * transaction, on close, while the log is failing — waits for the worker (`flushSync`: a blocking round trip over a
 * SharedArrayBuffer and a MessagePort, never taken inside an open transaction of the gateway's connection, whose
 * write lock the worker would need). The worker writes what it was handed in order, one transaction per turn of its
 * event loop (everything that arrived meanwhile), commits without waiting for the disk and fsyncs the WAL right after,
 * before its next batch: at most one batch is ever committed and not yet on disk. A batch that cannot be written stays
 * queued in the worker and is retried; the shared `failing` flag makes the gateway refuse decisions meanwhile.
 */
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';

/** One decision as the writer stores it; `seq` counts the log's decisions from 1 in decision order. */
export type DecisionRow = [
  seq: number,
  at: number,
  readerId: string,
  zoneId: number | null,
  direction: 'in' | 'out' | null,
  uid: string,
  cardId: number | null,
  granted: 0 | 1,
  reason: string,
  inside: 0 | 1 | null,
  outboxId: string,
  siteCode: string,
];

// card_id: NULL when the card was deleted before the batch was written, as ON DELETE SET NULL would have made it.
export const INSERT_EVENT_SQL =
  'INSERT INTO access_events (at, reader_id, zone_id, direction, uid, card_id, granted, reason) VALUES (?, ?, ?, ?, ?, (SELECT id FROM cards WHERE id = ?), ?, ?)';
// The outbox row of db/outbox.ts enqueueEvent, as one prepared statement.
export const INSERT_OUTBOX_SQL =
  "INSERT INTO outbox (id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload) VALUES (?, ?, 'access.decided', 1, ?, 'card', ?, ?)";
// Nothing to keep for a card or zone deleted meanwhile (their presence rows would have been deleted with them).
export const SET_PRESENCE_SQL = `INSERT INTO access_presence (card_id, zone_id, inside, at)
  SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM cards WHERE id = ?) AND EXISTS (SELECT 1 FROM access_zones WHERE id = ?)
  ON CONFLICT (card_id, zone_id) DO UPDATE SET inside = excluded.inside, at = excluded.at`;

/** The outbox payload of an access.decided event (gateway/contract/outbox-events.ts), in both threads the same. */
export const payloadOf = (r: DecisionRow) => JSON.stringify({ readerId: r[2], uid: r[5], granted: r[7] === 1, reason: r[8], zoneId: r[3], direction: r[4] });

/** Int32 cells of the shared buffer. */
const SIGNAL = 0;
const FAILING = 1;
/** BigInt64 cells (after the two Int32 ones): the last decision committed, the last one fsynced. */
const COMMITTED = 1;
const SYNCED = 2;
export const SHARED_BYTES = 24;

/**
 * The worker's side, plain CommonJS run inside the background worker's source (db/wal-checkpointer.ts), where `db` is
 * its connection, `fs` node:fs, and `decisions` is workerData.decisions. It defines `handleDecisions(message)`, which
 * returns false for a message that is not its own.
 */
export const DECISION_WRITER_SOURCE = `
const cells = new Int32Array(decisions.shared, 0, 2);
const counters = new BigInt64Array(decisions.shared, 0, 3);
const insertEvent = db.prepare(decisions.sql.event);
const insertOutbox = db.prepare(decisions.sql.outbox);
const setPresence = db.prepare(decisions.sql.presence);
const payloadOf = ${String(payloadOf)};
let walFd;
try { walFd = fs.openSync(decisions.walPath, 'r'); } catch { walFd = undefined; }
const queue = [];
let scheduled = false;
let failure = null;
let retry;
let committed = 0;
let synced = 0;
const writeAll = db.transaction((rows) => {
  for (const r of rows) {
    insertEvent.run(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
    insertOutbox.run(r[10], r[11], r[1], String(r[6] === null ? r[5] : r[6]), payloadOf(r));
    if (r[9] !== null) setPresence.run(r[6], r[3], r[9], r[1], r[6], r[3]);
  }
});
function failed(error) {
  const first = failure === null;
  failure = { message: String(error && error.message), code: error && error.code };
  Atomics.store(cells, ${FAILING}, 1);
  if (first) parentPort.postMessage({ decisions: 'failed', waiting: queue.length, error: failure.message });
  if (retry === undefined) retry = setTimeout(() => { retry = undefined; try { write(); } catch {} }, decisions.retryMs);
}
/** Commits everything queued in one transaction; returns how many. */
function commit() {
  if (queue.length === 0) return 0;
  const rows = queue.slice();
  try {
    writeAll.immediate(rows);
  } catch (error) {
    failed(error);
    throw error;
  }
  queue.splice(0, rows.length);
  committed = rows[rows.length - 1][0];
  Atomics.store(counters, ${COMMITTED}, BigInt(committed));
  return rows.length;
}
/** Puts every committed decision on disk (fsync of the WAL). */
function sync() {
  if (synced < committed && walFd !== undefined) {
    try {
      fs.fsyncSync(walFd);
    } catch (error) {
      failed(error);
      throw error;
    }
  }
  synced = committed;
  Atomics.store(counters, ${SYNCED}, BigInt(synced));
  if (failure !== null) {
    failure = null;
    clearTimeout(retry);
    retry = undefined;
    Atomics.store(cells, ${FAILING}, 0);
    parentPort.postMessage({ decisions: 'recovered' });
  }
}
function write() {
  const written = commit();
  sync();
  return written;
}
function reply(message) {
  decisions.reply.postMessage(message);
  Atomics.add(cells, ${SIGNAL}, 1);
  Atomics.notify(cells, ${SIGNAL});
}
function handleDecisions(message) {
  if (message.decisions === 'rows') {
    for (const row of message.rows) queue.push(row);
    if (!scheduled && failure === null) {
      scheduled = true;
      setImmediate(() => { scheduled = false; try { write(); } catch {} });
    }
    return true;
  }
  if (message.decisions === 'flush') {
    // Not durable (the gateway only needs them committed before its own transaction, whose commit fsyncs the WAL
    // anyway): the answer goes before the fsync. While failing, the fsync decides the answer.
    const early = !message.durable && failure === null;
    let written;
    try {
      written = commit();
      if (!early) sync();
    } catch (error) {
      reply({ ok: false, message: String(error && error.message), code: error && error.code });
      return true;
    }
    reply({ ok: true, written });
    if (early) {
      try { sync(); } catch {}
    }
    return true;
  }
  if (message.decisions === 'pragma') {
    try {
      reply({ ok: true, value: db.pragma(message.pragma, { simple: true }) });
    } catch (error) {
      reply({ ok: false, message: String(error && error.message), code: error && error.code });
    }
    return true;
  }
  return false;
}
function closeDecisions() {
  clearTimeout(retry);
  if (walFd !== undefined) fs.closeSync(walFd);
}`;

/** What the worker needs (workerData.decisions); `reply` is transferred to it. */
export interface DecisionWriterData {
  shared: SharedArrayBuffer;
  reply: MessagePort;
  walPath: string;
  retryMs: number;
  sql: { event: string; outbox: string; presence: string };
}

export function decisionWriterData(walPath: string, reply: MessagePort, retryMs = 1000): DecisionWriterData {
  return { shared: new SharedArrayBuffer(SHARED_BYTES), reply, walPath, retryMs, sql: { event: INSERT_EVENT_SQL, outbox: INSERT_OUTBOX_SQL, presence: SET_PRESENCE_SQL } };
}

type Reply = { ok: true; written?: number; value?: unknown } | { ok: false; message: string; code?: string };

/** The gateway's side: hands rows to the worker, waits for it when it must. */
export class DecisionWriter {
  readonly #cells: Int32Array;
  readonly #counters: BigInt64Array;
  #alive = true;
  #released = false;
  /**
   * db/access-log.ts takes the writing back: on 'release' (the worker is about to stop and still answers) it waits for
   * what it handed over, on 'exited' (the worker is gone, stopped or dead) it writes again what the worker did not.
   */
  onDetach: ((phase: 'release' | 'exited') => void) | undefined;

  constructor(
    private readonly worker: Worker,
    data: DecisionWriterData,
    private readonly replies: MessagePort,
    /** The longest a blocking round trip may take before it counts as a failure (ms). */
    private readonly timeoutMs: number,
  ) {
    this.#cells = new Int32Array(data.shared, 0, 2);
    this.#counters = new BigInt64Array(data.shared, 0, 3);
  }

  /** True until the worker is stopping or gone: decisions may be handed over. */
  get alive(): boolean {
    return this.#alive && !this.#released;
  }

  /** The last decision (seq) committed by the worker, and the last one fsynced. */
  get committed(): number {
    return Number(Atomics.load(this.#counters, COMMITTED));
  }

  get synced(): number {
    return Number(Atomics.load(this.#counters, SYNCED));
  }

  /** True while the worker cannot write its batch (disk full, database locked) or fsync the WAL. */
  get failing(): boolean {
    return Atomics.load(this.#cells, FAILING) === 1;
  }

  send(rows: DecisionRow[]): void {
    this.worker.postMessage({ decisions: 'rows', rows });
  }

  /**
   * Blocks until everything sent is committed (`durable`: and fsynced); returns how many rows this wrote; throws the
   * write error.
   */
  flushSync(durable: boolean): number {
    return this.#call({ decisions: 'flush', durable }).written ?? 0;
  }

  /** Runs a PRAGMA on the worker's connection (the disk-full fault test limits every connection that writes). */
  pragma(pragma: string): unknown {
    return this.#call({ decisions: 'pragma', pragma }).value;
  }

  /** The worker is about to stop: the log waits for what it handed over and writes on its own connection again. */
  release(): void {
    if (!this.alive) return;
    this.onDetach?.('release');
    this.#released = true;
  }

  /** The worker has exited (stopped or died): the log writes again whatever it handed over and finds unwritten. */
  exited(): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#released = true;
    this.onDetach?.('exited');
  }

  #call(message: Record<string, unknown>): Extract<Reply, { ok: true }> {
    if (!this.alive) throw new Error('the decision writer has stopped');
    let seen = Atomics.load(this.#cells, SIGNAL);
    this.worker.postMessage(message);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const received = receiveMessageOnPort(this.replies);
      if (received) {
        const reply = received.message as Reply;
        if (reply.ok) return reply;
        throw Object.assign(new Error(reply.message), { code: reply.code });
      }
      if (Date.now() > deadline) throw Object.assign(new Error('the decision writer did not answer in time'), { code: 'WRITER_TIMEOUT' });
      Atomics.wait(this.#cells, SIGNAL, seen, 50);
      seen = Atomics.load(this.#cells, SIGNAL);
    }
  }
}
