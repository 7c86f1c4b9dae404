import Database from 'better-sqlite3';
import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Schema } from './schema.js';

/**
 * One open database. better-sqlite3 runs every statement synchronously, so a transaction is a plain
 * function call that nothing else can interleave with; Kysely is used as a typed query builder only.
 */
export interface Db {
  readonly sqlite: Database.Database;
  readonly k: Kysely<Schema>;
  readonly path: string;
}

export interface OpenOptions {
  readonly: boolean;
  /** ms to wait on a lock held by another connection (backup, CLI) before SQLITE_BUSY. */
  busyTimeoutMs: number;
  /**
   * Run `PRAGMA quick_check` after opening and refuse a damaged file (`corrupt`). O(size of the database): the gateway
   * and the CLI's data-directory commands do it once at start; tests and short-lived tools skip it.
   */
  quickCheck: boolean;
}

/**
 * Why a database file cannot be used: `not_a_database` (not SQLite at all), `corrupt` (SQLite, but damaged),
 * `foreign` (a healthy SQLite database of another program), `cannot_open` (permissions, missing directory, locks).
 */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: 'not_a_database' | 'corrupt' | 'foreign' | 'cannot_open',
    readonly path: string,
    /** What SQLite said (the first problems of quick_check for a damaged file). */
    readonly detail: string,
  ) {
    super(`${code}: ${path}: ${detail}`);
    this.name = 'DatabaseOpenError';
  }
}

export function openDatabase(path: string, options: Partial<OpenOptions> = {}): Db {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new DatabaseOpenError('cannot_open', path, (error as Error).message);
  }
  try {
    applyPragmas(sqlite, options.busyTimeoutMs ?? 5000, options.readonly ?? false);
    if (options.quickCheck) {
      const problems = (sqlite.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
      if (problems[0] !== 'ok') throw Object.assign(new Error(problems.join('\n')), { code: 'SQLITE_CORRUPT' });
    }
  } catch (error) {
    sqlite.close();
    throw new DatabaseOpenError(openErrorCode((error as { code?: string }).code), path, (error as Error).message);
  }
  return { sqlite, k: queryBuilder(), path };
}

function openErrorCode(sqliteCode: string | undefined): DatabaseOpenError['code'] {
  if (sqliteCode === 'SQLITE_NOTADB') return 'not_a_database';
  // SQLITE_CORRUPT_INDEX, SQLITE_CORRUPT_SEQUENCE, … are extended codes of the same problem.
  if (sqliteCode?.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  return 'cannot_open';
}

function applyPragmas(sqlite: Database.Database, busyTimeoutMs: number, readonly: boolean): void {
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  sqlite.pragma('foreign_keys = ON');
  if (readonly) return;
  // WAL lets kiosks read while the gateway writes. synchronous=FULL makes WAL fsync on every commit,
  // so a committed (acknowledged) transaction survives power loss; NORMAL could lose the last ones.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -16000');
  sqlite.pragma('wal_autocheckpoint = 1000');
}

export function queryBuilder(): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

type Params = readonly unknown[];

export function all<R>(db: Db, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).all(...(parameters as Params)) as R[];
}

export function first<R>(db: Db, query: Compilable<R>): R | undefined {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).get(...(parameters as Params)) as R | undefined;
}

export function run(db: Db, query: Compilable<unknown>): Database.RunResult {
  const { sql, parameters } = query.compile();
  return db.sqlite.prepare(sql).run(...(parameters as Params));
}

/** Runs fn in one write transaction (BEGIN IMMEDIATE); nested calls become savepoints. */
export function transaction<T>(db: Db, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}

export function closeDatabase(db: Db): void {
  if (!db.sqlite.open) return;
  if (!db.sqlite.readonly) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.close();
}
