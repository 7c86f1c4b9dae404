/**
 * The gateway the visitor e2e specs run against: its card readers, encoders, ID reader and scanners are real
 * serial devices on socat pseudo-terminals, each driven by a simulator on the other end (not the in-process demo
 * devices). A small control API lets a spec act as the person at the device:
 *   POST /present {device, uid}   POST /remove {device}   POST /scan {device, text}   POST /id-card {device}
 *   GET /seed (ids of the seeded directory, stations and devices)   GET /kiosk-token (the paired kiosk's token)
 * Started by playwright.config.ts as a second webServer (gateway at port+1, control at port+2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_CN_ID, createSimulator, type Simulator, type SimulatorKind } from '../../drivers/simulators/index.js';
import { startGateway } from '../../gateway/app.js';
import { systemClock } from '../../gateway/clock.js';
import { loadConfig } from '../../gateway/config.js';
import type { DeviceDriver, DeviceRole } from '../../gateway/contract/index.js';
import { EventBus } from '../../gateway/events.js';
import { createUser } from '../../gateway/services/staff.js';
import { createPtyPair, type PtyPair } from '../support/pty.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4900' }, control: { type: 'string', default: '4901' } } });
const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-e2e-pty-'));
const root = join(import.meta.dirname, '../..');
const config = loadConfig({
  env: {},
  cwd: root,
  overrides: {
    dataDir,
    port: values.port,
    logLevel: 'warn',
    defaultLocale: 'en',
    siteName: 'Tòa nhà Sông Hồng',
    rendererDir: process.env.FRONTGATE_E2E_RENDERER_DIR ?? 'dist/renderer',
    authRateLimitPerMinute: 1000,
    kioskRateLimitPerMinute: 10_000,
    simulateDevices: false,
  },
});
const gateway = await startGateway(config);
const seedCtx = { db: gateway.db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null }, actor: { userId: null, username: 'e2e-seed', stationId: null, stationName: null } };
await createUser(seedCtx, { username: 'admin', displayName: 'Admin', role: 'admin', grants: [], password: 'correct-horse-1', locale: 'en' });
await createUser(seedCtx, { username: 'le.tan', displayName: 'Lê Tân', role: 'receptionist', grants: [], password: 'correct-horse-2', locale: 'en' });
await createUser(seedCtx, { username: 'bao.ve', displayName: 'Bảo Vệ', role: 'security', grants: [], password: 'correct-horse-3', locale: 'en' });

// ---- seed through the real API, as an admin ----
let cookie = '';
async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(cookie && { cookie }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0] ?? '';
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
type WithId = { id: number };
await api('POST', '/api/auth/login', { username: 'admin', password: 'correct-horse-1' });
const unitA = await api<WithId>('POST', '/api/units', { code: 'A-1203', kind: 'apartment', floor: 12 });
const unitB = await api<WithId>('POST', '/api/units', { code: 'B-0501', kind: 'office', floor: 5 });
const company = await api<WithId>('POST', '/api/companies', { name: 'Công ty TNHH Sao Mai', unitId: unitB.id, phone: '+84 28 3822 0000', email: 'info@saomai.vn' });
const resident = await api<WithId>('POST', '/api/people', {
  kind: 'resident',
  fullName: 'Nguyễn Văn Đức',
  phone: '+84 912 345 678',
  email: 'duc@example.vn',
  units: [{ unitId: unitA.id, relation: 'owner' }],
});
const staffMember = await api<WithId>('POST', '/api/people', { kind: 'staff', fullName: 'Trần Thị Mai', phone: '+84 988 000 111', email: 'mai@saomai.vn', companyId: company.id });
const zones = {
  floor12: await api<WithId>('POST', '/api/access/zones', { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12 }),
  floor5: await api<WithId>('POST', '/api/access/zones', { code: 'F05', name: 'Tầng 5', kind: 'floor', floor: 5 }),
  lobby: await api<WithId>('POST', '/api/access/zones', { code: 'LOBBY', name: 'Sảnh', kind: 'common' }),
};
const desk = (await api<{ station: WithId }>('POST', '/api/stations', { name: 'Quầy lễ tân', kind: 'desk' })).station;
const kioskCode = await api<{ station: WithId; code: string }>('POST', '/api/stations', { name: 'Sảnh kiosk', kind: 'kiosk' });
const kioskToken = (await api<{ token: string }>('POST', '/api/stations/pair', { code: kioskCode.code })).token;

// ---- devices on pseudo-terminals ----
const DEVICES: { id: string; name: string; driver: DeviceDriver; role: DeviceRole; station: number; simulator: SimulatorKind }[] = [
  { id: 'desk-reader', name: 'Desk card reader', driver: 'em4100', role: 'desk_reader', station: desk.id, simulator: 'em4100' },
  { id: 'desk-encoder', name: 'Desk card encoder', driver: 'pn532', role: 'desk_encoder', station: desk.id, simulator: 'pn532' },
  { id: 'desk-id-reader', name: 'Desk Chinese ID reader', driver: 'cnid', role: 'id_reader', station: desk.id, simulator: 'cnid' },
  { id: 'desk-scanner', name: 'Desk 2D scanner', driver: 'serial-scanner', role: 'scanner', station: desk.id, simulator: 'serial-scanner' },
  { id: 'kiosk-reader', name: 'Kiosk card reader', driver: 'em4100', role: 'desk_reader', station: kioskCode.station.id, simulator: 'em4100' },
  { id: 'kiosk-encoder', name: 'Kiosk card encoder', driver: 'pn532', role: 'desk_encoder', station: kioskCode.station.id, simulator: 'pn532' },
  { id: 'kiosk-scanner', name: 'Kiosk 2D scanner', driver: 'serial-scanner', role: 'scanner', station: kioskCode.station.id, simulator: 'serial-scanner' },
];
const ptys: PtyPair[] = [];
const simulators = new Map<string, Simulator>();
for (const device of DEVICES) {
  const pty = await createPtyPair();
  ptys.push(pty);
  simulators.set(device.id, await createSimulator(device.simulator, pty.a, { repeatMs: 250 }));
  await api('POST', '/api/devices', { id: device.id, name: device.name, driver: device.driver, role: device.role, stationId: device.station, portPath: pty.b });
}
// Wait until every device reports connected, so specs start from a working desk.
for (let attempt = 0; ; attempt++) {
  const { items } = await api<{ items: { id: string; status: { state: string } }[] }>('GET', '/api/devices');
  if (DEVICES.every((d) => items.find((i) => i.id === d.id)?.status.state === 'connected')) break;
  if (attempt > 100) throw new Error(`devices did not connect: ${JSON.stringify(items.map((i) => [i.id, i.status.state]))}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await api('POST', '/api/auth/logout');

const seed = {
  units: { a1203: unitA.id, b0501: unitB.id },
  companies: { saoMai: company.id },
  people: { duc: resident.id, mai: staffMember.id },
  zones: { floor12: zones.floor12.id, floor5: zones.floor5.id, lobby: zones.lobby.id },
  stations: { desk: desk.id, kiosk: kioskCode.station.id },
  devices: DEVICES.map((d) => ({ id: d.id, role: d.role, driver: d.driver, stationId: d.station })),
};

// ---- the control API ----
const control = createServer((request, response) => {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  request.on('end', () => {
    try {
      if (request.method === 'GET' && request.url === '/seed') return reply(200, seed);
      if (request.method === 'GET' && request.url === '/kiosk-token') return reply(200, { token: kioskToken });
      const body = (raw ? JSON.parse(raw) : {}) as { device?: string; uid?: string; text?: string };
      const simulator = body.device === undefined ? undefined : simulators.get(body.device);
      if (!simulator) return reply(404, { error: `unknown device ${String(body.device)}` });
      switch (request.url) {
        case '/present':
          simulator.presentCard(String(body.uid));
          return reply(200, { ok: true });
        case '/remove':
          simulator.removeCard();
          return reply(200, { ok: true });
        case '/scan':
          simulator.scan(String(body.text));
          return reply(200, { ok: true });
        case '/id-card':
          simulator.presentIdDocument(SAMPLE_CN_ID);
          return reply(200, { ok: true });
        default:
          return reply(404, { error: 'unknown action' });
      }
    } catch (error) {
      return reply(400, { error: error instanceof Error ? error.message : String(error) });
    }
  });
});
control.listen(Number(values.control), '127.0.0.1');
console.log(`e2e pty gateway at ${gateway.url}, control at http://127.0.0.1:${values.control} (data ${dataDir})`);

const stop = () => {
  control.close();
  void gateway
    .close()
    .then(() => Promise.all([...simulators.values()].map((s) => s.close().catch(() => undefined))))
    .then(() => Promise.all(ptys.map((p) => p.close())))
    .finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
