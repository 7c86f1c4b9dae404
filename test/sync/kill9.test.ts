/**
 * Crash test: the real gateway process (bin/frontgate.mjs start) takes card registrations and activations over HTTP
 * and pushes them to the development receiver, and is killed with SIGKILL at random moments, again and again.
 * Afterwards every write the API acknowledged (2xx) is on the receiver exactly once, every committed outbox event
 * was delivered, and SQLite's integrity check passes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { call } from '../support/gateway.js';
import { SECRET, TOKEN, eventually, startReceiver, tempDir, type TestReceiver } from '../support/sync.js';

const root = join(import.meta.dirname, '../..');
const KILLS = 20;
const PASSWORD = 'a-long-enough-password';

/** A small seeded generator, so a failing run can be repeated (the seed is in the test name's output). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Running {
  base: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function startGatewayProcess(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ['bin/frontgate.mjs', 'start', '--data', dataDir, '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await eventually(() => /running at (http:\/\/[\d.:]+)/.exec(output) ?? (child.exitCode !== null ? Promise.reject(new Error(output)) : null), 'the gateway to listen', 60_000);
  return { base: match[1] as string, child, exited };
}

describe('kill -9 while taking writes and pushing upstream', () => {
  const seed = Number(process.env.FRONTGATE_KILL_SEED ?? Date.now() % 1_000_000);
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    for (const f of cleanups.reverse()) await f();
  });

  it(`loses and doubles nothing across ${KILLS} crashes (seed ${seed})`, async () => {
    const rand = random(seed);
    const receiver: TestReceiver = await startReceiver();
    cleanups.push(() => receiver.dispose());
    const data = tempDir('frontgate-kill9-');
    cleanups.push(data.dispose);
    const env = {
      ...process.env,
      FRONTGATE_LOG_LEVEL: 'warn',
      FRONTGATE_SITE_CODE: 'KILL9',
      FRONTGATE_SIMULATE_DEVICES: 'false',
      FRONTGATE_UPSTREAM_URL: receiver.url,
      FRONTGATE_UPSTREAM_TOKEN: TOKEN,
      FRONTGATE_UPSTREAM_SECRET: SECRET,
      FRONTGATE_SYNC_BATCH_SIZE: '25',
      FRONTGATE_SYNC_LINGER_MS: '10',
      FRONTGATE_SYNC_POLL_MS: '60000',
    };
    await promisify(execFile)(process.execPath, ['bin/frontgate.mjs', 'admin', 'create', '-u', 'quan.tri', '--data', data.dir], { cwd: root, env: { ...env, FRONTGATE_ADMIN_PASSWORD: PASSWORD } });

    /** Writes the API acknowledged: the outbox event each must have produced. */
    const acknowledged: { type: string; aggregateId: string }[] = [];
    /** Answers other than success or a dead connection: there must be none. */
    const refused: string[] = [];
    let cookie = '';
    let zoneId = 0;
    let unitId = 0;
    let nextVisitor = 0;
    let nextUid = 0x10000000;
    let running: Running | null = null;
    cleanups.push(() => running?.child.kill('SIGKILL'));

    let onAcknowledged = () => {};
    const writer = async (base: string) => {
      try {
        for (;;) {
          const uid = (nextUid++).toString(16).toUpperCase();
          const card = await call(base, 'POST', '/api/cards', { cookie, body: { uid, technology: 'em4100' } });
          if (card.status !== 201) throw new Error(`register: ${card.status} ${JSON.stringify(card.body)}`);
          acknowledged.push({ type: 'card.registered', aggregateId: String(card.body.id) });
          onAcknowledged();
          const active = await call(base, 'POST', `/api/cards/${card.body.id}/activate`, { cookie, body: { holderKind: 'staff', zoneIds: [zoneId] } });
          if (active.status !== 200) throw new Error(`activate: ${active.status} ${JSON.stringify(active.body)}`);
          acknowledged.push({ type: 'card.activated', aggregateId: String(card.body.id) });
        }
      } catch (error) {
        // The gateway died under this request (fetch failed): unacknowledged, so it may or may not have happened.
        if (!(error instanceof TypeError)) refused.push((error as Error).message);
      }
    };

    /** The desk: check-ins and check-outs, each acknowledged write with its visit event. */
    const desk = async (base: string) => {
      try {
        for (;;) {
          const visit = await call(base, 'POST', '/api/visits', { cookie, body: { fullName: `Khách ${nextVisitor++}`, purpose: 'delivery', host: { unitId } } });
          if (visit.status !== 201) throw new Error(`check-in: ${visit.status} ${JSON.stringify(visit.body)}`);
          acknowledged.push({ type: 'visit.checked_in', aggregateId: visit.body.ref });
          onAcknowledged();
          const out = await call(base, 'POST', `/api/visits/${visit.body.id}/check-out`, { cookie });
          if (out.status !== 200) throw new Error(`check-out: ${out.status} ${JSON.stringify(out.body)}`);
          acknowledged.push({ type: 'visit.checked_out', aggregateId: visit.body.ref });
        }
      } catch (error) {
        if (!(error instanceof TypeError)) refused.push((error as Error).message);
      }
    };

    for (let kill = 0; kill < KILLS; kill++) {
      running = await startGatewayProcess(data.dir, env);
      if (!cookie) {
        const login = await fetch(`${running.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'quan.tri', password: PASSWORD }) });
        expect(login.status).toBe(200);
        cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
        const zone = await call(running.base, 'POST', '/api/access/zones', { cookie, body: { code: 'LOBBY', name: 'Sảnh', kind: 'common' } });
        expect(zone.status).toBe(201);
        zoneId = zone.body.id;
        const unit = await call(running.base, 'POST', '/api/units', { cookie, body: { code: 'A-1203', kind: 'apartment', floor: 12 } });
        expect(unit.status).toBe(201);
        unitId = unit.body.id;
      }
      // Two card writers, the desk and the pusher are busy; kill at a random moment after this run's first acknowledged write.
      const firstWrite = new Promise<void>((resolve) => (onAcknowledged = resolve));
      const writing = Promise.all([writer(running.base), writer(running.base), desk(running.base)]);
      await Promise.race([firstWrite, writing]);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 500)));
      running.child.kill('SIGKILL');
      await running.exited;
      await writing;
    }

    // One last start: it must catch up with everything committed before the crashes.
    running = await startGatewayProcess(data.dir, env);
    await eventually(async () => (await call(running!.base, 'GET', '/api/health')).body.sync.queueDepth === 0, 'the outbox to drain after the last restart', 60_000);
    running.child.kill('SIGTERM');
    await running.exited;
    running = null;

    expect(refused).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILLS);
    const db = openDatabase(join(data.dir, 'frontgate.db'), { readonly: true });
    try {
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.sqlite.prepare("SELECT status, count(*) AS n FROM outbox WHERE type LIKE 'card.%' OR type LIKE 'visit.%' GROUP BY status").all()).toEqual([
        { status: 'sent', n: (db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE type LIKE 'card.%' OR type LIKE 'visit.%'").get() as { n: number }).n },
      ]);
      const outboxIds = (db.sqlite.prepare("SELECT id FROM outbox WHERE type LIKE 'card.%' OR type LIKE 'visit.%' ORDER BY id").all() as { id: string }[]).map((r) => r.id);
      const upstream = receiver.db.sqlite.prepare("SELECT id, type, aggregate_id AS aggregateId FROM events WHERE site = 'KILL9' AND (type LIKE 'card.%' OR type LIKE 'visit.%') ORDER BY id").all() as { id: string; type: string; aggregateId: string }[];
      // Every committed event arrived once (stored once by id), and no write produced two events.
      expect(upstream.map((e) => e.id)).toEqual(outboxIds);
      const perWrite = new Map<string, number>();
      for (const e of upstream) perWrite.set(`${e.type}:${e.aggregateId}`, (perWrite.get(`${e.type}:${e.aggregateId}`) ?? 0) + 1);
      const missingOrDoubled = acknowledged.filter((w) => perWrite.get(`${w.type}:${w.aggregateId}`) !== 1);
      expect(missingOrDoubled).toEqual([]);
    } finally {
      closeDatabase(db);
    }
  }, 600_000);
});
