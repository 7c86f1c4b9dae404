/**
 * Database backups: an online copy with SQLite's backup API (consistent while the gateway writes), checked before it
 * gets its final name, listed and rotated by name. The keys (secret.key, personal-data.key) are not in the database;
 * `copyKeys` puts copies beside a backup when the operator asks for it.
 *
 * A backup is a self-contained SQLite file in rollback-journal mode (no -wal beside it), mode 0600, named
 * `frontgate-<UTC time>.db` in the backup directory unless the operator names it.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatabaseOpenError, Db } from '../db/connection.js';
import { CORE_TABLES, SCHEMA_VERSION } from '../db/migrate.js';
import type { Config } from './config.js';
import { DATABASE_FILE } from './data-dir.js';
import { PERSONAL_DATA_KEY_FILE } from './personal-data.js';
import { SECRET_KEY_FILE } from './secret-key.js';

export const BACKUP_NAME = /^frontgate-(\d{8}T\d{6}Z)\.db$/;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function backupDirOf(config: Pick<Config, 'dataDir' | 'backupDir'>): string {
  return config.backupDir ?? join(config.dataDir, 'backups');
}

/** `frontgate-20261123T030000Z.db`: sorts by time, no characters Windows refuses. */
export function backupFileName(at: number): string {
  return `frontgate-${new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}.db`;
}

export interface BackupFile {
  path: string;
  /** When it was taken, from its name. */
  takenAt: Date;
  bytes: number;
}

/** FrontGate-named backups in a directory, newest first (others are neither listed nor rotated). */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const files: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const match = BACKUP_NAME.exec(name);
    if (!match) continue;
    const t = match[1] as string;
    const takenAt = new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`);
    files.push({ path: join(dir, name), takenAt, bytes: statSync(join(dir, name)).size });
  }
  return files.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Deletes the oldest FrontGate-named backups (and their key copies) beyond `keep`. Returns the deleted paths. */
export function rotateBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(keep, 1));
  for (const file of old) for (const path of [file.path, ...Object.values(keyCopyPaths(file.path))]) rmSync(path, { force: true });
  return old.map((f) => f.path);
}

export interface BackupResult {
  path: string;
  bytes: number;
  schemaVersion: number;
}

export interface BackupOptions {
  /**
   * Pages copied per step. The gateway copies in small steps so requests go on between them (its own writes are
   * carried into the copy by SQLite); a separate process copies everything in one step, inside one read transaction,
   * so writes by the gateway cannot restart it.
   */
  pagesPerStep?: number;
  /** Called between steps (tests use it to write while the copy is in progress). */
  onProgress?: (progress: { totalPages: number; remainingPages: number }) => void;
}

/** Copies the open database to `dest` (which must not exist), converts and checks the copy, then names it. */
export async function backupDatabase(db: Db, dest: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (existsSync(dest)) throw new BackupError(`${dest} already exists; choose another name`);
  mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial`;
  const removePartial = () => ['', '-journal', '-wal', '-shm'].forEach((suffix) => rmSync(`${partial}${suffix}`, { force: true }));
  removePartial();
  const pages = Math.min(options.pagesPerStep ?? 0x7fffffff, 0x7fffffff);
  try {
    await db.sqlite.backup(partial, {
      progress: (progress) => {
        options.onProgress?.(progress);
        return pages;
      },
    });
    // The copy is in WAL mode like its source; make it one self-contained file.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const check = verifyDatabaseFile(partial);
    if (check.problems.length > 0) throw new BackupError(`the copy failed its check: ${check.problems.join('; ')}`);
    chmodSync(partial, 0o600);
    fsyncPath(partial);
    renameSync(partial, dest);
    fsyncDir(dirname(dest));
    return { path: dest, bytes: statSync(dest).size, schemaVersion: check.schemaVersion };
  } catch (error) {
    removePartial();
    if ((error as { code?: string }).code === 'SQLITE_FULL' || (error as { code?: string }).code === 'ENOSPC') {
      throw new BackupError(`no space left for the backup in ${dirname(dest)}`);
    }
    throw error;
  }
}

/**
 * A copy taken just before migrations upgrade an existing database (`before-upgrade-schema-<n>-<UTC time>.db` in the
 * backup directory, never rotated): a one-way upgrade that goes wrong can be undone with `frontgate restore`.
 * Synchronous (VACUUM INTO, one consistent snapshot), since it runs while the gateway starts.
 */
