import { sql } from 'kysely';
import { all, first, run, type Db } from './connection.js';

export type UnitKind = 'apartment' | 'office' | 'shop';

export interface UnitFields {
  code: string;
  kind: UnitKind;
  building: string | null;
  floor: number;
  areaM2: number | null;
  freeCardQuota: number;
  note: string | null;
}

export interface UnitRecord extends UnitFields {
  id: number;
  peopleCount: number;
  createdAt: number;
  updatedAt: number;
}

const peopleCount = sql<number>`(SELECT count(*) FROM unit_people up WHERE up.unit_id = units.id)`.as('people_count');

function unitQuery(db: Db) {
  return db.k.selectFrom('units').selectAll('units').select(peopleCount);
}

type UnitRow = ReturnType<typeof unitQuery> extends { execute(): Promise<(infer R)[]> } ? R : never;

function toRecord(r: UnitRow): UnitRecord {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind as UnitKind,
    building: r.building,
    floor: r.floor,
    areaM2: r.area_m2,
    freeCardQuota: r.free_card_quota,
    note: r.note,
    peopleCount: r.people_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const columns = (u: UnitFields) => ({
  code: u.code,
  kind: u.kind,
  building: u.building,
  floor: u.floor,
  area_m2: u.areaM2,
  free_card_quota: u.freeCardQuota,
  note: u.note,
});

export function insertUnit(db: Db, unit: UnitFields, now: number): UnitRecord {
  const { lastInsertRowid } = run(db, db.k.insertInto('units').values({ ...columns(unit), created_at: now, updated_at: now }));
  return getUnit(db, Number(lastInsertRowid)) as UnitRecord;
}

export function updateUnit(db: Db, id: number, unit: UnitFields, now: number): UnitRecord | undefined {
  const { changes } = run(db, db.k.updateTable('units').set({ ...columns(unit), updated_at: now }).where('id', '=', id));
  return changes ? getUnit(db, id) : undefined;
}

export function deleteUnit(db: Db, id: number): boolean {
  return run(db, db.k.deleteFrom('units').where('id', '=', id)).changes > 0;
}

export function getUnit(db: Db, id: number): UnitRecord | undefined {
  const row = first(db, unitQuery(db).where('units.id', '=', id));
  return row && toRecord(row);
}

export function getUnitByCode(db: Db, code: string): UnitRecord | undefined {
  const row = first(db, unitQuery(db).where('units.code', '=', code));
  return row && toRecord(row);
}

export function unitIdsByCode(db: Db): Map<string, number> {
  return new Map(all(db, db.k.selectFrom('units').select(['id', 'code'])).map((r) => [r.code, r.id]));
}

export interface UnitFilter {
  q?: string | undefined;
  kind?: UnitKind | undefined;
  floor?: number | undefined;
  limit: number;
  offset: number;
}

export function listUnits(db: Db, filter: UnitFilter): { rows: UnitRecord[]; total: number } {
  let q = db.k.selectFrom('units');
  if (filter.q) {
    const pattern = `%${filter.q.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([sql<boolean>`code LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`upper(building) LIKE ${pattern} ESCAPE '\\'`]));
  }
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.floor !== undefined) q = q.where('floor', '=', filter.floor);
  const total = first(db, q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = all(db, q.selectAll('units').select(peopleCount).orderBy('floor').orderBy('code').limit(filter.limit).offset(filter.offset));
  return { total, rows: rows.map(toRecord) };
}
