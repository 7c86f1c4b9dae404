/**
 * Bad input changes nothing, over real HTTP. For every mutating endpoint of the contract (POST, PUT, DELETE), a real
 * gateway on a temp data directory gets fast-check-made invalid bodies (arbitrary JSON, and valid samples with one
 * thing spoiled: test/support/json-mutations.ts) and invalid path parameters, from a caller the endpoint admits (the
 * admin, a paired kiosk, a door controller). Every answer must be a 4xx in the translated error shape (ApiErrorBody;
 * a validation failure lists the fields), never a 5xx, and the database must be exactly as before: PRAGMA data_version,
 * read through a second connection around every request, must not move (any commit by the gateway moves it), and every
 * table's rows hash the same before and after each endpoint's runs.
 * Reads with a bad query or bad path parameters get the same treatment (some reads are audited).
 *
 * Path parameters point at real, seeded rows, so a body that slipped past validation would reach a handler that can
 * write. The clock stands still (no session touch) and backups are off, so nothing else writes meanwhile.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ApiErrorBody, buildPath, endpoints, type Endpoint } from '../../gateway/contract/index.js';
import { contractInput } from '../support/contract-arbitraries.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { mutatedInput } from '../support/json-mutations.js';

const RUNS = { body: 20, params: 8, read: 6 };

/** Mutating endpoints without any input to spoil (no body, no path parameters). */
const NO_INPUT = new Set(['logout', 'resendAllDeadLetters', 'retrySync', 'purgeVisitorData']);

let gw: TestGateway;
let watcher: Database.Database;
let admin = '';
let stationToken = '';
let controllerToken = '';
/** Path parameters of a real row, per path prefix. */
const seeded: [prefix: string, params: Record<string, string | number>][] = [];

