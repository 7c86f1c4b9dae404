import { all, first, run, type Db } from './connection.js';
import { foldText, ftsQuery } from './text.js';

export type PersonKind = 'resident' | 'tenant' | 'staff' | 'visitor' | 'contractor';
export type UnitRelation = 'owner' | 'resident' | 'tenant' | 'member';

export interface PersonFields {
  kind: PersonKind;
  fullName: string;
  phone: string | null;
  email: string | null;
  companyId: number | null;
  department: string | null;
  note: string | null;
  units: { unitId: number; relation: UnitRelation }[];
}

export interface PersonRecord extends Omit<PersonFields, 'units'> {
  id: number;
  companyName: string | null;
  units: { unitId: number; unitCode: string; floor: number; relation: UnitRelation }[];
  createdAt: number;
  updatedAt: number;
}

function personQuery(db: Db) {
  return db.k
    .selectFrom('people')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .selectAll('people')
    .select('companies.name as company_name');
}

type PersonRow = ReturnType<typeof personQuery> extends { execute(): Promise<(infer R)[]> } ? R : never;

/** The unit links of these people, by unit code (one statement whatever the number of ids: they go as a JSON array). */
function unitLinks(db: Db, personIds: number[]): Map<number, PersonRecord['units']> {
  const links = new Map<number, PersonRecord['units']>();
  if (personIds.length === 0) return links;
  const rows = db.sqlite
    .prepare(
      `SELECT l.person_id, l.unit_id, l.relation, u.code, u.floor FROM unit_people l JOIN units u ON u.id = l.unit_id
       WHERE l.person_id IN (SELECT value FROM json_each(?)) ORDER BY u.code`,
    )
    .all(JSON.stringify(personIds)) as { person_id: number; unit_id: number; relation: string; code: string; floor: number }[];
  for (const r of rows) {
    const list = links.get(r.person_id) ?? [];
    list.push({ unitId: r.unit_id, unitCode: r.code, floor: r.floor, relation: r.relation as UnitRelation });
    links.set(r.person_id, list);
  }
  return links;
}

