/** db/visits.ts over a real SQLite file: migration 003, the name index, the log's index use and the purge. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { migrate, migrations } from '../../db/migrate.js';
import { searchPeople } from '../../db/people.js';
import { findOpenDuplicate, insertVisit, listVisits, purgeVisitorData, getVisit, OPEN_DUPLICATE_BY_NAME_SQL, type VisitFields } from '../../db/visits.js';
import { queryPlan, tempDb } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const fresh = () => {
  const t = tempDb();
  cleanups.push(t.dispose);
  migrate(t.db);
  return t.db;
};

const NOW = Date.parse('2026-11-23T03:00:00Z');
const fields = (over: Partial<VisitFields> = {}): VisitFields => ({
  status: 'checked_in', channel: 'desk', visitorName: 'Nguyễn Thị Hòa', visitorPhone: '+84 903 111 222', visitorCompany: null,
  docType: 'cccd', docSource: 'manual', docNumberHash: 'h'.repeat(64), docNumberHint: '2345', docNumberSealed: Buffer.from([1, 2]), docDataSealed: null,
  docChecks: [], photoSealed: Buffer.from([3]), signatureSealed: null, rulesAcceptedAt: null, hostPersonId: null, hostUnitId: null, hostCompanyId: null,
  hostLabel: 'A-1203', purpose: 'service', destinationFloors: [12], expectedStart: NOW, expectedEnd: NOW + 3_600_000, checkedInAt: NOW,
  hostContactedAt: null, admittedAt: null, checkoutRequestedAt: null, checkedOutAt: null, cardId: null, cardReturnedAt: null, custodySlot: null,
  custodyTakenAt: null, custodyReturnedAt: null, watchlistEntryId: null, overrideBy: null, overrideReason: null, overrideAt: null, stationId: null,
  createdBy: null, externalRef: null, note: null, ...over,
});

describe('visits table', () => {
  it('migration 003 replaces the placeholder tables of 001 and keeps custody consistent', () => {
    const db = fresh();
    expect(migrations.map((m) => m.version).slice(0, 3)).toEqual([1, 2, 3]);
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toContain('visits_fts');
    expect(tables).not.toContain('id_documents');
    expect(() => insertVisit(db, 'V0000000001', fields({ custodyReturnedAt: NOW, custodyTakenAt: null }), NOW)).toThrow(/CHECK/);
    expect(() => insertVisit(db, 'V0000000002', fields({ status: 'gone' }), NOW)).toThrow(/CHECK/);
  });

  it('migration 003 keeps the people search index of an existing database (rebuilt with prefix indexes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontgate-db-'));
    const t = { db: openDatabase(join(dir, 'v2.db')) };
    cleanups.push(() => {
      closeDatabase(t.db);
      rmSync(dir, { recursive: true, force: true });
    });
    migrate(t.db, migrations.filter((m) => m.version <= 2));
    t.db.sqlite.prepare("INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (7, 'resident', 'Nguyễn Văn Đức', 'nguyen van duc', 0, 0)").run();
    t.db.sqlite.prepare("INSERT INTO people_fts (rowid, search_text) VALUES (7, 'nguyen van duc a 1203')").run();
    migrate(t.db);
    expect(searchPeople(t.db, { q: 'Đức', limit: 5, offset: 0 }).rows.map((p) => p.id)).toEqual([7]);
    expect(searchPeople(t.db, { q: 'a-12', limit: 5, offset: 0 }).rows.map((p) => p.id)).toEqual([7]);
    expect(String((t.db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'people_fts'").get() as { sql: string }).sql)).toContain("prefix = '2 3'");
  });

  it('finds names with or without diacritics and serves the log by host and date from an index', () => {
    const db = fresh();
    const id = insertVisit(db, 'V0000000003', fields(), NOW);
    insertVisit(db, 'V0000000004', fields({ visitorName: '王小明', checkedInAt: NOW - 86_400_000 }), NOW);
    expect(listVisits(db, { q: 'nguyen thi hoa', limit: 10, offset: 0 }).rows.map((r) => r.id)).toEqual([id]);
    expect(listVisits(db, { q: '小明', limit: 10, offset: 0 }).total).toBe(1);
    expect(listVisits(db, { from: NOW - 1000, to: NOW + 1000, limit: 10, offset: 0 }).rows.map((r) => r.id)).toEqual([id]);
    expect(queryPlan(db, 'SELECT id FROM visits v WHERE v.host_person_id = ? AND v.started_at >= ? AND v.started_at < ? ORDER BY v.started_at DESC', 1, 0, 1)).toMatch(
      /USING INDEX visits_host_person_started/,
    );
    expect(queryPlan(db, 'SELECT id FROM visits v WHERE v.started_at >= ? AND v.started_at < ?', 0, 1)).toMatch(/USING INDEX visits_started/);
  });

  it('finds an open duplicate from the open visits alone, however long the log (migration 006)', () => {
    const db = fresh();
    // A resident's visitors: no host company, one host; the log holds many closed visits of the same visitor.
    const closed = { status: 'checked_out', checkedOutAt: NOW - 1000, docNumberHash: null, hostPersonId: null, hostUnitId: null, hostCompanyId: null };
    db.sqlite.transaction(() => {
      for (let i = 0; i < 300; i++) insertVisit(db, `V${String(i).padStart(10, '0')}`, fields({ ...closed, checkedInAt: NOW - 86_400_000 + i }), NOW);
    })();
    const match = { docNumberHash: null, visitorName: 'NGUYEN THI HOA', hostPersonId: null, hostUnitId: null, hostCompanyId: null };
    expect(findOpenDuplicate(db, match)).toBeUndefined();
    const open = insertVisit(db, 'V9999999999', fields({ docNumberHash: null }), NOW);
    expect(findOpenDuplicate(db, match)?.id).toBe(open);
    expect(findOpenDuplicate(db, match, open)).toBeUndefined();
    expect(findOpenDuplicate(db, { ...match, hostCompanyId: 4 })).toBeUndefined();
    // ANALYZE as `PRAGMA optimize` would: the plan must not depend on the statistics of the day.
    for (const analyzed of [false, true]) {
      if (analyzed) db.sqlite.exec('ANALYZE');
      expect(queryPlan(db, OPEN_DUPLICATE_BY_NAME_SQL, 'nguyen thi hoa', null, null, null, null)).toMatch(/SEARCH v USING INDEX visits_open_visitor/);
    }
  });

  it('searches a log where a name matches thousands of visits exactly as where it matches a few: same rows, order and totals', () => {
    const db = fresh();
    // 2,400 visits of "Nguyễn …" (more than the few-matches threshold of 2,000) and 300 of "Trần …", over 90 days,
    // three hosts, two statuses; arrival times are shuffled against the ids (the log sorts by arrival, not by id).
    db.sqlite.prepare('INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (1, ?, ?, ?, 0, 0), (2, ?, ?, ?, 0, 0), (3, ?, ?, ?, 0, 0)').run('resident', 'A', 'a', 'resident', 'B', 'b', 'resident', 'C', 'c');
    const made: { id: number; name: string; at: number; host: number; status: string }[] = [];
    db.sqlite.transaction(() => {
      for (let i = 0; i < 2700; i++) {
        const name = i < 2400 ? `Nguyễn Văn ${['An', 'Bình', 'Cường'][i % 3]}` : `Trần Thị ${['Hoa', 'Lan'][i % 2]}`;
        const at = NOW - ((i * 7919) % 90) * 86_400_000 - (i % 13) * 60_000;
        const host = (i % 3) + 1;
        const status = i % 5 === 0 ? 'checked_in' : 'checked_out';
        const id = insertVisit(db, `V${String(i).padStart(10, '0')}`, fields({ visitorName: name, checkedInAt: at, hostPersonId: host, hostLabel: `P${host}`, status, docNumberHash: null }), NOW);
        made.push({ id, name, at, host, status });
      }
    })();
    const newestFirst = (a: { at: number; id: number }, b: { at: number; id: number }) => b.at - a.at || b.id - a.id;
    const cases: { filter: Partial<Parameters<typeof listVisits>[1]>; keep: (v: (typeof made)[number]) => boolean }[] = [
      { filter: { q: 'nguyen' }, keep: (v) => v.name.startsWith('Nguyễn') },
      { filter: { q: 'nguyen van b' }, keep: (v) => v.name === 'Nguyễn Văn Bình' },
      { filter: { q: 'tran' }, keep: (v) => v.name.startsWith('Trần') },
      { filter: { q: 'nguyen', hostPersonId: 2 }, keep: (v) => v.name.startsWith('Nguyễn') && v.host === 2 },
      { filter: { q: 'nguyen', status: 'checked_in' }, keep: (v) => v.name.startsWith('Nguyễn') && v.status === 'checked_in' },
      { filter: { q: 'nguyen', from: NOW - 10 * 86_400_000, to: NOW - 5 * 86_400_000 }, keep: (v) => v.name.startsWith('Nguyễn') && v.at >= NOW - 10 * 86_400_000 && v.at < NOW - 5 * 86_400_000 },
    ];
    for (const { filter, keep } of cases) {
      const expected = made.filter(keep).sort(newestFirst);
      for (const offset of [0, 50, expected.length - 10]) {
        const page = listVisits(db, { limit: 50, offset, ...filter });
        expect({ filter, offset, total: page.total, ids: page.rows.map((r) => r.id) }).toEqual({ filter, offset, total: expected.length, ids: expected.slice(offset, offset + 50).map((v) => v.id) });
      }
    }
    // Many matches: the page comes from the date index, checked against the matches, with no sort of them all.
    expect(queryPlan(db, 'SELECT v.id FROM visits v WHERE +v.id IN (SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?) ORDER BY v.started_at DESC, v.id DESC LIMIT 50', '"nguyen"*')).toMatch(
      /SCAN v USING INDEX visits_started(?![\s\S]*TEMP B-TREE)/,
    );
  });

  it('purges personal data of closed visits only, and forgets the name in the search index', () => {
    const db = fresh();
    const closed = insertVisit(db, 'V0000000005', fields({ status: 'checked_out', checkedOutAt: NOW }), NOW);
    const open = insertVisit(db, 'V0000000006', fields(), NOW);
    expect(purgeVisitorData(db, NOW + 1, NOW + 2)).toEqual([closed]);
    expect(getVisit(db, closed)).toMatchObject({ visitorName: '', visitorPhone: null, docNumberHash: null, docNumberSealed: null, photoSealed: null, purpose: 'service', destinationFloors: [12], purgedAt: NOW + 2 });
    expect(getVisit(db, open)?.photoSealed).not.toBeNull();
    expect(listVisits(db, { q: 'hoa', limit: 10, offset: 0 }).rows.map((r) => r.id)).toEqual([open]);
    expect(purgeVisitorData(db, NOW + 1, NOW + 3)).toEqual([]);
    expect(queryPlan(db, "SELECT id FROM visits INDEXED BY visits_purge WHERE purged_at IS NULL AND checked_out_at < ? AND status IN ('checked_out','cancelled') ORDER BY checked_out_at LIMIT 10", NOW)).toMatch(/USING INDEX visits_purge/);
  });
});