const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(gw.base, method, path, { cookie: admin, ...(body !== undefined && { body }) });
  if (res.status >= 300) throw new Error(`seeding: ${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

beforeAll(async () => {
  gw = await startTestGateway({
    clock: new TestClock(Date.parse('2026-11-23T03:00:00Z')),
    overrides: { authRateLimitPerMinute: 10_000, kioskRateLimitPerMinute: 10_000, backupIntervalHours: 0 },
  });
  await gw.addUser('boss', 'admin');
  const receptionist = await gw.addUser('le.tan', 'receptionist');
  admin = await gw.login('boss');

  const pairing = await ok('POST', '/api/stations', { name: 'Kiosk sảnh', kind: 'kiosk' });
  stationToken = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code: pairing.code } })).body.token;
  const controller = await ok('POST', '/api/access/controllers', { name: 'Cổng hầm xe' });
  controllerToken = controller.token;
  const unit = await ok('POST', '/api/units', { code: 'A-1203', kind: 'apartment', floor: 12 });
  const company = await ok('POST', '/api/companies', { name: 'Công ty TNHH Sao Mai', unitId: unit.id });
  const person = await ok('POST', '/api/people', { kind: 'resident', fullName: 'Nguyễn Văn Đức', units: [{ unitId: unit.id, relation: 'owner' }] });
  const zone = await ok('POST', '/api/access/zones', { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12 });
  const schedule = await ok('POST', '/api/access/schedules', { name: 'Giờ hành chính', intervals: [{ day: 1, from: '08:00', to: '18:00' }] });
  const group = await ok('POST', '/api/access/groups', { name: 'Văn phòng', rules: [{ zoneId: zone.id, scheduleId: schedule.id }] });
  await ok('PUT', '/api/access/readers/lobby-in', { id: 'lobby-in', name: 'Cửa sảnh', zoneId: zone.id });
  await ok('PUT', '/api/access/holidays/2026-09-02', { date: '2026-09-02', name: 'Quốc khánh' });
  const card = await ok('POST', '/api/cards', { uid: '62E3086CED', technology: 'em4100' });
  await ok('POST', `/api/cards/${card.id}/activate`, { holderKind: 'resident', unitId: unit.id, accessGroupIds: [group.id] });
  const blocked = await ok('POST', '/api/watchlist', { fullName: 'Trần Văn Gây Rối', reason: 'quấy rối cư dân' });
  const visit = await ok('POST', '/api/visits', { fullName: 'Phạm Minh Khoa', purpose: 'service', host: { personId: person.id } });
  const device = (await ok('GET', '/api/devices')).items[0];
  if (!device) throw new Error('seeding: no simulated device');

  seeded.push(
    ['/api/stations/', { id: pairing.station.id }],
    ['/api/users/', { id: receptionist }],
    ['/api/units/', { id: unit.id }],
    ['/api/companies/', { id: company.id }],
    ['/api/people/', { id: person.id }],
    ['/api/devices/', { id: device.id }],
    ['/api/cards/', { id: card.id }],
    ['/api/watchlist/', { id: blocked.id }],
    ['/api/access/controllers/', { id: controller.id }],
    ['/api/access/zones/', { id: zone.id }],
    ['/api/access/readers/', { id: 'lobby-in' }],
    ['/api/access/schedules/', { id: schedule.id }],
    ['/api/access/holidays/', { date: '2026-09-02' }],
    ['/api/access/groups/', { id: group.id }],
    ['/api/visits/ref/', { ref: visit.ref }],
    ['/api/visits/', { id: visit.id }],
    ['/api/kiosk/expected/', { ref: visit.ref }],
    ['/api/imports/', { id: '0190a7e2-1c3b-7000-8000-000000000001' }],
    ['/api/sync/dead-letters/', { id: '0190a7e2-1c3b-7000-8000-000000000002' }],
  );
  watcher = new Database(gw.db.path, { readonly: true, fileMustExist: true });
}, 60_000);
afterAll(async () => {
  watcher?.close();
  await gw?.stop();
});

// ─── What "nothing changed" means ───────────────────────────────────────────────────────────────────────────────

/** Moves whenever another connection (the gateway's) commits anything: checked around every request. */
const dataVersion = () => watcher.pragma('data_version', { simple: true }) as number;

const statements = new Map<string, Database.Statement>();
/** Row count and a hash of every row, per table (FTS shadow tables included): checked around every property. */
function tableHashes(): Record<string, string> {
  const tables: Record<string, string> = {};
  const names = gw.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const name of names) {
    let select = statements.get(name);
    if (!select) statements.set(name, (select = gw.db.sqlite.prepare(`SELECT * FROM "${name}"`)));
    const rows = select.all();
    tables[name] = `${rows.length} rows, ${createHash('sha1').update(JSON.stringify(rows)).digest('hex').slice(0, 12)}`;
  }
  return tables;
}
const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);

/** Runs a property's requests; the tables must hash the same before and after all of them. */
async function unchanged(run: () => Promise<void>) {
  const before = tableHashes();
  await run();
  expect(changedTables(before, tableHashes())).toEqual([]);
}

// ─── Calls ──────────────────────────────────────────────────────────────────────────────────────────────────────

const all = Object.entries(endpoints as Record<string, Endpoint>);
const mutating = all.filter(([, e]) => e.method !== 'GET');
const reads = all.filter(([, e]) => e.method === 'GET' && (e.params || e.query));

function paramsFor(name: string, e: Endpoint): Record<string, string | number> | undefined {
  if (!e.params) return undefined;
  const found = seeded.find(([prefix]) => e.path.startsWith(prefix));
  if (!found) throw new Error(`${name}: no seeded row for ${e.path}; add one to the seeds of this test`);
  return found[1];
}

function credentials(e: Endpoint): { cookie?: string; token?: string } {
  if (e.access === 'public') return {};
  if (e.access === 'station') return { token: stationToken };
  if (e.access === 'controller') return { token: controllerToken };
  return { cookie: admin };
}

/** What the server sees of a JSON body: JSON has no -0, no undefined. */
const overTheWire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Path parameters as typed into a URL; filtered to those the schema refuses. */
const junkSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', 'abc', 'null', 'undefined', 'NaN', 'Infinity', '1e999', '99999999999999999999', ' ', '%', '..', 'a/b', 'x'.repeat(300), '<script>'),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const badParams = (schema: z.ZodObject) =>
  fc.record(Object.fromEntries(Object.keys(schema.shape).map((k) => [k, junkSegment]))).filter((p) => !schema.safeParse(p).success);

/** A query string's values: text, or a repeated key (an array). */
const badQuery = (schema: z.ZodObject) =>
  fc
    .dictionary(fc.constantFrom(...Object.keys(schema.shape), 'zz'), fc.oneof({ weight: 4, arbitrary: junkSegment }, { weight: 1, arbitrary: fc.array(junkSegment, { minLength: 2, maxLength: 3 }) }), { minKeys: 1 })
    .filter((q) => !schema.safeParse(q).success);

const queryString = (q: Record<string, string | string[]>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
  return `?${search.toString()}`;
};

/** Fastify's JSON parser refuses prototype poisoning (`__proto__`, `constructor.prototype`) before validation: no fields. */
function refusedByTheJsonParser(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const ctor = (body as Record<string, unknown>).constructor;
  if (Object.hasOwn(body, '__proto__') || (Object.hasOwn(body, 'constructor') && ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype'))) return true;
  return Object.values(body).some(refusedByTheJsonParser);
}

/** Sends one bad request; fails unless it is a translated 4xx that changed nothing. */
async function expectRefusedAndNothingChanged(what: string, method: string, path: string, options: { cookie?: string; token?: string; body?: unknown }) {
  const before = dataVersion();
  const res = await call(gw.base, method, path, options);
  const after = dataVersion();
  const context = `${what}: ${method} ${path.slice(0, 200)} ${options.body === undefined ? '' : JSON.stringify(options.body).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status < 400 || res.status >= 500) expect.fail(`not a 4xx: ${context}`);
  if ([401, 403, 429].includes(res.status)) expect.fail(`refused before validation (the test's caller is wrong): ${context}`);
  const shape = ApiErrorBody.safeParse(res.body);
  if (!shape.success) expect.fail(`not the translated error shape: ${context}`);
  if (res.status === 400 && shape.data.error.code === 'validation_failed' && !shape.data.error.fields?.length && !refusedByTheJsonParser(options.body)) {
    expect.fail(`a validation failure without fields: ${context}`);
  }
  if (after !== before) expect.fail(`bad input committed a change to the database (data_version ${before} → ${after}): ${context}`);
}

