import { all, first, run, type Db } from './connection.js';
import { foldText } from './text.js';

export interface CompanyFields {
  name: string;
  taxCode: string | null;
  unitId: number | null;
  phone: string | null;
  email: string | null;
  note: string | null;
}

export interface CompanyRecord extends CompanyFields {
  id: number;
  unitCode: string | null;
  createdAt: number;
  updatedAt: number;
}

function companyQuery(db: Db) {
  return db.k
    .selectFrom('companies')
    .leftJoin('units', 'units.id', 'companies.unit_id')
    .selectAll('companies')
    .select('units.code as unit_code');
}

type CompanyRow = ReturnType<typeof companyQuery> extends { execute(): Promise<(infer R)[]> } ? R : never;

const toRecord = (r: CompanyRow): CompanyRecord => ({
  id: r.id,
  name: r.name,
  taxCode: r.tax_code,
  unitId: r.unit_id,
  unitCode: r.unit_code,
  phone: r.phone,
  email: r.email,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const columns = (c: CompanyFields) => ({
  name: c.name,
  name_folded: foldText(c.name),
  tax_code: c.taxCode,
  unit_id: c.unitId,
  phone: c.phone,
  email: c.email,
  note: c.note,
});

export function insertCompany(db: Db, company: CompanyFields, now: number): CompanyRecord {
  const { lastInsertRowid } = run(db, db.k.insertInto('companies').values({ ...columns(company), created_at: now, updated_at: now }));
  return getCompany(db, Number(lastInsertRowid)) as CompanyRecord;
}

export function updateCompany(db: Db, id: number, company: CompanyFields, now: number): CompanyRecord | undefined {
  const { changes } = run(db, db.k.updateTable('companies').set({ ...columns(company), updated_at: now }).where('id', '=', id));
  return changes ? getCompany(db, id) : undefined;
}

export function deleteCompany(db: Db, id: number): boolean {
  return run(db, db.k.deleteFrom('companies').where('id', '=', id)).changes > 0;
}

export function getCompany(db: Db, id: number): CompanyRecord | undefined {
  const row = first(db, companyQuery(db).where('companies.id', '=', id));
  return row && toRecord(row);
}

/** Folded name → id, for imports that name a company. */
export function companyIdsByFoldedName(db: Db): Map<string, number> {
  return new Map(all(db, db.k.selectFrom('companies').select(['id', 'name_folded'])).map((r) => [r.name_folded, r.id]));
}

export function listCompanies(db: Db, filter: { q?: string | undefined; limit: number; offset: number }) {
  let q = companyQuery(db);
  const folded = filter.q ? foldText(filter.q) : '';
  if (folded) q = q.where('companies.name_folded', 'like', `%${folded}%`);
  const total = first(db, q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  return { total, rows: all(db, q.orderBy('companies.name').limit(filter.limit).offset(filter.offset)).map(toRecord) };
}

export function companyHasPeople(db: Db, id: number): boolean {
  return first(db, db.k.selectFrom('people').select('id').where('company_id', '=', id).limit(1)) !== undefined;
}
