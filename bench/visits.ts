/**
 * Visitors: the check-in write path over the API (full transaction: visit, search row, audit, outbox) against one
 * raw transaction inserting the same rows; people search over 100,000 people with and without diacritics; the
 * visit log by host and date over 1,000,000 visits (100,000 with --quick). Deterministic generated data.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Bench } from 'tinybench';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { personSearchRow, searchPeople } from '../db/people.js';
import { foldText } from '../db/text.js';
import { listVisits } from '../db/visits.js';
import { startGateway } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';
import { EventBus } from '../gateway/events.js';
import { createUser } from '../gateway/services/staff.js';
import { searchKioskHosts } from '../gateway/services/visit-hosts.js';
import type { Figure } from './report.js';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Hữu', 'Đức', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Gia'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hòa', 'Hùng', 'Khoa', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Việt', 'Xuân', 'Yến'];
/** The i-th generated Vietnamese name (deterministic). */
const nameOf = (i: number) => `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / 16) % MIDDLE.length]} ${GIVEN[Math.floor(i / 160) % GIVEN.length]} ${i}`;
/** The u-th generated unit code, A-0101 … D-3040 (deterministic). */
const unitCodeOf = (u: number) => `${'ABCD'[u % 4]}-${String(1 + (Math.floor(u / 4) % 30)).padStart(2, '0')}${String(1 + (Math.floor(u / 120) % 40)).padStart(2, '0')}`;

const tmpDb = (label: string): { db: Db; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), `frontgate-bench-${label}-`));
  const db = openDatabase(join(dir, 'frontgate.db'));
  migrate(db);
  db.sqlite.prepare("INSERT INTO site (id, code, name, timezone, default_locale, created_at, updated_at) VALUES (1, 'BENCH', 'Bench', 'Asia/Ho_Chi_Minh', 'vi', 0, 0)").run();
  return { db, dir };
};