function toRecords(db: Db, rows: PersonRow[]): PersonRecord[] {
  const links = unitLinks(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as PersonKind,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    companyId: r.company_id,
    companyName: r.company_name,
    department: r.department,
    note: r.note,
    units: links.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** A person's search row: the folded name in `name`, the folded unit codes and company name in `units_company`. */
export function personSearchRow(fullName: string, unitCodes: readonly string[], companyName: string | null): { name: string; units_company: string } {
  return { name: foldText(fullName), units_company: [...unitCodes, companyName ?? ''].map(foldText).filter(Boolean).join(' ') };
}

/** Rewrites the person's search row. */
function indexPerson(db: Db, id: number): void {
  const row = first(db, personQuery(db).where('people.id', '=', id));
  run(db, db.k.deleteFrom('people_fts').where('rowid', '=', id));
  if (!row) return;
  const units = unitLinks(db, [id]).get(id) ?? [];
  const text = personSearchRow(row.full_name, units.map((u) => u.unitCode), row.company_name);
  run(db, db.k.insertInto('people_fts').values({ rowid: id, ...text }));
}

/** Sets the person's unit links; a link that stays keeps its `since`. */
function writeLinks(db: Db, personId: number, links: PersonFields['units'], now: number): void {
  const keep = links.map((l) => l.unitId);
  let removal = db.k.deleteFrom('unit_people').where('person_id', '=', personId);
  if (keep.length > 0) removal = removal.where('unit_id', 'not in', keep);
  run(db, removal);
  for (const link of links) {
    run(
      db,
      db.k
        .insertInto('unit_people')
        .values({ unit_id: link.unitId, person_id: personId, relation: link.relation, since: now })
        .onConflict((oc) => oc.columns(['unit_id', 'person_id']).doUpdateSet({ relation: link.relation })),
    );
  }
}

/** After a unit or company is renamed, the search rows of its people carry the new code or name. */
export function reindexPeopleOf(db: Db, of: { unitId: number } | { companyId: number }): void {
  const ids =
    'unitId' in of
      ? all(db, db.k.selectFrom('unit_people').select('person_id as id').where('unit_id', '=', of.unitId))
      : all(db, db.k.selectFrom('people').select('id').where('company_id', '=', of.companyId));
  for (const { id } of ids) indexPerson(db, id);
}

const columns = (p: PersonFields) => ({
  kind: p.kind,
  full_name: p.fullName,
  name_folded: foldText(p.fullName),
  phone: p.phone,
  email: p.email,
  company_id: p.companyId,
  department: p.department,
  note: p.note,
});

/** Call inside a transaction: the person, the unit links and the search row change together. */
export function insertPerson(db: Db, person: PersonFields, now: number): PersonRecord {
  const id = Number(run(db, db.k.insertInto('people').values({ ...columns(person), created_at: now, updated_at: now })).lastInsertRowid);
  writeLinks(db, id, person.units, now);
  indexPerson(db, id);
  return getPerson(db, id) as PersonRecord;
}

export function updatePerson(db: Db, id: number, person: PersonFields, now: number): PersonRecord | undefined {
  const { changes } = run(db, db.k.updateTable('people').set({ ...columns(person), updated_at: now }).where('id', '=', id));
  if (!changes) return undefined;
  writeLinks(db, id, person.units, now);
  indexPerson(db, id);
  return getPerson(db, id);
}

export function deletePerson(db: Db, id: number): boolean {
  const deleted = run(db, db.k.deleteFrom('people').where('id', '=', id)).changes > 0;
  if (deleted) run(db, db.k.deleteFrom('people_fts').where('rowid', '=', id));
  return deleted;
}

export function getPerson(db: Db, id: number): PersonRecord | undefined {
  const row = first(db, personQuery(db).where('people.id', '=', id));
  return row && toRecords(db, [row])[0];
}

export interface PeopleFilter {
  q?: string | undefined;
  /** Match `q` against names only, not unit codes or company names (the kiosk: a unit code never reveals who lives there). */
  nameOnly?: boolean | undefined;
  kind?: PersonKind | undefined;
  /** Only people of these kinds. */
  kinds?: readonly PersonKind[] | undefined;
  unitId?: number | undefined;
  companyId?: number | undefined;
  limit: number;
  offset: number;
}

/**
 * A search counts its matches up to this many. Beyond, `capped` is set and the list holds this many of the matches (the
 * first by id), by name: the people screen says "500+" and a longer query narrows it. Counting or ordering every match
 * of a short prefix ("ng": a fifth of the directory) would read every matching person, tens of ms over 100,000 people.
 */
export const SEARCH_CAP = 500;

export interface PeoplePage {
  rows: PersonRecord[];
  /** Matches, at most SEARCH_CAP for a search. */
  total: number;
  /** More than `total` people match the search. */
  capped: boolean;
}

/** The filter's kind, company and unit conditions on `people`, and their arguments. */
function filterWhere(filter: PeopleFilter): { where: string[]; args: unknown[] } {
  const conditions: [string, unknown][] = [];
  if (filter.kind) conditions.push(['people.kind = ?', filter.kind]);
  if (filter.kinds) conditions.push(['people.kind IN (SELECT value FROM json_each(?))', JSON.stringify(filter.kinds)]);
  if (filter.companyId !== undefined) conditions.push(['people.company_id = ?', filter.companyId]);
  if (filter.unitId !== undefined) conditions.push(['people.id IN (SELECT person_id FROM unit_people WHERE unit_id = ?)', filter.unitId]);
  return { where: conditions.map(([c]) => c), args: conditions.map(([, v]) => v) };
}

/** people.* and the company's name, as personQuery selects them. */
const PERSON_ROW = 'SELECT people.*, companies.name AS company_name FROM people LEFT JOIN companies ON companies.id = people.company_id';

const byName = (a: { id: number; name_folded: string }, b: { id: number; name_folded: string }) =>
  a.name_folded < b.name_folded ? -1 : a.name_folded > b.name_folded ? 1 : a.id - b.id;

/**
 * The directory by folded name, filtered; with `q`, the people whose name, unit code or company name match every word
 * of it as a prefix (diacritics ignored), counted up to SEARCH_CAP. One full-text MATCH per search and no ranking: the
 * index drives (CROSS JOIN keeps SQLite from probing it once per person) and stops after SEARCH_CAP + 1 matches, which
 * are put in name order here. Plain SQL: this runs on every keystroke.
 */
export function searchPeople(db: Db, filter: PeopleFilter): PeoplePage {
  const { where, args } = filterWhere(filter);
  if (!filter.q) {
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (db.sqlite.prepare(`SELECT count(*) AS n FROM people ${clause}`).get(...args) as { n: number }).n;
    const rows = db.sqlite.prepare(`${PERSON_ROW} ${clause} ORDER BY people.name_folded, people.id LIMIT ? OFFSET ?`).all(...args, filter.limit, filter.offset) as PersonRow[];
    return { rows: toRecords(db, rows), total, capped: false };
  }
  const match = ftsQuery(filter.q);
  if (!match) return { rows: [], total: 0, capped: false };
  const hits = db.sqlite
    .prepare(
      `SELECT people.id, people.name_folded FROM people_fts CROSS JOIN people ON people.id = people_fts.rowid
       WHERE ${[`${filter.nameOnly ? 'people_fts.name' : 'people_fts'} MATCH ?`, ...where].join(' AND ')} LIMIT ${SEARCH_CAP + 1}`,
    )
    .all(match, ...args) as { id: number; name_folded: string }[];
  const capped = hits.length > SEARCH_CAP;
  const ordered = hits.slice(0, SEARCH_CAP).sort(byName);
  const ids = ordered.slice(filter.offset, filter.offset + filter.limit).map((h) => h.id);
  if (ids.length === 0) return { rows: [], total: ordered.length, capped };
  const position = new Map(ids.map((id, i) => [id, i]));
  const rows = (db.sqlite.prepare(`${PERSON_ROW} WHERE people.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as PersonRow[]).sort(
    (a, b) => position.get(a.id)! - position.get(b.id)!,
  );
  return { rows: toRecords(db, rows), total: ordered.length, capped };
}
