/**
 * One gateway per data directory. A running gateway holds a write lock on `<data>/frontgate.lock`, a tiny SQLite file
 * that names its owner (pid, host, what, since when). The lock is the operating system's (POSIX fcntl or Windows
 * LockFileEx, through SQLite), so it is released when the process ends in any way, kill -9 and power cuts included:
 * there is never a stale lock to clean up, and the file itself may stay.
 *
 * `restore` takes the same lock, so it refuses while a gateway runs and a gateway cannot start during a restore.
 */
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'frontgate.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** What holds it: `gateway`, `restore`, `keys`. */
  purpose: string;
  startedAt: string;
}

export class InstanceLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
  ) {
    const who = owner ? `${owner.purpose === 'gateway' ? 'a FrontGate gateway' : `\`frontgate ${owner.purpose}\``} (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt})` : 'another FrontGate process';
    super(`${who} is using the data directory ${dataDir}; stop it first (for the service: sudo systemctl stop frontgate)`);
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  readonly path: string;
  release(): void;
}

function openLockFile(dataDir: string): Database.Database {
  const sqlite = new Database(join(dataDir, LOCK_FILE));
  sqlite.pragma('busy_timeout = 0');
  // Rollback journal: the RESERVED lock held below keeps writers out but lets readers see the owner row.
  sqlite.pragma('journal_mode = DELETE');
  sqlite.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, host TEXT NOT NULL, purpose TEXT NOT NULL, started_at TEXT NOT NULL)');
  return sqlite;
}

function readOwner(sqlite: Database.Database): LockOwner | null {
  const row = sqlite.prepare('SELECT pid, host, purpose, started_at AS startedAt FROM owner LIMIT 1').get() as LockOwner | undefined;
  return row ?? null;
}

const isBusy = (error: unknown) => ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(String((error as { code?: string }).code));

/** Takes the data directory's lock or throws InstanceLockedError naming who holds it. */
export function acquireInstanceLock(dataDir: string, purpose: string, now: Date = new Date()): InstanceLock {
  let sqlite: Database.Database;
  try {
    sqlite = openLockFile(dataDir);
  } catch (error) {
    if (isBusy(error)) throw new InstanceLockedError(dataDir, null);
    throw error;
  }
  try {
    // Write the owner, then hold BEGIN IMMEDIATE (a RESERVED lock) for as long as the process keeps the lock.
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('DELETE FROM owner');
    sqlite.prepare('INSERT INTO owner (pid, host, purpose, started_at) VALUES (?, ?, ?, ?)').run(process.pid, hostname(), purpose, now.toISOString());
    sqlite.exec('COMMIT');
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    let owner: LockOwner | null = null;
    try {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      owner = readOwner(sqlite);
    } catch {
      // the owner row is only a courtesy
    }
    sqlite.close();
    if (isBusy(error)) throw new InstanceLockedError(dataDir, owner);
    throw error;
  }
  return {
    path: join(dataDir, LOCK_FILE),
    release() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      sqlite.close();
    },
  };
}

/** Who holds the data directory's lock, or null when nobody does (no process is using it). */
export function instanceLockOwner(dataDir: string): LockOwner | null {
  try {
    const lock = acquireInstanceLock(dataDir, 'probe');
    lock.release();
    return null;
  } catch (error) {
    if (error instanceof InstanceLockedError) return error.owner ?? { pid: 0, host: 'unknown', purpose: 'gateway', startedAt: 'unknown' };
    throw error;
  }
}
