import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection.js';
import { insertCompany } from '../../db/companies.js';
import { deletePerson, insertPerson, searchPeople, updatePerson, type PersonFields } from '../../db/people.js';
import { insertUnit } from '../../db/units.js';
import { queryPlan, tempDb } from '../support/db.js';

let db: Db;
let dispose: () => void;
beforeEach(() => {
  ({ db, dispose } = tempDb());
});
afterEach(() => dispose());

const person = (fullName: string, extra: Partial<PersonFields> = {}): PersonFields => ({
  kind: 'resident',
  fullName,
  phone: null,
  email: null,
  companyId: null,
  department: null,
  note: null,
  units: [],
  ...extra,
});
const names = (q: string) => searchPeople(db, { q, limit: 50, offset: 0 }).rows.map((p) => p.fullName);

describe('people search', () => {
  beforeEach(() => {
    const unit = insertUnit(db, { code: 'A-12.05', kind: 'apartment', building: 'A', floor: 12, areaM2: 80, freeCardQuota: 2, note: null }, 1);
    const company = insertCompany(db, { name: 'Công ty Đông Á', taxCode: null, unitId: null, phone: null, email: null, note: null }, 1);
    insertPerson(db, person('Nguyễn Văn An', { units: [{ unitId: unit.id, relation: 'owner' }] }), 1);
    insertPerson(db, person('Đặng Thị Đào'), 1);
    insertPerson(db, person('王小明', { kind: 'staff', companyId: company.id }), 1);
    insertPerson(db, person('Nguyễn Thị Ánh'), 1);
  });

  it('finds Vietnamese names with or without diacritics, đ and d alike', () => {
    expect(names('Nguyen Van An')).toEqual(['Nguyễn Văn An']);
    expect(names('nguyễn văn an')).toEqual(['Nguyễn Văn An']);
    expect(names('dang thi dao')).toEqual(['Đặng Thị Đào']);
    expect(names('Đào')).toEqual(['Đặng Thị Đào']);
    expect(names('nguyen').sort()).toEqual(['Nguyễn Thị Ánh', 'Nguyễn Văn An']);
  });

  it('matches prefixes while typing', () => {
    expect(names('nguy va')).toEqual(['Nguyễn Văn An']);
  });

  it('finds Chinese names by full name, given name or surname', () => {
    expect(names('王小明')).toEqual(['王小明']);
    expect(names('小明')).toEqual(['王小明']);
    expect(names('王')).toEqual(['王小明']);
    expect(names('明小')).toEqual([]);
  });

  it('finds people by unit code and company name', () => {
    expect(names('A-12.05')).toEqual(['Nguyễn Văn An']);
    expect(names('dong a')).toEqual(['王小明']);
  });

  it('keeps the index in step with updates and deletes', () => {
    const id = searchPeople(db, { q: 'Đào', limit: 5, offset: 0 }).rows[0]!.id;
    updatePerson(db, id, person('Lê Thị Đào Hoa'), 2);
    expect(names('dang')).toEqual([]);
    expect(names('le thi dao')).toEqual(['Lê Thị Đào Hoa']);
    deletePerson(db, id);
    expect(names('le thi dao')).toEqual([]);
  });

  it('filters by kind and counts the total', () => {
    const result = searchPeople(db, { q: 'nguyen', kind: 'resident', limit: 1, offset: 0 });
    expect(result.total).toBe(2);
    expect(result.rows).toHaveLength(1);
  });
});

describe('hot lookups use their indexes', () => {
  it('people search goes through the FTS index', () => {
    expect(queryPlan(db, "SELECT people.id FROM people JOIN people_fts ON people_fts.rowid = people.id WHERE people_fts MATCH ?", '"an"*')).toMatch(/VIRTUAL TABLE INDEX/);
  });
  it('unit by code, session by token, user by name, station by token, audit by entity', () => {
    expect(queryPlan(db, 'SELECT * FROM units WHERE code = ?', 'A')).toMatch(/USING INDEX sqlite_autoindex_units_1/);
    expect(queryPlan(db, 'SELECT * FROM sessions WHERE token_hash = ?', 'x')).toMatch(/USING PRIMARY KEY/);
    expect(queryPlan(db, 'SELECT * FROM users WHERE username = ?', 'x')).toMatch(/USING INDEX sqlite_autoindex_users_1/);
    expect(queryPlan(db, 'SELECT * FROM stations WHERE token_hash = ? AND revoked_at IS NULL', 'x')).toMatch(/USING INDEX sqlite_autoindex_stations_1/);
    expect(queryPlan(db, 'SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY at DESC', 'unit', '1')).toMatch(/USING INDEX audit_entity/);
    expect(queryPlan(db, 'SELECT * FROM unit_people WHERE person_id = ?', 1)).toMatch(/USING (COVERING )?INDEX unit_people_person/);
    expect(queryPlan(db, 'SELECT * FROM cards WHERE uid = ?', 'AABBCCDD')).toMatch(/USING INDEX sqlite_autoindex_cards_1/);
  });
});
