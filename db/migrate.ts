import type { Db } from './connection.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_access.js';
import * as m003 from './migrations/003_visits.js';
import * as m004 from './migrations/004_sync.js';

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

/** Applies pending migrations, each in its own transaction with its version bump. Returns the versions applied. */
export function migrate(db: Db, list: readonly Migration[] = migrations): number[] {
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
