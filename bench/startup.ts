/**
 * Gateway cold start on a database with 1,000,000 visits (100,000 with --quick): time from startGateway() to a
 * healthy /api/health, and resident memory after start and after a period of steady API load (the desk board, the
 * visit log, check-ins) in a separate process: 2 minutes in the full run, 15 s with --quick, 10 minutes with --soak.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../gateway/clock.js';
import { openDataDir } from '../gateway/app.js';
import { closeDatabase } from '../db/connection.js';
import { loadConfig } from '../gateway/config.js';
import { EventBus } from '../gateway/events.js';
import { createUser } from '../gateway/services/staff.js';
import type { Figure } from './report.js';
import { seedVisits } from './visits.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

type Message = { kind: 'started'; startMs: number; rss: number; url: string } | { kind: 'rss'; rss: number };

export async function startupFigures(options: { quick: boolean; soak: boolean }): Promise<Figure[]> {
  const visits = options.quick ? 100_000 : 1_000_000;
  const loadSeconds = options.soak ? 600 : options.quick ? 15 : 120;
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-startup-'));
  const config = loadConfig({ env: {}, overrides: { dataDir } });
  const db = openDataDir(config);
  const ctx = { db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null }, actor: { userId: null, username: 'bench', stationId: null, stationName: null } };
  await createUser(ctx, { username: 'le.tan', displayName: 'Lê Tân', role: 'receptionist', grants: [], password: 'correct-horse-1', locale: 'vi' });
  db.sqlite.prepare("INSERT INTO people (id, kind, full_name, name_folded, created_at, updated_at) VALUES (1, 'resident', 'Nguyễn Văn Đức', 'nguyen van duc', 0, 0)").run();
  seedVisits(db, visits, 1);
  closeDatabase(db);

  const port = await freePort();
  const child = fork(join(import.meta.dirname, 'startup-child.ts'), [dataDir, String(port)], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = () => new Promise<Message>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Message));
    child.once('exit', (code) => reject(new Error(`startup child exited with ${code}`)));
  });
  const started = await next();
  if (started.kind !== 'started') throw new Error('unexpected message');
  const login = await fetch(`${started.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'le.tan', password: 'correct-horse-1' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let n = 0;
  const load = await autocannon({
    url: started.url,
    connections: 4,
    duration: loadSeconds,
    requests: [
      { method: 'GET', path: '/api/visits/board', headers: { cookie } },
      { method: 'GET', path: '/api/visits?q=nguyen&limit=50', headers: { cookie } },
      {
        method: 'POST',
        path: '/api/visits',
        headers: { cookie, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ fullName: `Khách ${n++}`, purpose: 'delivery', host: { personId: 1 } }) }),
      },
    ],
  });
  child.send({ kind: 'rss' });
  const after = await next();
  child.send({ kind: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const label = `${visits.toLocaleString('en')} visits`;
  return [
    { group: 'startup', name: `gateway cold start to healthy, ${label} (startGateway → /api/health 200)`, value: started.startMs, unit: 'ms', baseline: null, baselineName: null, target: { op: '<=', value: 1000 } },
    { group: 'startup', name: `RSS after start, ${label}`, value: mb(started.rss), unit: 'MB', baseline: null, baselineName: null, target: { op: '<=', value: 150 } },
    {
      group: 'startup',
      name: `RSS after ${loadSeconds} s of desk load (${Math.round(load.requests.average)} req/s, ${load.non2xx} non-2xx)`,
      value: mb(after.kind === 'rss' ? after.rss : 0),
      unit: 'MB',
      baseline: mb(started.rss),
      baselineName: 'RSS after start',
      target: { op: '<=', value: 150 },
    },
  ];
}
