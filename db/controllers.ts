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


const changeListeners = new WeakMap<Db['sqlite'], Set<() => void>>();

/**
 * Calls `listener` after every insert, update or delete of a door controller made on this connection (temporary
 * triggers calling a function of this process): caches of controller tokens (gateway/auth/controller-tokens.ts) drop
 * what they hold before the change's transaction even commits. Returns the function that stops the calls.
 */
export function onControllersChanged(db: Db, listener: () => void): () => void {
  let listeners = changeListeners.get(db.sqlite);
  if (!listeners) {
    const registered = new Set<() => void>();
    listeners = registered;
    changeListeners.set(db.sqlite, registered);
    db.sqlite.function('frontgate_controllers_changed', { deterministic: false }, () => {
      for (const call of registered) call();
      return null;
    });
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS frontgate_controllers_${event.toLowerCase()} AFTER ${event} ON main.access_controllers BEGIN SELECT frontgate_controllers_changed(); END`);
    }
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
