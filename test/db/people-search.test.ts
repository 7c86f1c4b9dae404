/** People search as the screens and the kiosk use it: name order, the capped count, names only, migration 005. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCompany } from '../../db/companies.js';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrate, migrations } from '../../db/migrate.js';
import { SEARCH_CAP, insertPerson, searchPeople, type PersonFields, type PersonKind } from '../../db/people.js';
import { insertUnit } from '../../db/units.js';
import { searchKioskHosts } from '../../gateway/services/visit-hosts.js';
import { queryPlan, tempDb } from '../support/db.js';

let db: Db;
let dispose: () => void;
beforeEach(() => {
  ({ db, dispose } = tempDb());
});
afterEach(() => dispose());

const person = (fullName: string, kind: PersonKind = 'resident', extra: Partial<PersonFields> = {}): PersonFields => ({
  kind,
  fullName,
  phone: null,
  email: null,
  companyId: null,
  department: null,
  note: null,
  units: [],
  ...extra,
});
const add = (...people: PersonFields[]) => db.sqlite.transaction(() => people.map((p) => insertPerson(db, p, 1).id))();
const names = (q: string, more: { offset?: number; limit?: number; nameOnly?: boolean } = {}) =>
  searchPeople(db, { q, limit: more.limit ?? 50, offset: more.offset ?? 0, nameOnly: more.nameOnly }).rows.map((p) => p.fullName);

describe('people search order and count', () => {
  it('lists matches by folded name, not by relevance, and pages through them in that order', () => {
    // bm25 would put the two-word names first (shorter rows rank higher).
    add(person('Vũ An'), person('An Văn Bình'), person('Đặng An'), person('Lê Bảo'));
    expect(names('an')).toEqual(['An Văn Bình', 'Đặng An', 'Vũ An']);
    expect(names('an', { offset: 1, limit: 1 })).toEqual(['Đặng An']);
    expect(names('an', { offset: 3 })).toEqual([]);
    expect(searchPeople(db, { q: 'an', limit: 1, offset: 3 })).toMatchObject({ total: 3, capped: false });
  });

  it(`counts up to ${SEARCH_CAP} and says when more match`, () => {
    add(...Array.from({ length: SEARCH_CAP }, (_, i) => person(`Ngô Văn ${String(SEARCH_CAP - i).padStart(3, '0')}`)));
    const exactly = searchPeople(db, { q: 'ngo', limit: 50, offset: 0 });
    expect(exactly).toMatchObject({ total: SEARCH_CAP, capped: false });
    expect(exactly.rows.map((p) => p.fullName).slice(0, 2)).toEqual(['Ngô Văn 001', 'Ngô Văn 002']);

    add(person('Ngô Văn 999'), person('Ngô Thị Lan', 'staff'));
    const over = searchPeople(db, { q: 'ngo', limit: 50, offset: 450 });
    expect(over).toMatchObject({ total: SEARCH_CAP, capped: true });
    expect(over.rows).toHaveLength(50);
    // Filters apply before the cap: one staff member matches.
    expect(searchPeople(db, { q: 'ngo', kind: 'staff', limit: 50, offset: 0 })).toMatchObject({ total: 1, capped: false });
    // A listing without a search counts everything.
    expect(searchPeople(db, { limit: 1, offset: 0 })).toMatchObject({ total: SEARCH_CAP + 2, capped: false });
  });

  it('is driven by the full-text index and runs one MATCH per search', () => {
    add(person('Nguyễn Văn An'));
    const statements: string[] = [];
    const prepare = db.sqlite.prepare.bind(db.sqlite);
    db.sqlite.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.sqlite.prepare;
    expect(searchPeople(db, { q: 'nguyen van', kind: 'resident', limit: 50, offset: 0 }).total).toBe(1);
    db.sqlite.prepare = prepare;
    const matches = statements.filter((s) => /MATCH/i.test(s));
    expect(matches).toHaveLength(1);
    expect(matches[0]).not.toMatch(/rank/);
    expect(queryPlan(db, matches[0]!, '"nguyen"* AND "van"*', 'resident')).toMatch(/^SCAN people_fts VIRTUAL TABLE INDEX/);
  });
});

describe('searching names only', () => {
  it('matches the name column, not unit codes or company names; filters kinds in the query', () => {
    const unit = insertUnit(db, { code: 'A-1203', kind: 'apartment', building: 'A', floor: 12, areaM2: null, freeCardQuota: 2, note: null }, 1);
    const company = insertCompany(db, { name: 'Công ty Hòa Bình', taxCode: null, unitId: null, phone: null, email: null, note: null }, 1);
    add(person('Trần Văn Tú', 'resident', { units: [{ unitId: unit.id, relation: 'owner' }] }), person('Lý Thị Mai', 'staff', { companyId: company.id }));
    expect(names('a-1203')).toEqual(['Trần Văn Tú']);
    expect(names('a-1203', { nameOnly: true })).toEqual([]);
    expect(names('hoa binh')).toEqual(['Lý Thị Mai']);
    expect(names('hoa binh', { nameOnly: true })).toEqual([]);
    expect(names('ly mai', { nameOnly: true })).toEqual(['Lý Thị Mai']);
  });

  it('the kiosk finds a host even when many people who are not hosts match first', () => {
    // Visitors and contractors are not hosts; 25 of them, added first, match "hòa" and sort before the resident.
    add(...Array.from({ length: 25 }, (_, i) => person(`Hòa Khách ${i}`, i % 2 ? 'visitor' : 'contractor')));
    const [resident] = add(person('Hòa Xuân Cư'));
    expect(searchKioskHosts({ db }, 'hoa').map((h) => [h.kind, h.id])).toEqual([['person', resident]]);
  });
});

describe('migration 005', () => {
  it('splits the old search text into the name and the unit codes and company name, keeping every row findable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontgate-db-'));
    const old = openDatabase(join(dir, 'v4.db'));
    try {
      migrate(old, migrations.filter((m) => m.version <= 4));
      const insert = old.sqlite.prepare("INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (?, 'resident', ?, ?, 0, 0)");
      const fts = old.sqlite.prepare('INSERT INTO people_fts (rowid, search_text) VALUES (?, ?)');
      insert.run(1, 'Nguyễn Văn Đức', 'nguyen van duc');
      fts.run(1, 'nguyen van duc a 1203 cong ty sao mai');
      insert.run(2, 'Lê Thị Hoa', 'le thi hoa');
      fts.run(2, 'le thi hoa');
      insert.run(3, 'Phạm Minh', 'pham minh');
      fts.run(3, 'something else entirely');
      fts.run(4, 'orphan row');
      migrate(old);
      expect(old.sqlite.prepare('SELECT rowid AS id, name, units_company FROM people_fts ORDER BY rowid').all()).toEqual([
        { id: 1, name: 'nguyen van duc', units_company: 'a 1203 cong ty sao mai' },
        { id: 2, name: 'le thi hoa', units_company: '' },
        { id: 3, name: 'something else entirely', units_company: '' },
      ]);
      const find = (q: string, nameOnly = false) => searchPeople(old, { q, nameOnly, limit: 10, offset: 0 }).rows.map((p) => p.id);
      expect(find('a-1203')).toEqual([1]);
      expect(find('sao mai', true)).toEqual([]);
      expect(find('Đức', true)).toEqual([1]);
      expect(String((old.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'people_fts'").get() as { sql: string }).sql)).toContain("prefix = '2 3'");
    } finally {
      closeDatabase(old);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
