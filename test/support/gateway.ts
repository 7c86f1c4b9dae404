/** A real gateway on a temp data directory, listening on a free loopback port, for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway, type Gateway } from '../../gateway/app.js';
import type { Clock } from '../../gateway/clock.js';
import { loadConfig, type Config } from '../../gateway/config.js';
import type { Role } from '../../gateway/contract/index.js';
import { EventBus } from '../../gateway/events.js';
import { createUser } from '../../gateway/services/staff.js';
import type { SyncTuning } from '../../gateway/sync/service.js';

export class TestClock implements Clock {
  constructor(public ms = Date.parse('2026-11-23T03:00:00Z')) {}
  now() {
    return this.ms;
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

export interface TestGateway extends Gateway {
  config: Config;
  base: string;
  dataDir: string;
  /** Creates a staff user directly in the database. */
  addUser(username: string, role: Role, password?: string, grants?: string[]): Promise<number>;
  /** Signs in over HTTP and returns the session cookie header. */
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const PASSWORD = 'correct-horse-battery';

export async function startTestGateway(
  options: { clock?: Clock; overrides?: Partial<Record<keyof Config, unknown>>; sync?: SyncTuning; backupStartDelayMs?: number } = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-test-'));
  const config = loadConfig({ env: {}, overrides: { dataDir, port: 0, logLevel: 'silent', ...options.overrides } });
  const gateway = await startGateway(config, { ...(options.clock && { clock: options.clock }), ...(options.sync && { sync: options.sync }), ...(options.backupStartDelayMs !== undefined && { backupStartDelayMs: options.backupStartDelayMs }), logger: pino({ level: 'silent' }) });
  const base = gateway.url;
  const clock = options.clock ?? { now: () => Date.now() };
  return {
    ...gateway,
    config,
    base,
    dataDir,
    async addUser(username, role, password = PASSWORD, grants = []) {
      const auth = { kind: 'anonymous' as const, station: null };
      const user = await createUser(
        { db: gateway.db, clock, bus: new EventBus(), auth, actor: { userId: null, username: 'test', stationId: null, stationName: null } },
        { username, displayName: username, role, password, locale: 'en', grants: grants as never },
      );
      return user.id;
    },
    async login(username, password = PASSWORD) {
      const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${await response.text()}`);
      const cookie = response.headers.get('set-cookie') ?? '';
      return cookie.split(';')[0] as string;
    },
    async stop() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch + JSON with an optional cookie or bearer token. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { cookie?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any endpoint
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}
