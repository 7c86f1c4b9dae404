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

/** SQLite page cache of a read-write connection, in KiB. */
export const PAGE_CACHE_KIB = 8 * 1024;

function applyPragmas(sqlite: Database.Database, busyTimeoutMs: number, readonly: boolean): void {
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  sqlite.pragma('foreign_keys = ON');
  if (readonly) return;
  // WAL lets kiosks read while the gateway writes. synchronous=FULL makes WAL fsync on every commit,
  // so a committed (acknowledged) transaction survives power loss; NORMAL could lose the last ones.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('temp_store = MEMORY');
  // The page cache is resident memory of the gateway: 8 MiB holds the hot index pages. Misses are served from the
  // operating system's file cache; visit-log and search queries at 1,000,000 visits took the same CPU time with 2 to
  // 16 MiB (docs/performance.md, "Visitors and start-up"). No memory map: touched pages of a mapped file count in the
  // process's resident memory, up to the whole database.
  sqlite.pragma(`cache_size = ${-PAGE_CACHE_KIB}`);
  sqlite.pragma('mmap_size = 0');
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

const beforeTransaction = new WeakMap<Database.Database, Set<() => void>>();

/**
 * Runs `work` before every outermost transaction() on this database, outside it. The door decision log
 * (db/access-log.ts) commits the decisions it holds there, so a change made after a decision commits after it.
 * Returns the function that removes it.
 */
export function onBeforeTransaction(db: Db, work: () => void): () => void {
  let hooks = beforeTransaction.get(db.sqlite);
  if (!hooks) beforeTransaction.set(db.sqlite, (hooks = new Set()));
  hooks.add(work);
  return () => hooks.delete(work);
}

/** Runs fn in one write transaction (BEGIN IMMEDIATE); nested calls become savepoints. */
export function transaction<T>(db: Db, fn: () => T): T {
  if (!db.sqlite.inTransaction) beforeTransaction.get(db.sqlite)?.forEach((work) => work());
  return db.sqlite.transaction(fn).immediate();
}

export function closeDatabase(db: Db): void {
  if (!db.sqlite.open) return;
  if (!db.sqlite.readonly) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.sqlite.close();
}
