/**
 * Gateway cold start on a database with 1,000,000 visits (100,000 with --quick), the way the product starts it: a new
 * process running `node <GATEWAY_NODE_FLAGS> bin/frontgate.mjs start`, timed from spawn to the first 200 of
 * /api/health, with the process's CPU time and resident memory at that moment. Two installs of the same sources: packaged (the compiled build, what the
 * kiosk installer ships and `npm run build` makes) and a source checkout (bin/frontgate.mjs runs the TypeScript through
 * tsx). Baseline: a bare Node.js process answering the same request. Then resident memory under steady API load (the
 * desk board, the visit log and a search in it, check-ins each followed by its check-out, so that the board holds a
 * steady crowd) on the packaged install: 2 minutes in the full run, 15 s
 * with --quick, 10 minutes with --soak, sampled every second.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';
import { systemClock } from '../gateway/clock.js';
import { openDataDir } from '../gateway/app.js';
import { closeDatabase } from '../db/connection.js';
import { loadConfig } from '../gateway/config.js';
import { EventBus } from '../gateway/events.js';
import { createUser } from '../gateway/services/staff.js';
import { DEFAULT_VISIT_SETTINGS } from '../gateway/services/visits.js';
import { putSetting } from '../db/site.js';
import { median, type Figure } from './report.js';
import { seedVisits } from './visits.js';
import { GATEWAY_NODE_FLAGS } from '../bin/node-flags.mjs';

const ROOT = join(import.meta.dirname, '..');
/** How every launcher starts the gateway (bin/node-flags.mjs). */
const START_GATEWAY = [...GATEWAY_NODE_FLAGS, 'bin/frontgate.mjs', 'start'];
/** What dist/gateway/cli.js is compiled from (tsconfig.build.json minus the Electron shell). */
const GATEWAY_SOURCES = ['gateway', 'db', 'drivers'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Both installs share package.json, node_modules, bin/ and the built renderer; they differ in how the gateway is there. */
function install(dir: string, kind: 'packaged' | 'source'): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  copyFileSync(join(ROOT, 'bin', 'frontgate.mjs'), join(dir, 'bin', 'frontgate.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const source of GATEWAY_SOURCES) {
    if (kind === 'source') {
      symlinkSync(join(ROOT, source), join(dir, source));
      continue;
    }
    // The same per-file TypeScript → ESM translation `tsc -p tsconfig.build.json` makes (isolatedModules), by esbuild
    // (tsx's own compiler) because it takes a second where tsc's type-checking build takes a minute.
    for (const file of readdirSync(join(ROOT, source), { recursive: true }).map(String)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const out = join(dir, 'dist', source, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      const { code } = transformSync(readFileSync(join(ROOT, source, file), 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        tsconfigRaw: { compilerOptions: { target: 'ES2023', useDefineForClassFields: true, verbatimModuleSyntax: true } },
      });
      writeFileSync(out, code);
    }
  }
  return dir;
}

/** Linux /proc figures of a process (all its threads). */
function usage(pid: number): { cpuMs: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))!;
  return { cpuMs: ticks * 10, rssMb: Number(rss[1]) / 1024 };
}

const healthStatus = (port: number) =>
  new Promise<number>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });

interface Started {
  child: ChildProcess;
  port: number;
  ms: number;
  cpuMs: number;
  rssMb: number;
}

