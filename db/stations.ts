import type { Selectable } from 'kysely';
import { all, first, run, type Db } from './connection.js';
import type { Schema } from './schema.js';

export type StationKind = 'desk' | 'kiosk' | 'security';

export interface StationRecord {
  id: number;
  name: string;
  kind: StationKind;
  paired: boolean;
  pairedAt: number | null;
  revokedAt: number | null;
  lastSeenAt: number | null;
  createdAt: number;
}

const toRecord = (r: Selectable<Schema['stations']>): StationRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind as StationKind,
  paired: r.token_hash !== null && r.revoked_at === null,
  pairedAt: r.paired_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  createdAt: r.created_at,
});

export function insertStation(db: Db, station: { name: string; kind: StationKind }, now: number): StationRecord {
  const { lastInsertRowid } = run(db, db.k.insertInto('stations').values({ name: station.name, kind: station.kind, created_at: now }));
  return getStation(db, Number(lastInsertRowid)) as StationRecord;
}

export function getStation(db: Db, id: number): StationRecord | undefined {
  const row = first(db, db.k.selectFrom('stations').selectAll().where('id', '=', id));
  return row && toRecord(row);
}

export function listStations(db: Db): StationRecord[] {
  return all(db, db.k.selectFrom('stations').selectAll().orderBy('name')).map(toRecord);
}

/** A new pairing code unpairs the station: its old token stops working. */
export function setPairingCode(db: Db, id: number, codeHash: string, expiresAt: number): void {
  run(
    db,
    db.k
      .updateTable('stations')
      .set({ pairing_code_hash: codeHash, pairing_expires_at: expiresAt, token_hash: null, paired_at: null, revoked_at: null })
      .where('id', '=', id),
  );
}

/** Exchanges a valid, unexpired pairing code for a station token; the code works once. */
export function pairStation(db: Db, codeHash: string, tokenHash: string, now: number): StationRecord | undefined {
  const row = first(db, db.k.selectFrom('stations').select('id').where('pairing_code_hash', '=', codeHash).where('pairing_expires_at', '>', now));
  if (!row) return undefined;
  run(
    db,
    db.k
      .updateTable('stations')
      .set({ token_hash: tokenHash, pairing_code_hash: null, pairing_expires_at: null, paired_at: now, revoked_at: null, last_seen_at: now })
      .where('id', '=', row.id),
  );
  return getStation(db, row.id);
}

export function stationByToken(db: Db, tokenHash: string): StationRecord | undefined {
  const row = first(db, db.k.selectFrom('stations').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null));
  return row && toRecord(row);
}

export function touchStation(db: Db, id: number, now: number): void {
  run(db, db.k.updateTable('stations').set({ last_seen_at: now }).where('id', '=', id));
}

export function revokeStation(db: Db, id: number, now: number): StationRecord | undefined {
  const { changes } = run(
    db,
    db.k.updateTable('stations').set({ revoked_at: now, token_hash: null, pairing_code_hash: null, pairing_expires_at: null }).where('id', '=', id),
  );
  return changes ? getStation(db, id) : undefined;
}
