/**
 * `frontgate restore <file>`: checks the backup, takes the data directory's lock (so no gateway runs, or starts,
 * meanwhile), keeps the present database as `frontgate.db.before-restore-<time>` (with its -wal, which may hold the
 * last commits), and copies the backup into place. Keys are never overwritten: a missing one is taken from the
 * backup's key copies when there are some, otherwise the operator is told.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackupError, fsyncDir, fsyncPath, keyCopyPaths, verifyDatabaseFile } from './backup.js';
import { DATABASE_FILE } from './data-dir.js';
import { acquireInstanceLock } from './instance-lock.js';
import { sealedKeyUsage } from './key-rotation.js';
import { PERSONAL_DATA_KEY_FILE, parseKeyRing } from './personal-data.js';

export interface RestoreResult {
  /** The database now in place. */
  database: string;
  schemaVersion: number;
  /** Where the database that was there went (null when there was none). */
  previous: string | null;
  /** Keys copied into the data directory from the backup's key copies. */
  keysCopied: string[];
  /** What the operator must still see to: missing keys, keys the backup needs that the ring lacks. */
  warnings: string[];
}

const stamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

export function restoreBackup(options: { dataDir: string; file: string; now?: Date }): RestoreResult {
  const now = options.now ?? new Date();
  const file = resolve(options.file);
  const target = join(options.dataDir, DATABASE_FILE);
  if (file === resolve(target)) throw new BackupError(`${file} is the database itself; restore a backup file`);
  const check = verifyDatabaseFile(file);
  if (check.problems.length > 0) throw new BackupError(`${file} cannot be restored: ${check.problems.join('; ')}`);

  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireInstanceLock(options.dataDir, 'restore', now);
  try {
    const previous = moveAside(target, `${target}.before-restore-${stamp(now)}`);
    const incoming = `${target}.restoring`;
    copyFileSync(file, incoming);
    chmodSync(incoming, 0o600);
    fsyncPath(incoming);
    renameSync(incoming, target);
    fsyncDir(options.dataDir);
    const { keysCopied, warnings } = restoreKeys(options.dataDir, file, target);
    return { database: target, schemaVersion: check.schemaVersion, previous, keysCopied, warnings };
  } finally {
    lock.release();
  }
}

/** Renames the database and its -wal aside (a damaged or foreign file is moved as it is); drops the -shm. */
function moveAside(target: string, aside: string): string | null {
  if (existsSync(target)) {
    try {
      // Fold the WAL into the file first, so the kept copy is complete on its own (fails harmlessly on a damaged file).
      const sqlite = new Database(target, { fileMustExist: true });
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        sqlite.close();
      }
    } catch {
      // kept as it is, with its -wal beside it
    }
  }
  let moved: string | null = null;
  for (const suffix of ['', '-wal', '-journal']) {
    if (!existsSync(`${target}${suffix}`)) continue;
    renameSync(`${target}${suffix}`, `${aside}${suffix}`);
    if (suffix === '') moved = aside;
  }
  rmSync(`${target}-shm`, { force: true });
  return moved;
}

function restoreKeys(dataDir: string, backup: string, database: string): { keysCopied: string[]; warnings: string[] } {
  const keysCopied: string[] = [];
  const warnings: string[] = [];
  for (const [name, copy] of Object.entries(keyCopyPaths(backup))) {
    const path = join(dataDir, name);
    if (existsSync(path)) continue;
    if (existsSync(copy)) {
      copyFileSync(copy, path);
      chmodSync(path, 0o600);
      keysCopied.push(path);
    } else {
      warnings.push(`${path} is missing and the backup has no copy of it: put the ${name} that belongs to this database back before starting (a new one would not match the data)`);
    }
  }
  const ringPath = join(dataDir, PERSONAL_DATA_KEY_FILE);
  if (existsSync(ringPath)) {
    const ring = parseKeyRing(readFileSync(ringPath, 'utf8'), ringPath);
    const sqlite = new Database(database, { readonly: true, fileMustExist: true });
    try {
      const missing = [...sealedKeyUsage(sqlite)].filter(([id]) => !ring.keys.has(id));
      if (missing.length > 0) {
        warnings.push(
          `${missing.map(([id, n]) => `${n} visitor value(s) are sealed with key ${id}`).join(', ')}, which ${ringPath} does not have: ` +
            `restore the ${PERSONAL_DATA_KEY_FILE} of that time, or that visitor ID data stays unreadable`,
        );
      }
    } finally {
      sqlite.close();
    }
  }
  return { keysCopied, warnings };
}