/** Spawns `args` in `cwd` and polls /api/health until it answers 200. */
async function coldStart(cwd: string, args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, FRONTGATE_PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited before it answered /api/health`);
    if ((await healthStatus(port)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - started;
  return { child, port, ms, ...usage(child.pid!) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}


export async function startupFigures(options: { quick: boolean; soak: boolean }): Promise<Figure[]> {
  if (process.platform !== 'linux') throw new Error('the start-up bench reads /proc (Linux only)');
  const visits = options.quick ? 100_000 : 1_000_000;
  const starts = options.quick ? 3 : 5;
  const loadSeconds = options.soak ? 600 : options.quick ? 15 : 120;
  const work = mkdtempSync(join(tmpdir(), 'frontgate-bench-startup-'));
  const dataDir = join(work, 'data');
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  const db = openDataDir(config);
  const ctx = { db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null }, actor: { userId: null, username: 'bench', stationId: null, stationName: null } };
  await createUser(ctx, { username: 'le.tan', displayName: 'Lê Tân', role: 'receptionist', grants: [], password: 'correct-horse-1', locale: 'vi' });
  db.sqlite.prepare("INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (1, 'resident', 'Nguyễn Văn Đức', 'nguyen van duc', 0, 0)").run();
  seedVisits(db, visits, 1);
  // A site that keeps visitor names for 400 days: every seeded visit stays searchable, and no retention purge runs in
  // the background (at the default 30 days the first start would spend the whole run purging 11/12 of the visits).
  putSetting(db, 'visits', { ...DEFAULT_VISIT_SETTINGS, retentionDays: 400 }, Date.now());
  closeDatabase(db);

  const packaged = install(join(work, 'packaged'), 'packaged');
  const source = install(join(work, 'source'), 'source');
  const env = {
    FRONTGATE_DATA: dataDir,
    FRONTGATE_HOST: '127.0.0.1',
    FRONTGATE_LOG_LEVEL: 'warn',
    FRONTGATE_SIMULATE_DEVICES: 'false',
    FRONTGATE_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    FRONTGATE_RENDERER_DIR: join(ROOT, 'dist', 'renderer'),
  };
  const bare = "require('node:http').createServer((q, s) => s.end('{}')).listen(Number(process.env.FRONTGATE_PORT), '127.0.0.1')";
  const runs: Record<'bare' | 'packaged' | 'source', Started[]> = { bare: [], packaged: [], source: [] };
  // Interleaved, so that the machine's load at the time weighs on each the same.
  for (let i = 0; i < starts; i++) {
    for (const [kind, cwd, args] of [
      ['bare', work, ['-e', bare]],
      ['packaged', packaged, START_GATEWAY],
      ['source', source, START_GATEWAY],
    ] as const) {
      const run = await coldStart(cwd, [...args], env);
      await stop(run.child);
      runs[kind].push(run);
    }
  }
  if (!existsSync(join(packaged, 'dist', 'gateway', 'cli.js'))) throw new Error('the packaged install has no build');

  // Memory under load, packaged install: sampled every second while the desk works.
  const gateway = await coldStart(packaged, START_GATEWAY, env);
  const url = `http://127.0.0.1:${gateway.port}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'le.tan', password: 'correct-horse-1' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(usage(gateway.child.pid!).rssMb), 1000);
  let n = 0;
  const load = await autocannon({
    url,
    connections: 4,
    duration: loadSeconds,
    requests: [
      { method: 'GET', path: '/api/visits/board', headers: { cookie } },
      { method: 'GET', path: '/api/visits?limit=50', headers: { cookie } },
      { method: 'GET', path: '/api/visits?q=nguyen&limit=50', headers: { cookie } },
      {
        method: 'POST',
        path: '/api/visits',
        headers: { cookie, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ fullName: `Khách ${n++}`, purpose: 'delivery', host: { personId: 1 } }) }),
        onResponse: (_status, body, context) => {
          (context as { visitId?: number }).visitId = (JSON.parse(body) as { id: number }).id;
        },
      },
      // Each visitor leaves again: the board holds the building's steady crowd, not every check-in of the run.
      {
        method: 'POST',
        headers: { cookie },
        setupRequest: (request, context) => ({ ...request, path: `/api/visits/${String((context as { visitId?: number }).visitId)}/check-out` }),
      },
    ],
  });
  clearInterval(sampler);
  const after = usage(gateway.child.pid!).rssMb;
  await stop(gateway.child);
  rmSync(work, { recursive: true, force: true });

  const quarter = Math.floor(samples.length / 4);
  // Growth: the floor of the last quarter of the run against that of the second (the first has the warm-up: caches
  // filling, code compiling, the background integrity check). RSS swings by up to 30 MB as V8 grows its young
  // generation (1 → 16 MB semi-spaces) under allocation and shrinks it when allocation slows; a leak raises the floor.
  const floor = (values: number[]) => Math.min(...values);
  const growth = floor(samples.slice(3 * quarter)) - floor(samples.slice(quarter, 2 * quarter));
  const label = `${visits.toLocaleString('en')} visits`;
  const fig = (name: string, value: number, unit: string, target: Figure['target'], baseline: number | null = null, baselineName: string | null = null): Figure => ({
    group: 'startup',
    name,
    value,
    unit,
    baseline,
    baselineName,
    target,
  });
  const med = (kind: keyof typeof runs, key: 'ms' | 'cpuMs' | 'rssMb') => median(runs[kind].map((r) => r[key]));
  return [
    fig(`gateway cold start to healthy, ${label}, packaged (spawn → /api/health 200, median of ${starts})`, med('packaged', 'ms'), 'ms', { op: '<=', value: 1000 }, med('bare', 'ms'), 'bare node http'),
    // The product runs the compiled build (the installer ships it; npm run quickstart makes it): the targets are the
    // packaged rows. A source checkout compiles TypeScript through tsx at every start: reported for developers.
    fig(`  the same, source checkout (tsx, development)`, med('source', 'ms'), 'ms', null, med('bare', 'ms'), 'bare node http'),
    fig(`  CPU time to healthy, packaged`, med('packaged', 'cpuMs'), 'ms', null, med('bare', 'cpuMs'), 'bare node http'),
    fig(`  CPU time to healthy, source checkout (tsx)`, med('source', 'cpuMs'), 'ms', null, med('bare', 'cpuMs'), 'bare node http'),
    fig(`RSS after start, ${label}, packaged`, med('packaged', 'rssMb'), 'MB', { op: '<=', value: 150 }, med('bare', 'rssMb'), 'bare node http'),
    fig(`RSS after start, ${label}, source checkout (tsx, development)`, med('source', 'rssMb'), 'MB', null, med('bare', 'rssMb'), 'bare node http'),
    fig(`RSS after ${loadSeconds} s of desk load, packaged (${Math.round(load.requests.average)} req/s, ${load.non2xx} non-2xx)`, after, 'MB', { op: '<=', value: 150 }, gateway.rssMb, 'RSS after start'),
    fig(`  peak RSS during the load`, Math.max(...samples), 'MB', { op: '<=', value: 150 }),
    fig(`  RSS growth under load (lowest of the last quarter − of the second)`, growth, 'MB', { op: '<=', value: 5 }),
  ];
}
