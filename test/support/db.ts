import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';

/** A migrated database in a real temp file (WAL needs a file). */
export function tempDb(): { db: Db; dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-db-'));
  const db = openDatabase(join(dir, 'test.db'));
  migrate(db);
  return {
    db,
    dir,
    dispose() {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function queryPlan(db: Db, sql: string, ...params: unknown[]): string {
  return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}
