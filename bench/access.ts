/**
 * Access decisions: in-process (decide with its log + outbox write, and evaluate alone) against the same indexed
 * card lookup as a bare prepared statement; over HTTP (keep-alive, 32 connections) against a bare node:http server
 * doing that lookup. Generated data: 20,000 cards, 40 floors, 3 schedules, deterministic.
 * `decide` answers at once and group-commits its log + outbox rows (db/access-log.ts): its figures include the
 * batches' commits — one per 256 decisions in this tight loop, every second one with its fsync (the background fsync
 * cannot finish while the loop holds the thread).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Bench } from 'tinybench';
import { AccessDecider } from '../db/access.js';
import { DecisionLog } from '../db/access-log.js';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { startGateway } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';
import { alternatingRounds, medianRound, type Figure } from './report.js';

const CARDS = 20_000;
const uidOf = (i: number) => (0x10000000 + i).toString(16).toUpperCase();

/** Deterministic building: zones per floor, readers, office and 24/7 schedules, groups, cards. */
export function seedAccess(db: Db): void {
  const s = db.sqlite;
  s.transaction(() => {
    const allWeek = JSON.stringify([0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' })));
    const office = JSON.stringify([1, 2, 3, 4, 5].map((day) => ({ day, from: '07:00', to: '19:00' })));
    s.prepare('INSERT INTO schedules (id, name, intervals, open_on_holidays) VALUES (1, ?, ?, 1), (2, ?, ?, 0)').run('24/7', allWeek, 'office', office);
    const zone = s.prepare('INSERT INTO access_zones (id, code, name, kind, floor) VALUES (?, ?, ?, ?, ?)');
    const reader = s.prepare("INSERT INTO access_readers (id, name, zone_id, direction) VALUES (?, ?, ?, 'in')");
    zone.run(1, 'LOBBY', 'Lobby', 'door', 0);
    reader.run('lobby', 'Lobby', 1);
    for (let f = 1; f <= 40; f++) {
      zone.run(f + 1, `F${f}`, `Floor ${f}`, 'floor', f);
      reader.run(`f${f}`, `Floor ${f}`, f + 1);
    }
    s.prepare("INSERT INTO access_groups (id, name) VALUES (1, 'residents'), (2, 'staff')").run();
    s.prepare('INSERT INTO access_group_rules (group_id, zone_id, schedule_id) VALUES (1, 1, 1), (2, 1, 2)').run();
    const card = s.prepare("INSERT INTO cards (id, uid, technology, status, created_at, updated_at) VALUES (?, ?, 'mifare_classic', ?, 0, 0)");
    const group = s.prepare('INSERT INTO card_access_groups (card_id, group_id) VALUES (?, ?)');
    const direct = s.prepare('INSERT INTO card_zones (card_id, zone_id) VALUES (?, ?)');
    for (let i = 1; i <= CARDS; i++) {
      card.run(i, uidOf(i), i % 50 === 0 ? 'suspended' : 'active');
      group.run(i, i % 3 === 0 ? 2 : 1);
      direct.run(i, (i % 40) + 2);
    }
  })();
}

export async function accessFigures(quick: boolean): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-bench-access-'));
  const db = openDatabase(join(dir, 'frontgate.db'));
  migrate(db);
  db.sqlite.prepare("INSERT INTO site (id, code, name, timezone, default_locale, created_at, updated_at) VALUES (1, 'BENCH', 'Bench', 'Asia/Ho_Chi_Minh', 'vi', 0, 0)").run();
  seedAccess(db);
  const decider = new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'BENCH');
  const lookup = db.sqlite.prepare('SELECT id, status, valid_from, valid_until FROM cards WHERE uid = ?');
  const at = Date.parse('2026-11-23T03:00:00Z');
  let i = 0;
  const next = () => uidOf((i++ % CARDS) + 1);

  const bench = new Bench({ time: quick ? 300 : 2000, warmupTime: quick ? 50 : 300 });
  bench.add('baseline lookup', () => lookup.get(next()));
  bench.add('evaluate', () => decider.evaluate('lobby', next(), at));
  bench.add('decide', () => decider.decide('lobby', next(), at));
  await bench.run();
  const result = (name: string) => bench.tasks.find((t) => t.name === name)!.result as unknown as { throughput: { mean: number }; latency: { p50: number; p99: number } };
  const base = result('baseline lookup');
  const figures: Figure[] = [];
  for (const [name, label] of [
    ['evaluate', 'access decision in-process, evaluate only (no log)'],
    ['decide', 'access decision in-process, with log + outbox (group commit)'],
  ] as const) {
    const r = result(name);
    figures.push({ group: 'access', name: `${label}: throughput`, value: r.throughput.mean, unit: 'decisions/s', baseline: base.throughput.mean, baselineName: 'prepared card lookup alone', target: { op: '>=', value: 0.25, of: 'ratio' } });
    figures.push({ group: 'access', name: `${label}: p50`, value: r.latency.p50 * 1000, unit: 'µs', baseline: base.latency.p50 * 1000, baselineName: 'lookup p50', target: null });
    figures.push({ group: 'access', name: `${label}: p99`, value: r.latency.p99 * 1000, unit: 'µs', baseline: base.latency.p99 * 1000, baselineName: 'lookup p99', target: { op: '<=', value: 50 } });
  }
  DecisionLog.of(db).close();
  closeDatabase(db);

  // HTTP: the real gateway with a controller token, against a bare node:http server doing the same lookup.
  const gwDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-gw-'));
  const config = loadConfig({ env: {}, overrides: { dataDir: gwDir, port: 0, logLevel: 'silent', siteCode: 'BENCH' } });
  const seedDb = openDatabase(join(gwDir, 'frontgate.db'));
  migrate(seedDb);
  seedAccess(seedDb);
  closeDatabase(seedDb);
  const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
  const { createHash, randomBytes } = await import('node:crypto');
  const token = `fgc_${randomBytes(32).toString('base64url')}`;
  gateway.db.sqlite.prepare('INSERT INTO access_controllers (name, token_hash, created_at) VALUES (?, ?, 0)').run('bench', createHash('sha256').update(token).digest('hex'));
  const bareDb = openDatabase(join(gwDir, 'frontgate.db'), { readonly: true });
  const bareLookup = bareDb.sqlite.prepare('SELECT id, status, valid_from, valid_until FROM cards WHERE uid = ?');
  const bare = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { uid } = JSON.parse(body) as { uid: string };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ granted: Boolean(bareLookup.get(uid)) }));
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  const body = JSON.stringify({ readerId: 'lobby', uid: uidOf(7) });
  const load = (url: string, headers: Record<string, string>, duration: number) =>
    autocannon({ url, method: 'POST', connections: 32, pipelining: 1, duration, workers: 1, headers: { 'content-type': 'application/json', ...headers }, body });
  const side = (which: 'baseline' | 'value', duration: number) =>
    which === 'baseline' ? load(`http://127.0.0.1:${barePort}/`, {}, duration) : load(`${gateway.url}/api/access/decide`, { authorization: `Bearer ${token}` }, duration);
  // A warm-up second for each side (JIT, connections), then rounds alternating between the two.
  await side('baseline', 1);
  await side('value', 1);
  const rounds = await alternatingRounds(quick ? 1 : 3, (which) => side(which, quick ? 3 : 4));
  bare.close();
  closeDatabase(bareDb);
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(gwDir, { recursive: true, force: true });
  // Throughput: the round with the median ratio; latency: the worst round of each side.
  const middle = medianRound(rounds, (r) => r.requests.average);
  const worst = (which: 'baseline' | 'value', at: 'p50' | 'p99') => Math.max(...rounds.map((r) => r[which].latency[at]));
  figures.push({ group: 'access', name: `access decision over HTTP (keep-alive, 32 connections; median of ${rounds.length} alternating rounds): throughput`, value: middle.value.requests.average, unit: 'req/s', baseline: middle.baseline.requests.average, baselineName: 'bare node:http doing the same lookup', target: { op: '>=', value: 0.7, of: 'ratio' } });
  figures.push({ group: 'access', name: 'access decision over HTTP: p50 (worst round)', value: worst('value', 'p50'), unit: 'ms', baseline: worst('baseline', 'p50'), baselineName: 'bare server p50', target: null });
  figures.push({ group: 'access', name: 'access decision over HTTP: p99 (worst round)', value: worst('value', 'p99'), unit: 'ms', baseline: worst('baseline', 'p99'), baselineName: 'bare server p99', target: { op: '<=', value: 5 } });
  const errors = rounds.reduce((sum, r) => sum + r.value.non2xx + r.value.errors, 0);
  if (errors > 0) figures.push({ group: 'access', name: 'HTTP errors during the run', value: errors, unit: 'responses', baseline: null, baselineName: null, target: { op: '<=', value: 0 } });
  return figures;
}