describe('bad bodies and parameters on mutating endpoints change nothing', () => {
  it('every mutating endpoint has bad input to send, or is listed as taking none', () => {
    const without = mutating.filter(([, e]) => !e.body && !e.params).map(([n]) => n);
    expect(without.sort()).toEqual([...NO_INPUT].sort());
    expect(mutating.length).toBeGreaterThan(50);
  });

  const withBody = mutating.filter(([, e]) => e.body);
  it.each(withBody)('%s: invalid bodies', async (name, e) => {
    const body = e.body!;
    const invalid = fc
      .oneof(fc.jsonValue({ maxDepth: 6 }), mutatedInput(body).map((m) => m.mutated))
      .map(overTheWire)
      .filter((b) => !body.safeParse(b).success);
    const path = buildPath(e.path, paramsFor(name, e));
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(invalid, (b) => expectRefusedAndNothingChanged(`${name} body`, e.method, path, { ...credentials(e), body: b })),
        { numRuns: RUNS.body },
      ),
    );
  });

  const withParams = mutating.filter(([, e]) => e.params);
  it.each(withParams)('%s: invalid path parameters', async (name, e) => {
    const params = e.params!;
    const validBody = e.body ? contractInput(e.body).map(overTheWire) : fc.constant(undefined);
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(badParams(params), validBody, (p, b) =>
          expectRefusedAndNothingChanged(`${name} params`, e.method, buildPath(e.path, p), { ...credentials(e), ...(b !== undefined && { body: b }) }),
        ),
        { numRuns: RUNS.params },
      ),
    );
  });
});

describe('bad queries and parameters on reads change nothing', () => {
  it.each(reads)('%s', async (name, e) => {
    const good = paramsFor(name, e);
    const input = fc.tuple(e.params ? fc.option(badParams(e.params), { nil: undefined }) : fc.constant(undefined), e.query ? fc.option(badQuery(e.query), { nil: undefined }) : fc.constant(undefined));
    await unchanged(() =>
      fc.assert(
        fc.asyncProperty(
          input.filter(([p, q]) => p !== undefined || q !== undefined),
          ([p, q]) => expectRefusedAndNothingChanged(`${name} read`, 'GET', buildPath(e.path, p ?? good) + (q ? queryString(q) : ''), credentials(e)),
        ),
        { numRuns: RUNS.read },
      ),
    );
  });
});

describe('the change detectors', () => {
  it('see a write: one valid body moves data_version and the hashes of the tables it wrote', async () => {
    const [version, tables] = [dataVersion(), tableHashes()];
    const created = await call(gw.base, 'POST', '/api/units', { cookie: admin, body: { code: 'CONTROL-1', kind: 'shop', floor: 1 } });
    expect(created.status).toBe(201);
    expect(dataVersion()).not.toBe(version);
    expect(changedTables(tables, tableHashes())).toEqual(expect.arrayContaining(['units', 'audit_log']));
  });
});