export function backupBeforeUpgrade(db: Db, dir: string, fromVersion: number, at: number): string {
  const dest = join(dir, `before-upgrade-schema-${fromVersion}-${backupFileName(at).slice('frontgate-'.length)}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  try {
    db.sqlite.prepare('VACUUM INTO ?').run(partial);
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600);
    fsyncPath(partial);
    renameSync(partial, dest);
    fsyncDir(dir);
    return dest;
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(
      `could not back the database up before upgrading it from schema version ${fromVersion} (${(error as Error).message}); ` +
        'free space in the backup directory, or run `npx frontgate migrate` to upgrade without this copy',
    );
  }
}

export interface DatabaseCheck {
  /** Empty when the file is a healthy FrontGate database this version can use. */
  problems: string[];
  schemaVersion: number;
}

/**
 * Opens a file read-only and checks it is a usable FrontGate database: SQLite, `PRAGMA integrity_check` = ok,
 * schema version between 1 and this code's, FrontGate's core tables present.
 */
export function verifyDatabaseFile(path: string): DatabaseCheck {
  if (!existsSync(path)) return { problems: [`${path} does not exist`], schemaVersion: 0 };
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { problems: [`cannot open ${path}: ${(error as Error).message}`], schemaVersion: 0 };
  }
  try {
    const integrity = (sqlite.pragma('integrity_check(10)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity[0] !== 'ok') return { problems: [`integrity check: ${integrity.join('; ')}`], schemaVersion: 0 };
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    const problems: string[] = [];
    const present = new Set((sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = CORE_TABLES.filter((t) => !present.has(t));
    if (version < 1 || missing.length > 0) problems.push(`not a FrontGate database (schema version ${version}${missing.length ? `, no ${missing.join(', ')} table` : ''})`);
    if (version > SCHEMA_VERSION) problems.push(`schema version ${version} is newer than this FrontGate supports (${SCHEMA_VERSION}); restore it with the FrontGate that made it`);
    return { problems, schemaVersion: version };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const what = code === 'SQLITE_NOTADB' ? 'not a SQLite database' : code.startsWith('SQLITE_CORRUPT') ? 'damaged' : 'unreadable';
    return { problems: [`${what}: ${(error as Error).message}`], schemaVersion: 0 };
  } finally {
    sqlite.close();
  }
}

/** Where `copyKeys` puts the key copies of a backup: `<backup without .db>.secret.key`, `….personal-data.key`. */
export function keyCopyPaths(backup: string): Record<typeof SECRET_KEY_FILE | typeof PERSONAL_DATA_KEY_FILE, string> {
  const base = join(dirname(backup), basename(backup).replace(/\.db$/, ''));
  return { [SECRET_KEY_FILE]: `${base}.${SECRET_KEY_FILE}`, [PERSONAL_DATA_KEY_FILE]: `${base}.${PERSONAL_DATA_KEY_FILE}` };
}

/** Copies the data directory's keys beside a backup, mode 0600. Returns the copies made. */
export function copyKeys(dataDir: string, backup: string): string[] {
  const copies: string[] = [];
  for (const [name, target] of Object.entries(keyCopyPaths(backup))) {
    const source = join(dataDir, name);
    if (!existsSync(source)) continue;
    copyFileSync(source, target);
    chmodSync(target, 0o600);
    fsyncPath(target);
    copies.push(target);
  }
  return copies;
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows; there a rename is already journaled. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const KEYS_REMINDER =
  `${SECRET_KEY_FILE} and ${PERSONAL_DATA_KEY_FILE} are not in the database. Keep a copy of both apart from the backups ` +
  `(and again after \`frontgate keys rotate\`): without them watchlist ID numbers cannot be matched and visitor ID data cannot be read.`;

/**
 * What to tell the operator when the database cannot be used at start: the file, the problem, and the exact restore
 * command with the newest backup.
 */
export function databaseRefusal(error: DatabaseOpenError, config: Pick<Config, 'dataDir' | 'backupDir'>): string {
  const what = {
    not_a_database: 'is not a SQLite database',
    corrupt: 'is damaged',
    foreign: 'is not a FrontGate database',
    cannot_open: 'cannot be opened',
  }[error.code];
  const lines = [`error: cannot use the database ${error.path} (${error.code}): it ${what}.`, ...error.detail.split('\n').map((line) => `  ${line}`)];
  if (error.code === 'cannot_open') {
    lines.push('Check that the data directory exists and that this user may read and write it.');
    return lines.join('\n');
  }
  const newest = listBackups(backupDirOf(config))[0];
  lines.push('FrontGate will not start on it. Stop anything using the data directory, then restore a backup:');
  if (newest) lines.push(`  npx frontgate restore ${quote(newest.path)} --data ${quote(config.dataDir)}`, `(newest backup, taken ${newest.takenAt.toISOString()})`);
  else lines.push(`  npx frontgate restore <backup file> --data ${quote(config.dataDir)}`, `(no backup found in ${backupDirOf(config)})`);
  lines.push(`restore keeps the present file as ${DATABASE_FILE}.before-restore-<time>.`);
  return lines.join('\n');
}

const quote = (path: string) => (/^[\w./:\\-]+$/.test(path) ? path : `"${path.replace(/"/g, '\\"')}"`);
