/**
 * Every route × every caller: anonymous, a paired kiosk station, and each staff role.
 * A caller the contract does not allow gets 401/403 (and nothing changes); an allowed one gets past access control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, buildPath, endpoints, rolePermissions, type Endpoint } from '../../gateway/contract/index.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
const cookies = new Map<string, string>();
let stationToken = '';
let controllerToken = '';

beforeAll(async () => {
  gw = await startTestGateway();
  for (const role of Role.options) {
    await gw.addUser(`u.${role.replace('_', '.')}`, role);
    cookies.set(role, await gw.login(`u.${role.replace('_', '.')}`));
  }
  const { body } = await call(gw.base, 'POST', '/api/stations', { cookie: cookies.get('admin')!, body: { name: 'Kiosk sảnh', kind: 'kiosk' } });
  stationToken = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code: body.code } })).body.token;
  controllerToken = (await call(gw.base, 'POST', '/api/access/controllers', { cookie: cookies.get('admin')!, body: { name: 'Cổng hầm xe' } })).body.token;
}, 60_000);
afterAll(() => gw.stop());

const routes = Object.entries(endpoints as Record<string, Endpoint>).filter(([, e]) => e.access !== 'public');
const sampleParams = { id: 1, date: '2026-09-02', ref: 'V0000000000' };
const importId = '00000000-0000-4000-8000-000000000000';
const pathOf = (e: Endpoint) => buildPath(e.path, e.path.includes('/imports/') ? { id: importId } : sampleParams);

function allowed(e: Endpoint, caller: string): boolean {
  if (e.access === 'public') return true;
  if (caller === 'anonymous') return false;
  if (caller === 'station') return e.access === 'station';
  if (caller === 'controller') return e.access === 'controller';
  if (e.access === 'station' || e.access === 'controller') return false;
  if (e.access === 'session') return true;
  return rolePermissions[caller as Role].includes(e.access.permission);
}

const auditCount = () => (gw.db.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('role × endpoint matrix', () => {
  it('covers every endpoint of the contract', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(Object.keys(endpoints).length).toBe(routes.length + Object.values(endpoints as Record<string, Endpoint>).filter((e) => e.access === 'public').length);
  });

  const callers = ['anonymous', 'station', 'controller', ...Role.options.filter((r) => r !== 'admin'), 'admin'];
  for (const caller of callers) {
    it(`${caller}: refused where the contract says so, admitted elsewhere`, async () => {
      const report: string[] = [];
      for (const [name, e] of routes) {
        if (name === 'logout') continue; // would end the session used by the rest of the matrix; covered in auth tests
        const before = auditCount();
        const options = {
          ...(caller === 'station' ? { token: stationToken } : caller === 'controller' ? { token: controllerToken } : caller !== 'anonymous' ? { cookie: cookies.get(caller)! } : {}),
          ...(e.method !== 'GET' && e.method !== 'DELETE' ? { body: {} } : {}),
        };
        const { status } = await call(gw.base, e.method, pathOf(e), options);
        const expectAllowed = allowed(e, caller);
        const refused = status === 401 || status === 403;
        if (expectAllowed === refused) report.push(`${name} ${e.method} ${e.path}: got ${status}, expected ${expectAllowed ? 'admitted' : 'refused'}`);
        if (status >= 500) report.push(`${name} ${e.method} ${e.path}: server error ${status}`);
        if (!expectAllowed && auditCount() !== before) report.push(`${name}: a refused call wrote to the audit log`);
      }
      expect(report).toEqual([]);
    });
  }

  it('logout is refused to anonymous callers, kiosk stations and door controllers', async () => {
    expect((await call(gw.base, 'POST', '/api/auth/logout')).status).toBe(401);
    expect((await call(gw.base, 'POST', '/api/auth/logout', { token: stationToken })).status).toBe(401);
    expect((await call(gw.base, 'POST', '/api/auth/logout', { token: controllerToken })).status).toBe(401);
  });
});
