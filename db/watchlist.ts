import type { Db } from './connection.js';

export interface WatchlistRecord {
  id: number;
  fullName: string | null;
  hasIdNumber: boolean;
  reason: string;
  active: boolean;
  createdBy: string | null;
  createdAt: number;
}

const SELECT = `SELECT w.id, w.full_name AS fullName, w.id_number_hash IS NOT NULL AS hasIdNumber, w.reason, w.active, u.username AS createdBy, w.created_at AS createdAt
  FROM watchlist w LEFT JOIN users u ON u.id = w.created_by`;

type Row = Omit<WatchlistRecord, 'hasIdNumber' | 'active'> & { hasIdNumber: number; active: number };
const toRecord = (r: Row): WatchlistRecord => ({ ...r, hasIdNumber: r.hasIdNumber === 1, active: r.active === 1 });

export function listWatchlist(db: Db): WatchlistRecord[] {
  return (db.sqlite.prepare(`${SELECT} ORDER BY w.active DESC, w.created_at DESC`).all() as Row[]).map(toRecord);
}

export function getWatchlistEntry(db: Db, id: number): WatchlistRecord | undefined {
  const row = db.sqlite.prepare(`${SELECT} WHERE w.id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

export function insertWatchlist(db: Db, entry: { fullName: string | null; nameFolded: string | null; idNumberHash: string | null; reason: string; createdBy: number | null }, now: number): number {
  return Number(
    db.sqlite
      .prepare('INSERT INTO watchlist (full_name, name_folded, id_number_hash, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.fullName, entry.nameFolded, entry.idNumberHash, entry.reason, entry.createdBy, now).lastInsertRowid,
  );
}

export function deactivateWatchlist(db: Db, id: number): boolean {
  return db.sqlite.prepare('UPDATE watchlist SET active = 0 WHERE id = ? AND active = 1').run(id).changes > 0;
}

/** Active entries matching an ID number hash or a folded full name (the check at every registration). */
export function watchlistMatches(db: Db, match: { idNumberHash: string | null; nameFolded: string | null }): WatchlistRecord[] {
  return (
    db.sqlite.prepare(`${SELECT} WHERE w.active = 1 AND ((? IS NOT NULL AND w.id_number_hash = ?) OR (? IS NOT NULL AND w.name_folded = ?))`).all(match.idNumberHash, match.idNumberHash, match.nameFolded, match.nameFolded) as Row[]
  ).map(toRecord);
}
