import { DatabaseOpenError, type Db } from './connection.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_access.js';
import * as m003 from './migrations/003_visits.js';
import * as m004 from './migrations/004_sync.js';
import * as m005 from './migrations/005_people_search.js';
import * as m006 from './migrations/006_open_visit_duplicates.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Ordered, numbered migrations. Append only; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'access', up: m002.up },
  { version: 3, name: 'visits', up: m003.up },
  { version: 4, name: 'sync', up: m004.up },
  { version: 5, name: 'people_search', up: m005.up },
  { version: 6, name: 'open_visit_duplicates', up: m006.up },
];

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`database schema version ${found} is newer than this FrontGate supports (${supported}); upgrade FrontGate or restore an older backup`);
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Db): number {
  return db.sqlite.pragma('user_version', { simple: true }) as number;
}

/** Tables every FrontGate database has had since migration 1 (none is ever dropped or renamed). */
export const CORE_TABLES = ['site', 'users', 'audit_log', 'cards', 'outbox'] as const;

/** Core tables missing from the database (empty for a FrontGate database at version 1 or later). */
export function missingCoreTables(db: Db): string[] {
  const present = new Set((db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return CORE_TABLES.filter((t) => !present.has(t));
}

/**
 * Refuses a healthy SQLite database that FrontGate did not create (another program's file, put in place by mistake),
 * before a migration would write FrontGate's tables into it: at version 0 it must be empty; later, it must have
 * FrontGate's core tables.
 */
export function assertFrontGateDatabase(db: Db): void {
  const version = schemaVersion(db);
  if (version === 0) {
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 3").all() as { name: string }[]).map((r) => r.name);
    if (tables.length > 0) throw new DatabaseOpenError('foreign', db.path, `schema version 0 but tables ${tables.join(', ')} already exist: not a FrontGate database`);
    return;
  }
  const missing = missingCoreTables(db);
  if (missing.length > 0) throw new DatabaseOpenError('foreign', db.path, `schema version ${version} but no ${missing.join(', ')} table: not a FrontGate database`);
}

/** Applies pending migrations, each in its own transaction with its version bump. Returns the versions applied. */
export function migrate(db: Db, list: readonly Migration[] = migrations): number[] {
  assertFrontGateDatabase(db);
  const current = schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  const applied: number[] = [];
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.sqlite
      .transaction(() => {
        db.sqlite.exec(migration.up);
        db.sqlite.pragma(`user_version = ${migration.version}`);
      })
      .immediate();
    applied.push(migration.version);
  }
  return applied;
}
