/**
 * Visits: rows, the visitor-name search index, the desk board, the visit log and the retention purge.
 * Sealed columns are opaque bytes here; the gateway seals and opens them.
 */
import type { Db } from './connection.js';
import { foldText, ftsQuery } from './text.js';

/** Columns a caller may set, by their record names. */
export interface VisitFields {
  status: string;
  channel: string;
  visitorName: string;
  visitorPhone: string | null;
  visitorCompany: string | null;
  docType: string | null;
  docSource: string | null;
  docNumberHash: string | null;
  docNumberHint: string | null;
  docNumberSealed: Buffer | null;
  docDataSealed: Buffer | null;
  docChecks: { name: string; passed: boolean; detail?: string }[];
  photoSealed: Buffer | null;
  signatureSealed: Buffer | null;
  rulesAcceptedAt: number | null;
  hostPersonId: number | null;
  hostUnitId: number | null;
  hostCompanyId: number | null;
  hostLabel: string;
  purpose: string;
  destinationFloors: number[];
  expectedStart: number | null;
  expectedEnd: number | null;
  checkedInAt: number | null;
  hostContactedAt: number | null;
  admittedAt: number | null;
  checkoutRequestedAt: number | null;
  checkedOutAt: number | null;
  cardId: number | null;
  cardReturnedAt: number | null;
  custodySlot: string | null;
  custodyTakenAt: number | null;
  custodyReturnedAt: number | null;
  watchlistEntryId: number | null;
  overrideBy: number | null;
  overrideReason: string | null;
  overrideAt: number | null;
  stationId: number | null;
  createdBy: number | null;
  externalRef: string | null;
  note: string | null;
}

type Unset = Exclude<keyof VisitFields, 'status' | 'channel' | 'visitorName' | 'hostLabel' | 'purpose'>;
/** Every optional column of a visit unset: a new visit names only what it knows. */
export const UNSET_VISIT_FIELDS: Pick<VisitFields, Unset> = {
  visitorPhone: null,
  visitorCompany: null,
  docType: null,
  docSource: null,
  docNumberHash: null,
  docNumberHint: null,
  docNumberSealed: null,
  docDataSealed: null,
  docChecks: [],
  photoSealed: null,
  signatureSealed: null,
  rulesAcceptedAt: null,
  hostPersonId: null,
  hostUnitId: null,
  hostCompanyId: null,
  destinationFloors: [],
  expectedStart: null,
  expectedEnd: null,
  checkedInAt: null,
  hostContactedAt: null,
  admittedAt: null,
  checkoutRequestedAt: null,
  checkedOutAt: null,
  cardId: null,
  cardReturnedAt: null,
  custodySlot: null,
  custodyTakenAt: null,
  custodyReturnedAt: null,
  watchlistEntryId: null,
  overrideBy: null,
  overrideReason: null,
  overrideAt: null,
  stationId: null,
  createdBy: null,
  externalRef: null,
  note: null,
};

