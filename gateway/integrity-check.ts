/**
 * `PRAGMA quick_check` of the database, kept off the start path for large files. Small databases (up to
 * QUICK_CHECK_AT_OPEN_MAX_BYTES, well under a second) are checked when opened, so a damaged one is refused before the
 * gateway listens. Larger ones (the check is O(size): about 30 s for a million visits) are checked right after start
 * on a read-only connection in a worker thread, which neither blocks requests nor writers (WAL); a damaged file then
 * shows as `database.integrity: "damaged"` and `status: "degraded"` in /api/health, and the log carries the restore
 * command.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const QUICK_CHECK_AT_OPEN_MAX_BYTES = 32 * 1024 * 1024;

/** Whether the database at `path` is checked in full when it is opened (it is small, or does not exist yet). */
export function quickCheckAtOpen(path: string, maxBytes = QUICK_CHECK_AT_OPEN_MAX_BYTES): boolean {
  return !existsSync(path) || statSync(path).size <= maxBytes;
}

export type IntegrityState = 'ok' | 'checking' | 'damaged' | 'unchecked';

// Plain CommonJS for the worker: it must not depend on the TypeScript loader of the main thread.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
let db;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 30000');
  parentPort.postMessage({ problems: db.pragma('quick_check(5)').map((r) => r.quick_check) });
} catch (error) {
  parentPort.postMessage({ problems: [String(error && error.message)], code: error && error.code });
} finally {
  if (db) db.close();
}`;

/** Runs quick_check on a read-only connection in a worker thread; resolves with ['ok'] or the first problems. */
export function quickCheckInWorker(path: string): { result: Promise<string[]>; cancel(): Promise<void> } {
  const worker = new Worker(WORKER, { eval: true, workerData: { path, betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3') } });
  const result = new Promise<string[]>((resolve, reject) => {
    worker.once('message', (message: { problems: string[]; code?: string }) => {
      // SQLITE_BUSY or an I/O error is not a verdict on the file.
      if (message.code && !String(message.code).startsWith('SQLITE_CORRUPT') && message.code !== 'SQLITE_NOTADB') reject(new Error(message.problems.join('\n')));
      else resolve(message.problems);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the integrity check stopped (exit ${code})`)));
  });
  return {
    result,
    async cancel() {
      await worker.terminate();
    },
  };
}
