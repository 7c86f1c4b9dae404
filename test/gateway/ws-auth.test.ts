import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../gateway/contract/index.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let admin: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('boss', 'admin');
  await gw.addUser('le.tan', 'receptionist');
  admin = await gw.login('boss');
}, 30_000);
afterAll(() => gw.stop());

function open(protocols: string[], cookie?: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${gw.base.replace('http', 'ws')}/api/events`, protocols, { headers: cookie ? { cookie } : {} });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve) => ws.once('message', () => resolve({ ws, closed })));
}

describe('the event stream never outlives its credentials', () => {
  it('closes a staff stream at logout', async () => {
    const cookie = await gw.login('le.tan');
    const { closed } = await open([WS_PROTOCOL], cookie);
    await call(gw.base, 'POST', '/api/auth/logout', { cookie });
    expect(await closed).toBe(4401);
  });

  it('closes a staff stream when the account is disabled', async () => {
    const cookie = await gw.login('le.tan');
    const { closed } = await open([WS_PROTOCOL], cookie);
    const id = (gw.db.sqlite.prepare("SELECT id FROM users WHERE username = 'le.tan'").get() as { id: number }).id;
    await call(gw.base, 'PUT', `/api/users/${id}`, { cookie: admin, body: { disabled: true } });
    expect(await closed).toBe(4401);
    await call(gw.base, 'PUT', `/api/users/${id}`, { cookie: admin, body: { disabled: false } });
  });

  it('closes a kiosk stream when the station is revoked, and leaves other streams open', async () => {
    const { body } = await call(gw.base, 'POST', '/api/stations', { cookie: admin, body: { name: 'Kiosk', kind: 'kiosk' } });
    const { token } = (await call(gw.base, 'POST', '/api/stations/pair', { body: { code: body.code } })).body;
    const kiosk = await open([WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`]);
    const staff = await open([WS_PROTOCOL], admin);
    await call(gw.base, 'POST', `/api/stations/${body.station.id}/revoke`, { cookie: admin });
    expect(await kiosk.closed).toBe(4401);
    expect(staff.ws.readyState).toBe(WebSocket.OPEN);
    staff.ws.close();
  });
});