/** A visit as read: its columns, the card it serves, who overrode a watchlist stop (username) and its times. */
export interface VisitRecord extends Omit<VisitFields, 'overrideBy'> {
  id: number;
  ref: string;
  cardUid: string | null;
  cardStatus: string | null;
  watchlistReason: string | null;
  overrideBy: string | null;
  purgedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMN: Record<keyof VisitFields, string> = {
  status: 'status',
  channel: 'channel',
  visitorName: 'visitor_name',
  visitorPhone: 'visitor_phone',
  visitorCompany: 'visitor_company',
  docType: 'doc_type',
  docSource: 'doc_source',
  docNumberHash: 'doc_number_hash',
  docNumberHint: 'doc_number_hint',
  docNumberSealed: 'doc_number_sealed',
  docDataSealed: 'doc_data_sealed',
  docChecks: 'doc_checks',
  photoSealed: 'photo_sealed',
  signatureSealed: 'signature_sealed',
  rulesAcceptedAt: 'rules_accepted_at',
  hostPersonId: 'host_person_id',
  hostUnitId: 'host_unit_id',
  hostCompanyId: 'host_company_id',
  hostLabel: 'host_label',
  purpose: 'purpose',
  destinationFloors: 'destination_floors',
  expectedStart: 'expected_start',
  expectedEnd: 'expected_end',
  checkedInAt: 'checked_in_at',
  hostContactedAt: 'host_contacted_at',
  admittedAt: 'admitted_at',
  checkoutRequestedAt: 'checkout_requested_at',
  checkedOutAt: 'checked_out_at',
  cardId: 'card_id',
  cardReturnedAt: 'card_returned_at',
  custodySlot: 'custody_slot',
  custodyTakenAt: 'custody_taken_at',
  custodyReturnedAt: 'custody_returned_at',
  watchlistEntryId: 'watchlist_entry_id',
  overrideBy: 'override_by',
  overrideReason: 'override_reason',
  overrideAt: 'override_at',
  stationId: 'station_id',
  createdBy: 'created_by',
  externalRef: 'external_ref',
  note: 'note',
};

const toSql = (key: keyof VisitFields, value: unknown): unknown => (key === 'docChecks' || key === 'destinationFloors' ? JSON.stringify(value) : value);

const SELECT = `SELECT v.*, c.uid AS card_uid, c.status AS card_status, u.username AS override_username, w.reason AS watchlist_reason
  FROM visits v
  LEFT JOIN cards c ON c.id = v.card_id
  LEFT JOIN users u ON u.id = v.override_by
  LEFT JOIN watchlist w ON w.id = v.watchlist_entry_id`;

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const buf = (v: unknown) => (v === null || v === undefined ? null : Buffer.from(v as Uint8Array));

function toRecord(r: Row): VisitRecord {
  return {
    id: Number(r.id),
    ref: String(r.ref),
    status: String(r.status),
    channel: String(r.channel),
    visitorName: String(r.visitor_name),
    visitorPhone: str(r.visitor_phone),
    visitorCompany: str(r.visitor_company),
    docType: str(r.doc_type),
    docSource: str(r.doc_source),
    docNumberHash: str(r.doc_number_hash),
    docNumberHint: str(r.doc_number_hint),
    docNumberSealed: buf(r.doc_number_sealed),
    docDataSealed: buf(r.doc_data_sealed),
    docChecks: JSON.parse(String(r.doc_checks)) as VisitRecord['docChecks'],
    photoSealed: buf(r.photo_sealed),
    signatureSealed: buf(r.signature_sealed),
    rulesAcceptedAt: num(r.rules_accepted_at),
    hostPersonId: num(r.host_person_id),
    hostUnitId: num(r.host_unit_id),
    hostCompanyId: num(r.host_company_id),
    hostLabel: String(r.host_label),
    purpose: String(r.purpose),
    destinationFloors: JSON.parse(String(r.destination_floors)) as number[],
    expectedStart: num(r.expected_start),
    expectedEnd: num(r.expected_end),
    checkedInAt: num(r.checked_in_at),
    hostContactedAt: num(r.host_contacted_at),
    admittedAt: num(r.admitted_at),
    checkoutRequestedAt: num(r.checkout_requested_at),
    checkedOutAt: num(r.checked_out_at),
    cardId: num(r.card_id),
    cardUid: str(r.card_uid),
    cardStatus: str(r.card_status),
    cardReturnedAt: num(r.card_returned_at),
    custodySlot: str(r.custody_slot),
    custodyTakenAt: num(r.custody_taken_at),
    custodyReturnedAt: num(r.custody_returned_at),
    watchlistEntryId: num(r.watchlist_entry_id),
    watchlistReason: str(r.watchlist_reason),
    overrideBy: str(r.override_username),
    overrideReason: str(r.override_reason),
    overrideAt: num(r.override_at),
    stationId: num(r.station_id),
    createdBy: num(r.created_by),
    externalRef: str(r.external_ref),
    note: str(r.note),
    purgedAt: num(r.purged_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function indexName(db: Db, id: number, name: string | null): void {
  db.sqlite.prepare('DELETE FROM visits_fts WHERE rowid = ?').run(id);
  if (name) db.sqlite.prepare('INSERT INTO visits_fts (rowid, search_text) VALUES (?, ?)').run(id, foldText(name));
}

/** Call inside a transaction: the visit row and its search row are written together. */
export function insertVisit(db: Db, ref: string, fields: VisitFields, now: number): number {
  const keys = Object.keys(COLUMN) as (keyof VisitFields)[];
  const columns = keys.map((k) => COLUMN[k]);
  const result = db.sqlite
    .prepare(`INSERT INTO visits (ref, visitor_name_folded, created_at, updated_at, ${columns.join(', ')}) VALUES (?, ?, ?, ?, ${columns.map(() => '?').join(', ')})`)
    .run(ref, foldText(fields.visitorName), now, now, ...keys.map((k) => toSql(k, fields[k])));
  const id = Number(result.lastInsertRowid);
  indexName(db, id, fields.visitorName);
  return id;
}

/** Sets some columns of a visit; the name index follows a name change. */
export function updateVisit(db: Db, id: number, patch: Partial<VisitFields>, now: number): void {
  const keys = (Object.keys(patch) as (keyof VisitFields)[]).filter((k) => k in COLUMN);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${COLUMN[k]} = ?`);
  const values = keys.map((k) => toSql(k, patch[k]));
  if (patch.visitorName !== undefined) {
    sets.push('visitor_name_folded = ?');
    values.push(foldText(patch.visitorName));
  }
  db.sqlite.prepare(`UPDATE visits SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, now, id);
  if (patch.visitorName !== undefined) indexName(db, id, patch.visitorName);
}

export function getVisit(db: Db, id: number): VisitRecord | undefined {
  const row = db.sqlite.prepare(`${SELECT} WHERE v.id = ?`).get(id) as Row | undefined;
  return row && toRecord(row);
}

export function getVisitByRef(db: Db, ref: string): VisitRecord | undefined {
  const row = db.sqlite.prepare(`${SELECT} WHERE v.ref = ?`).get(ref) as Row | undefined;
  return row && toRecord(row);
}

export function getVisitByExternalRef(db: Db, externalRef: string): VisitRecord | undefined {
  const row = db.sqlite.prepare(`${SELECT} WHERE v.external_ref = ?`).get(externalRef) as Row | undefined;
  return row && toRecord(row);
}

/** The open visit a card is serving (card not yet handed back). */
export function getOpenVisitByCard(db: Db, cardId: number): VisitRecord | undefined {
  const row = db.sqlite.prepare(`${SELECT} WHERE v.card_id = ? AND v.card_returned_at IS NULL`).get(cardId) as Row | undefined;
  return row && toRecord(row);
}

const OPEN = "v.status IN ('blocked','waiting','checked_in')";
/** An open visit with this ID document (visits_doc_number). */
export const OPEN_DUPLICATE_BY_DOC_SQL = `${SELECT} WHERE ${OPEN} AND v.doc_number_hash = ? AND v.id IS NOT ? LIMIT 1`;
/**
 * An open visit of this visitor (folded name) for this host: visits_open_visitor (migration 006) holds only open
 * visits, so the check reads a handful of rows however long the log is.
 */
export const OPEN_DUPLICATE_BY_NAME_SQL = `${SELECT} WHERE ${OPEN} AND v.visitor_name_folded = ? AND v.host_person_id IS ? AND v.host_unit_id IS ? AND v.host_company_id IS ? AND v.id IS NOT ? LIMIT 1`;

/** Is this visitor (same ID number, or same name for the same host when no ID was given) already in the building? */
export function findOpenDuplicate(db: Db, match: { docNumberHash: string | null; visitorName: string; hostPersonId: number | null; hostUnitId: number | null; hostCompanyId: number | null }, exceptId?: number): VisitRecord | undefined {
  const row = (
    match.docNumberHash !== null
      ? db.sqlite.prepare(OPEN_DUPLICATE_BY_DOC_SQL).get(match.docNumberHash, exceptId ?? null)
      : db.sqlite.prepare(OPEN_DUPLICATE_BY_NAME_SQL).get(foldText(match.visitorName), match.hostPersonId, match.hostUnitId, match.hostCompanyId, exceptId ?? null)
  ) as Row | undefined;
  return row && toRecord(row);
}

export interface VisitFilter {
  q?: string;
  docNumberHash?: string;
  hostPersonId?: number;
  hostUnitId?: number;
  hostCompanyId?: number;
  purpose?: string;
  status?: string;
  /** On or after (Unix ms), by when the visit happened: arrival, else expected start, else creation. */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

/**
 * A search of the log matching at most this many visits is driven by its matches (each looked up by id, then sorted);
 * one matching more is driven by the log's own indexes — date order, host, status, date range — each row checked
 * against the matches, and stops at the page. Looking up every match of a common name ("nguyen": 62,500 visits of
 * the bench's 1,000,000, far more in a real Vietnamese log) and sorting them all took ≈ 0.3 s for one page.
 */
const FEW_MATCHES = 2000;

/** The visit log, newest first. */
export function listVisits(db: Db, filter: VisitFilter): { rows: VisitRecord[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  /** A search matching many visits, with no other condition: its total is the search index's count. */
  let manyMatches: string | null = null;
  if (filter.q !== undefined) {
    const match = ftsQuery(filter.q);
    if (match === null) return { rows: [], total: 0 };
    const few = (db.sqlite.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM visits_fts WHERE visits_fts MATCH ? LIMIT ?)').get(match, FEW_MATCHES + 1) as { n: number }).n <= FEW_MATCHES;
    // `+v.id`: the id is not an index for this condition, so SQLite drives by another one and probes the matches.
    where.push(`${few ? 'v.id' : '+v.id'} IN (SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?)`);
    args.push(match);
    if (!few) manyMatches = match;
  }
  const eq = (column: string, value: unknown) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    args.push(value);
  };
  eq('v.doc_number_hash', filter.docNumberHash);
  eq('v.host_person_id', filter.hostPersonId);
  eq('v.host_unit_id', filter.hostUnitId);
  eq('v.host_company_id', filter.hostCompanyId);
  eq('v.purpose', filter.purpose);
  eq('v.status', filter.status);
  // started_at = arrival, else expected start, else creation (a generated, indexed column).
  if (filter.from !== undefined) {
    where.push('v.started_at >= ?');
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('v.started_at < ?');
    args.push(filter.to);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // Every row of visits_fts is a visit's (db/visits.ts writes and deletes them with the visit's name).
  const total =
    manyMatches !== null && where.length === 1
      ? (db.sqlite.prepare('SELECT count(*) AS n FROM visits_fts WHERE visits_fts MATCH ?').get(manyMatches) as { n: number }).n
      : (db.sqlite.prepare(`SELECT count(*) AS n FROM visits v ${clause}`).get(...args) as { n: number }).n;
  const rows = db.sqlite.prepare(`${SELECT} ${clause} ORDER BY v.started_at DESC, v.id DESC LIMIT ? OFFSET ?`).all(...args, filter.limit, filter.offset) as Row[];
  return { rows: rows.map(toRecord), total };
}

/** Visits that are open now (waiting, stopped, on site) and those expected to start in [from, to). */
export function openVisits(db: Db, expectedFrom: number, expectedTo: number): VisitRecord[] {
  const rows = db.sqlite
    .prepare(
      `${SELECT} WHERE v.status IN ('blocked','waiting','checked_in')
          OR (v.status = 'expected' AND v.expected_start < ? AND v.expected_end >= ?)
       ORDER BY coalesce(v.checked_in_at, v.expected_start, v.created_at)`,
    )
    .all(expectedTo, expectedFrom) as Row[];
  return rows.map(toRecord);
}

/** Expected visits whose window has passed without an arrival. */
export function staleExpectedIds(db: Db, before: number): number[] {
  return (db.sqlite.prepare("SELECT id FROM visits WHERE status = 'expected' AND expected_end < ?").all(before) as { id: number }[]).map((r) => r.id);
}

/**
 * Retention: closed visits (checked out or cancelled) that ended before `before` and still hold personal data, oldest
 * first, at most `limit` of them (the purge runs in chunks so it never holds the database for long).
 */
export function purgeCandidates(db: Db, before: number, limit: number): { id: number; ref: string }[] {
  return db.sqlite
    .prepare(
      // visits_purge (checked_out_at WHERE purged_at IS NULL): a check-out and a cancellation both set checked_out_at.
      `SELECT id, ref FROM visits INDEXED BY visits_purge WHERE purged_at IS NULL AND checked_out_at < ? AND status IN ('checked_out','cancelled')
         ORDER BY checked_out_at LIMIT ?`,
    )
    .all(before, limit) as { id: number; ref: string }[];
}

/**
 * Removes the visitor's name, phone, company, ID number, document data, photo, signature and note from these visits
 * and their names from the search index. Purpose, host, floors and times stay for statistics.
 */
export function purgeVisits(db: Db, ids: number[], now: number): void {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  db.sqlite
    .prepare(
      `UPDATE visits SET visitor_name = '', visitor_name_folded = '', visitor_phone = NULL, visitor_company = NULL,
         doc_number_hash = NULL, doc_number_hint = NULL, doc_number_sealed = NULL, doc_data_sealed = NULL,
         photo_sealed = NULL, signature_sealed = NULL, note = NULL, purged_at = ?, updated_at = ?
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .run(now, now, list);
  db.sqlite.prepare('DELETE FROM visits_fts WHERE rowid IN (SELECT value FROM json_each(?))').run(list);
}

/** Both steps for everything due (tests and small sites). */
export function purgeVisitorData(db: Db, before: number, now: number): number[] {
  const ids = purgeCandidates(db, before, Number.MAX_SAFE_INTEGER).map((c) => c.id);
  purgeVisits(db, ids, now);
  return ids;
}
