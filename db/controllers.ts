import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

/** IP door controllers that ask the gateway for access decisions with a bearer token (only its hash is kept). */
export interface ControllerRecord {
  id: number;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

export function insertController(db: Db, name: string, tokenHash: string, now: number): ControllerRecord {
  const { lastInsertRowid } = db.sqlite.prepare('INSERT INTO access_controllers (name, token_hash, created_at) VALUES (?, ?, ?)').run(name, tokenHash, now);
  return { id: Number(lastInsertRowid), name, createdAt: now, revokedAt: null };
}

/** Asked on every request of a door controller: prepared once per connection (preparing cost more than the lookup). */
const byToken = new WeakMap<Db['sqlite'], Statement<[string], ControllerRecord>>();

export function controllerByToken(db: Db, tokenHash: string): ControllerRecord | undefined {
  let statement = byToken.get(db.sqlite);
  if (!statement) {
    statement = db.sqlite.prepare<[string], ControllerRecord>('SELECT id, name, created_at AS createdAt, revoked_at AS revokedAt FROM access_controllers WHERE token_hash = ? AND revoked_at IS NULL');
    byToken.set(db.sqlite, statement);
  }
  return statement.get(tokenHash);
}

export function listControllers(db: Db): ControllerRecord[] {
  return db.sqlite.prepare('SELECT id, name, created_at AS createdAt, revoked_at AS revokedAt FROM access_controllers ORDER BY name').all() as ControllerRecord[];
}

export function revokeController(db: Db, id: number, now: number): boolean {
  return db.sqlite.prepare('UPDATE access_controllers SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0;
}