type Latency = { p50: number; p99: number; mean: number };
const latencyOf = (bench: Bench, name: string) => (bench.tasks.find((t) => t.name === name)!.result as unknown as { latency: Latency }).latency;
/** p50, p95 and p99 of a task's retained samples (tinybench reports no p95). */
function percentiles(bench: Bench, name: string): { p50: number; p95: number; p99: number } {
  const samples = [...(latencyOf(bench, name) as Latency & { samples: number[] }).samples].sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The API check-in against one raw transaction writing the same four rows, both with synchronous=FULL. */
async function checkInFigures(quick: boolean): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-checkin-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, port: 0, logLevel: 'silent', simulateDevices: false, authRateLimitPerMinute: 10_000 } });
  const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
  const ctx = { db: gateway.db, clock: { now: () => Date.now() }, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null }, actor: { userId: null, username: 'bench', stationId: null, stationName: null } };
  await createUser(ctx, { username: 'le.tan', displayName: 'Lê Tân', role: 'receptionist', grants: [], password: 'correct-horse-1', locale: 'vi' });
  const unit = gateway.db.sqlite.prepare("INSERT INTO units (code, kind, floor, created_at, updated_at) VALUES ('A-1203', 'apartment', 12, 0, 0)").run().lastInsertRowid;
  const login = await fetch(`${gateway.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'le.tan', password: 'correct-horse-1' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let n = 0;
  const result = await autocannon({
    url: `${gateway.url}/api/visits`,
    connections: 1,
    amount: quick ? 300 : 2000,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ fullName: nameOf(n++), purpose: 'service', host: { unitId: Number(unit) }, document: { type: 'cccd', number: String(790_000_000_000 + n), source: 'manual' } }),
        }),
      },
    ],
  });
  await gateway.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`check-in bench: ${result.non2xx} non-2xx, ${result.errors} errors`);

  // Baseline: the same rows in one raw transaction of prepared statements.
  const { db, dir } = tmpDb('checkin-raw');
  const s = db.sqlite;
  const visit = s.prepare(
    "INSERT INTO visits (ref, status, channel, visitor_name, visitor_name_folded, host_label, purpose, doc_type, doc_number_hash, checked_in_at, expected_end, created_at, updated_at) VALUES (?, 'checked_in', 'desk', ?, ?, 'A-1203', 'service', 'cccd', ?, ?, ?, ?, ?)",
  );
  const fts = s.prepare('INSERT INTO visits_fts (rowid, search_text) VALUES (?, ?)');
  const audit = s.prepare("INSERT INTO audit_log (at, username, action, entity, entity_id, after) VALUES (?, 'bench', 'visit.checked_in', 'visit', ?, ?)");
  const outbox = s.prepare("INSERT INTO outbox (id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload) VALUES (?, 'BENCH', 'visit.checked_in', 1, ?, 'visit', ?, ?)");
  let k = 0;
  const raw = s.transaction(() => {
    const i = k++;
    const now = Date.now();
    const id = visit.run(`R${i}`, nameOf(i), foldText(nameOf(i)), `h${i}`, now, now + 3_600_000, now, now).lastInsertRowid;
    fts.run(id, foldText(nameOf(i)));
    audit.run(now, String(id), '{}');
    outbox.run(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, now, `R${i}`, '{}');
  });
  const bench = new Bench({ time: quick ? 300 : 2000, warmupTime: 50 });
  bench.add('raw', () => raw());
  await bench.run();
  const base = latencyOf(bench, 'raw');
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
  const baselineName = 'one raw transaction, same rows';
  return [
    { group: 'visits', name: 'visitor check-in over the API (visit + search row + audit + outbox, synchronous=FULL): p50', value: result.latency.p50, unit: 'ms', baseline: base.p50, baselineName, target: null },
    { group: 'visits', name: 'visitor check-in over the API: p99', value: result.latency.p99, unit: 'ms', baseline: base.p99, baselineName, target: { op: '<=', value: 20 } },
  ];
}

/** Inserts `count` closed visits spread over a year, hosts round-robin over `hosts` people ids (1…hosts). */
export function seedVisits(db: Db, count: number, hosts: number, nameOffset = 0): void {
  const s = db.sqlite;
  const day = 86_400_000;
  const start = Date.parse('2025-11-23T00:00:00Z');
  const visit = s.prepare(
    "INSERT INTO visits (ref, status, channel, visitor_name, visitor_name_folded, host_person_id, host_label, purpose, checked_in_at, checked_out_at, created_at, updated_at) VALUES (?, 'checked_out', 'desk', ?, ?, ?, 'host', 'service', ?, ?, ?, ?)",
  );
  const vfts = s.prepare('INSERT INTO visits_fts (rowid, search_text) VALUES (?, ?)');
  s.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const at = start + Math.floor((i / count) * 365 * day);
      const name = nameOf(i + nameOffset);
      const id = visit.run(`V${i}`, name, foldText(name), (i % hosts) + 1, at, at + 3_600_000, at, at).lastInsertRowid;
      vfts.run(id, foldText(name));
    }
  })();
}

/** People search over 100,000 people and the visit log over 1,000,000 visits (in-process, prepared). */
async function searchFigures(quick: boolean): Promise<Figure[]> {
  const PEOPLE = 100_000;
  const VISITS = quick ? 100_000 : 1_000_000;
  const HOSTS = 2_000;
  const { db, dir } = tmpDb('search');
  const s = db.sqlite;
  const day = 86_400_000;
  const start = Date.parse('2025-11-23T00:00:00Z');
  // Every person lives in one of 4,800 units (A-0101 … D-3040), about 21 a unit, so a unit code is a search too.
  const UNITS = 4_800;
  s.transaction(() => {
    const unit = s.prepare("INSERT INTO units (id, code, kind, floor, created_at, updated_at) VALUES (?, ?, 'apartment', ?, 0, 0)");
    for (let u = 1; u <= UNITS; u++) unit.run(u, unitCodeOf(u), 1 + (Math.floor(u / 4) % 30));
    const person = s.prepare("INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (?, 'resident', ?, ?, 0, 0)");
    const link = s.prepare("INSERT INTO unit_people (unit_id, person_id, relation, since) VALUES (?, ?, 'resident', 0)");
    const fts = s.prepare('INSERT INTO people_fts (rowid, name, units_company) VALUES (?, @name, @units_company)');
    for (let i = 1; i <= PEOPLE; i++) {
      const u = 1 + ((i * 7) % UNITS);
      person.run(i, nameOf(i), foldText(nameOf(i)));
      link.run(u, i);
      fts.run(i, personSearchRow(nameOf(i), [unitCodeOf(u)], null));
    }
  })();
  seedVisits(db, VISITS, HOSTS, PEOPLE);
  s.pragma('optimize');
  const bench = new Bench({ time: quick ? 300 : 2000, warmupTime: 50, retainSamples: true });
  const from = start + 200 * day;
  // What the people screen, the host pickers and the kiosk send while someone types (limit as in the renderer).
  const searches: [label: string, run: () => unknown, target: number | null][] = [
    ['"Nguyễn Văn Hòa"', () => searchPeople(db, { q: 'Nguyễn Văn Hòa', limit: 50, offset: 0 }), 5],
    ['"nguyen van hoa"', () => searchPeople(db, { q: 'nguyen van hoa', limit: 50, offset: 0 }), 5],
    ['"ng" (21,250 matches)', () => searchPeople(db, { q: 'ng', limit: 50, offset: 0 }), null],
    ['"hoa" (10,600 matches)', () => searchPeople(db, { q: 'hoa', limit: 50, offset: 0 }), null],
    [`unit code "${unitCodeOf(1235)}"`, () => searchPeople(db, { q: unitCodeOf(1235), limit: 50, offset: 0 }), null],
    ['kiosk host search "nguyen van hoa" (names only, 5 hosts)', () => searchKioskHosts({ db }, 'nguyen van hoa'), null],
  ];
  for (const [label, run] of searches) bench.add(label, run);
  bench.add('visit log by host and date', () => listVisits(db, { hostPersonId: 42, from, to: from + 30 * day, limit: 50, offset: 0 }));
  bench.add('visit log by date', () => listVisits(db, { from, to: from + day, limit: 50, offset: 0 }));
  bench.add('visit log search "nguyen"', () => listVisits(db, { q: 'nguyen', limit: 50, offset: 0 }));
  const nguyen = listVisits(db, { q: 'nguyen', limit: 1, offset: 0 }).total;
  await bench.run();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
  const fig = (task: string, name: string, target: number): Figure => ({ group: 'visits', name, value: latencyOf(bench, task).p99, unit: 'ms p99', baseline: null, baselineName: null, target: { op: '<=', value: target } });
  const people = `people search, ${PEOPLE.toLocaleString('en')} people`;
  return [
    ...searches.flatMap(([label, , target]) => {
      const p = percentiles(bench, label);
      const at = (pct: 'p50' | 'p95' | 'p99', goal: number | null): Figure => ({ group: 'visits', name: `${people}, ${label}: ${pct}`, value: p[pct], unit: 'ms', baseline: null, baselineName: null, target: goal === null ? null : { op: '<=', value: goal } });
      return [at('p50', null), at('p95', target), at('p99', null)];
    }),
    fig('visit log by host and date', `visit log, ${VISITS.toLocaleString('en')} visits, one host over 30 days (p99)`, 20),
    fig('visit log by date', `visit log, ${VISITS.toLocaleString('en')} visits, one day (p99)`, 20),
    // A common name: newest first, the first page and the total (db/visits.ts drives such a search by the date index).
    { ...fig('visit log search "nguyen"', `visit log, ${VISITS.toLocaleString('en')} visits, search "nguyen" (${nguyen.toLocaleString('en')} matches, p99)`, 20), target: null },
  ];
}

export async function visitFigures(quick: boolean): Promise<Figure[]> {
  return [...(await checkInFigures(quick)), ...(await searchFigures(quick))];
}
