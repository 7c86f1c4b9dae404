import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { all, first, run, type Db } from './connection.js';
import type { Schema } from './schema.js';

export interface CardRecord {
  id: number;
  uid: string;
  technology: string;
  printedNumber: string | null;
  holderKind: string | null;
  personId: number | null;
  personName: string | null;
  unitId: number | null;
  unitCode: string | null;
  status: string;
  validFrom: number | null;
  validUntil: number | null;
  accessGroupIds: number[];
  zoneIds: number[];
  createdAt: number;
  updatedAt: number;
}

function cardQuery(db: Db) {
  return db.k
    .selectFrom('cards')
    .leftJoin('people', 'people.id', 'cards.person_id')
    .leftJoin('units', 'units.id', 'cards.unit_id')
    .selectAll('cards')
    .select(['people.full_name as person_name', 'units.code as unit_code'])
    .select(sql<string>`(SELECT json_group_array(group_id) FROM card_access_groups WHERE card_id = cards.id)`.as('group_ids'))
    .select(sql<string>`(SELECT json_group_array(zone_id) FROM card_zones WHERE card_id = cards.id)`.as('zone_ids'));
}

type Row = Selectable<Schema['cards']> & { person_name: string | null; unit_code: string | null; group_ids: string; zone_ids: string };

const toRecord = (r: Row): CardRecord => ({
  id: r.id,
  uid: r.uid,
  technology: r.technology,
  printedNumber: r.printed_number,
  holderKind: r.holder_kind,
  personId: r.person_id,
  personName: r.person_name,
  unitId: r.unit_id,
  unitCode: r.unit_code,
  status: r.status,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  accessGroupIds: (JSON.parse(r.group_ids) as number[]).sort((a, b) => a - b),
  zoneIds: (JSON.parse(r.zone_ids) as number[]).sort((a, b) => a - b),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getCard(db: Db, id: number): CardRecord | undefined {
  const row = first(db, cardQuery(db).where('cards.id', '=', id)) as Row | undefined;
  return row && toRecord(row);
}

export function getCardByUid(db: Db, uid: string): CardRecord | undefined {
  const row = first(db, cardQuery(db).where('cards.uid', '=', uid)) as Row | undefined;
  return row && toRecord(row);
}

export function insertCard(db: Db, card: { uid: string; technology: string; printedNumber: string | null }, now: number): CardRecord {
  const { lastInsertRowid } = run(
    db,
    db.k.insertInto('cards').values({ uid: card.uid, technology: card.technology, printed_number: card.printedNumber, status: 'in_stock', created_at: now, updated_at: now }),
  );
  return getCard(db, Number(lastInsertRowid)) as CardRecord;
}

export interface Holding {
  holderKind: string;
  personId: number | null;
  unitId: number | null;
  validFrom: number | null;
  validUntil: number | null;
  accessGroupIds: number[];
  zoneIds: number[];
}

/** Gives the card to a holder with its access; replaces any earlier groups and zones. */
export function setHolding(db: Db, id: number, holding: Holding, status: string, now: number): void {
  run(
    db,
    db.k
      .updateTable('cards')
      .set({ holder_kind: holding.holderKind, person_id: holding.personId, unit_id: holding.unitId, valid_from: holding.validFrom, valid_until: holding.validUntil, status, updated_at: now })
      .where('id', '=', id),
  );
  db.sqlite.prepare('DELETE FROM card_access_groups WHERE card_id = ?').run(id);
  db.sqlite.prepare('DELETE FROM card_zones WHERE card_id = ?').run(id);
  const group = db.sqlite.prepare('INSERT INTO card_access_groups (card_id, group_id) VALUES (?, ?)');
  for (const g of holding.accessGroupIds) group.run(id, g);
  const zone = db.sqlite.prepare('INSERT INTO card_zones (card_id, zone_id) VALUES (?, ?)');
  for (const z of holding.zoneIds) zone.run(id, z);
}

export function setStatus(db: Db, id: number, status: string, now: number): void {
  run(db, db.k.updateTable('cards').set({ status, updated_at: now }).where('id', '=', id));
}

export interface CardEventInput {
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  userId: number | null;
  stationId: number | null;
}

export function addCardEvent(db: Db, cardId: number, at: number, e: CardEventInput): void {
  db.sqlite
    .prepare('INSERT INTO card_events (card_id, at, kind, from_status, to_status, reason, user_id, station_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(cardId, at, e.kind, e.fromStatus, e.toStatus, e.reason, e.userId, e.stationId);
}

export function cardEvents(db: Db, cardId: number) {
  return db.sqlite
    .prepare(
      `SELECT e.at, e.kind, e.from_status AS fromStatus, e.to_status AS toStatus, e.reason, u.username, s.name AS stationName
       FROM card_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN stations s ON s.id = e.station_id
       WHERE e.card_id = ? ORDER BY e.at DESC, e.id DESC`,
    )
    .all(cardId) as { at: number; kind: string; fromStatus: string | null; toStatus: string | null; reason: string | null; username: string | null; stationName: string | null }[];
}

export interface CardFilter {
  q?: string | undefined;
  status?: string | undefined;
  holderKind?: string | undefined;
  unitId?: number | undefined;
  limit: number;
  offset: number;
}

export function listCards(db: Db, filter: CardFilter): { rows: CardRecord[]; total: number } {
  let q = cardQuery(db);
  if (filter.q) {
    const text = filter.q.replace(/[\\%_]/g, '');
    const uid = text.toUpperCase().replace(/[\s:-]/g, '');
    q = q.where((eb) =>
      eb.or([eb('cards.uid', 'like', `${uid}%`), eb('people.name_folded', 'like', `%${text.toLowerCase()}%`), eb('units.code', 'like', `${text.toUpperCase()}%`), eb('cards.printed_number', '=', text)]),
    );
  }
  if (filter.status) q = q.where('cards.status', '=', filter.status);
  if (filter.holderKind) q = q.where('cards.holder_kind', '=', filter.holderKind);
  if (filter.unitId !== undefined) q = q.where('cards.unit_id', '=', filter.unitId);
  const total = (first(db, q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n'))) as { n: number } | undefined)?.n ?? 0;
  const rows = all(db, q.orderBy('cards.updated_at', 'desc').orderBy('cards.id', 'desc').limit(filter.limit).offset(filter.offset)) as Row[];
  return { total, rows: rows.map(toRecord) };
}

export function existingIds(db: Db, table: 'access_groups' | 'access_zones', ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db.sqlite.prepare(`SELECT id FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}
