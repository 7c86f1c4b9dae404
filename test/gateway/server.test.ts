import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { SCHEMA_VERSION } from '../../db/migrate.js';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, endpoints, type GatewayEvent } from '../../gateway/contract/index.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let admin: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('boss', 'admin');
  admin = await gw.login('boss');
}, 30_000);
afterAll(() => gw.stop());

describe('health and OpenAPI', () => {
  it('reports version, database, devices and sync state', async () => {
    const { status, body } = await call(gw.base, 'GET', '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { ok: true, schemaVersion: SCHEMA_VERSION, journalMode: 'wal' }, sync: { state: 'not_configured', queueDepth: 0 } });
  });

  it('publishes an OpenAPI document with every endpoint of the contract', async () => {
    const { body } = await call(gw.base, 'GET', '/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    for (const [name, e] of Object.entries(endpoints)) {
      const path = e.path.replace(/:(\w+)/g, '{$1}');
      expect(body.paths[path]?.[e.method.toLowerCase()]?.operationId, name).toBe(name);
    }
    expect(body.paths['/api/units'].post.requestBody.content['application/json'].schema.properties.kind.enum).toEqual(['apartment', 'office', 'shop']);
  });

  it('sends security headers and a strict CSP', async () => {
    const response = await fetch(`${gw.base}/api/site`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*object-src 'none'.*frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown API routes and non-JSON bodies with translated error codes', async () => {
    expect((await call(gw.base, 'GET', '/api/nope', { cookie: admin })).body.error.code).toBe('not_found');
    const response = await fetch(`${gw.base}/api/units`, { method: 'POST', headers: { cookie: admin, 'content-type': 'text/plain' }, body: 'code=A' });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });
});

function collect(ws: WebSocket): GatewayEvent[] {
  const events: GatewayEvent[] = [];
  ws.on('message', (data) => events.push(JSON.parse(String(data)) as GatewayEvent));
  return events;
}
const until = async (check: () => boolean, ms = 2000) => {
  for (let i = 0; i < ms / 20 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('WebSocket event stream', () => {
  it('greets a signed-in client and pushes directory changes', async () => {
    const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL], { headers: { cookie: admin } });
    const events = collect(ws);
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ type: 'hello' });
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const unit = await call(gw.base, 'POST', '/api/units', { cookie: admin, body: { code: 'WS-1', kind: 'shop', floor: 1 } });
    await until(() => events.some((e) => e.type === 'entity.changed'));
    expect(events.find((e) => e.type === 'entity.changed')).toMatchObject({ data: { entity: 'unit', id: unit.body.id, action: 'created' } });
    ws.close();
  });

  it('closes an anonymous connection, accepts a station token subprotocol but sends it no staff data', async () => {
    const anon = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL]);
    const code = await new Promise<number>((resolve) => anon.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);

    const { body } = await call(gw.base, 'POST', '/api/stations', { cookie: admin, body: { name: 'Kiosk WS', kind: 'kiosk' } });
    const { token } = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code: body.code } })).body;
    const kiosk = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`]);
    const events = collect(kiosk);
    await until(() => events.length > 0);
    await call(gw.base, 'POST', '/api/units', { cookie: admin, body: { code: 'WS-2', kind: 'shop', floor: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(events.map((e) => e.type)).toEqual(['hello']);
    kiosk.close();
  });
});

describe('process lifecycle', () => {
  it('stops on SIGTERM with exit 0 and a clean, checkpointed database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-proc-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/cli.ts', 'start', '--data', dataDir, '--port', '0', '--log-level', 'warn'], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    await until(() => /running at (http:\/\/[\d.:]+)/.test(output), 20_000);
    const base = /running at (http:\/\/[\d.:]+)/.exec(output)![1]!;
    const inFlight = call(base, 'POST', '/api/setup/admin', { body: { username: 'first', displayName: 'First', password: 'a-long-password' } });
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect((await inFlight).status).toBe(201);
    expect(exitCode).toBe(0);
    expect(statSync(join(dataDir, 'frontgate.db-wal'), { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    const db = openDatabase(join(dataDir, 'frontgate.db'), { readonly: true });
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.sqlite.prepare("SELECT username FROM users").all()).toEqual([{ username: 'first' }]);
    closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('refuses to start on a foreign file, naming the problem', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-foreign-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'frontgate.db'), 'PK\u0003\u0004 this is a zip file'.repeat(300));
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/cli.ts', 'start', '--data', dataDir, '--port', '0'], { cwd: join(import.meta.dirname, '../..') });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/cannot use the database .*frontgate.db \(not_a_database\)/);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);
});
