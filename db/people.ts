import { sql } from 'kysely';
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

function unitLinks(db: Db, personIds: number[]): Map<number, PersonRecord['units']> {
  const links = new Map<number, PersonRecord['units']>();
  if (personIds.length === 0) return links;
  const rows = all(
    db,
    db.k
      .selectFrom('unit_people')
      .innerJoin('units', 'units.id', 'unit_people.unit_id')
      .select(['unit_people.person_id', 'unit_people.unit_id', 'unit_people.relation', 'units.code', 'units.floor'])
      .where('unit_people.person_id', 'in', personIds)
      .orderBy('units.code'),
  );
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

/** Rewrites the person's search row: name, unit codes and company name, folded. */
function indexPerson(db: Db, id: number): void {
  const row = first(db, personQuery(db).where('people.id', '=', id));
  run(db, db.k.deleteFrom('people_fts').where('rowid', '=', id));
  if (!row) return;
  const units = unitLinks(db, [id]).get(id) ?? [];
  const text = [row.full_name, ...units.map((u) => u.unitCode), row.company_name ?? ''].map(foldText).join(' ');
  run(db, db.k.insertInto('people_fts').values({ rowid: id, search_text: text }));
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
  kind?: PersonKind | undefined;
  unitId?: number | undefined;
  companyId?: number | undefined;
  limit: number;
  offset: number;
}

export function searchPeople(db: Db, filter: PeopleFilter): { rows: PersonRecord[]; total: number } {
  const match = filter.q ? ftsQuery(filter.q) : null;
  let q = personQuery(db);
  if (filter.q && !match) return { rows: [], total: 0 };
  if (match) q = q.innerJoin('people_fts', 'people_fts.rowid', 'people.id').where(sql<boolean>`people_fts MATCH ${match}`);
  if (filter.kind) q = q.where('people.kind', '=', filter.kind);
  if (filter.companyId !== undefined) q = q.where('people.company_id', '=', filter.companyId);
  if (filter.unitId !== undefined) {
    const unitId = filter.unitId;
    q = q.where('people.id', 'in', (eb) => eb.selectFrom('unit_people').select('person_id').where('unit_id', '=', unitId));
  }
  const total = first(db, q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const ordered = match ? q.orderBy(sql`people_fts.rank`) : q.orderBy('people.name_folded');
  const rows = all(db, ordered.orderBy('people.id').limit(filter.limit).offset(filter.offset));
  return { total, rows: toRecords(db, rows) };
}
