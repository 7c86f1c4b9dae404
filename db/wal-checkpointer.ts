/**
 * WAL checkpoints in a worker thread. SQLite copies the write-ahead log back into the database (and fsyncs it) on the
 * connection whose commit crosses `wal_autocheckpoint` pages: on the gateway's one connection that is the event loop,
 * blocked for milliseconds every thousand pages — a door under load waited for it (docs/performance.md, "Access over
 * HTTP": +20 % decisions/s and a lower p99 without it).
 *
 * Here a second connection, in a worker, runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`: it never waits for
 * the gateway's writers nor blocks them (WAL), and the log is reused from its start once it is all checkpointed.
 * The same worker and connection write the door decisions' batches (db/access-log-writer.ts; `decisions`, which the
 * gateway hands to its access service): one thread and one connection for both, not two.
 * The gateway's connection keeps an automatic checkpoint at FALLBACK_PAGES, so a worker that stopped or cannot keep up
 * only brings back the old behaviour; closeDatabase still ends with a TRUNCATE checkpoint. Durability does not change:
 * commits are in the WAL (fsynced) before they are acknowledged; the checkpoint's connection is synchronous=FULL.
 */
import { createRequire } from 'node:module';
import { MessageChannel, Worker } from 'node:worker_threads';
import { DECISION_WRITER_SOURCE, DecisionWriter, decisionWriterData } from './access-log-writer.js';
import type { Db } from './connection.js';

/** Pages of WAL (4 KiB each) past which the gateway's own connection checkpoints anyway. */
export const FALLBACK_PAGES = 10_000;
/** SQLite's default, restored when the checkpointer stops. */
const DEFAULT_PAGES = 1_000;

// Plain CommonJS for the worker: it must not depend on the TypeScript loader of the main thread.
const WORKER = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('foreign_keys = ON');
// Checkpoints fsync with NORMAL too; the decision batches fsync the WAL themselves, after their commit.
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -256');
db.pragma('wal_autocheckpoint = 0');
const decisions = workerData.decisions;
${DECISION_WRITER_SOURCE}
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    if (++failures === 3) parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (typeof message === 'object' && message !== null && handleDecisions(message)) return;
  clearInterval(timer);
  // What was handed over and not yet written (the gateway checks the outbox for each of them once this thread is gone).
  try { write(); } catch {}
  closeDecisions();
  db.close();
  parentPort.close();
});`;

export interface WalCheckpointer {
  /** The door decisions' writer in this worker (db/access-log.ts `useWriter`). */
  readonly decisions: DecisionWriter;
  /**
   * Stops the worker (its connection closed) once the decision log has taken the writing back; the gateway's
   * connection checkpoints every DEFAULT_PAGES again.
   */
  stop(): Promise<void>;
}

export function startWalCheckpointer(db: Db, options: { intervalMs?: number; log?: (message: string, detail: unknown) => void } = {}): WalCheckpointer {
  const busyTimeoutMs = Number(db.sqlite.pragma('busy_timeout', { simple: true }));
  const { port1: replies, port2: reply } = new MessageChannel();
  replies.unref();
  const data = decisionWriterData(`${db.path}-wal`, reply);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path: db.path, intervalMs: options.intervalMs ?? 250, busyTimeoutMs, decisions: data, betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3') },
    transferList: [reply],
    // Checkpoints need almost no JavaScript memory; keep the thread's heap small (it is resident memory).
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  worker.unref();
  db.sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  const restore = () => {
    if (db.sqlite.open) db.sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  };
  // A round trip waits at most for the database's busy timeout and a batch write.
  const decisions = new DecisionWriter(worker, data, replies, busyTimeoutMs + 10_000);
  worker.on('message', (message: { error?: string; decisions?: 'failed' | 'recovered' }) => {
    if (message.decisions === 'failed') options.log?.('access decision log: cannot write decisions; doors are refused until it can', message);
    else if (message.decisions === 'recovered') options.log?.('access decision log: writing again', message);
    else options.log?.('WAL checkpoints in the background keep failing; the gateway checkpoints itself past the fallback', message);
  });
  worker.on('error', (error) => {
    options.log?.('the WAL checkpoint worker stopped; the gateway checkpoints itself and writes the door decisions again', error.message);
    restore();
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      decisions.exited();
      replies.close();
      resolve();
    }),
  );
  return {
    decisions,
    async stop() {
      // The decisions handed over are written first, then the log writes on the gateway's connection again.
      decisions.release();
      // Held until its connection is closed (unreferenced, nothing else might keep the process waiting for it).
      worker.ref();
      worker.postMessage('stop');
      await exited;
      restore();
    },
  };
}
