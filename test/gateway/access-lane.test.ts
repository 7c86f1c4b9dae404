/**
 * The door controllers' lane (gateway/access/http-lane.ts) over real HTTP: a controller's decide is answered ahead of
 * Fastify with the same contract, errors and headers as the route; a revoked token is refused from the next request
 * (the token cache is emptied by a trigger); callers without a controller token still reach the route and are refused.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDecision, ApiErrorBody } from '../../gateway/contract/index.js';
import { DECIDE_BODY_LIMIT } from '../../gateway/access/http-lane.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';

const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z'));

/** A raw request: any headers and body bytes, the answer's status, headers and JSON. */
function raw(base: string, headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  const url = new URL('/api/access/decide', base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the door controllers lane', () => {
  let gw: TestGateway;
  let admin: string;
  let controller: string;
  let controllerId: number;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    await gw.addUser('boss', 'admin');
    admin = await gw.login('boss');
    const post = async (path: string, body: unknown) => {
      const res = await call(gw.base, 'POST', path, { cookie: admin, body });
      if (res.status >= 300) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const lobby = await post('/api/access/zones', { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0 });
    await call(gw.base, 'PUT', '/api/access/readers/lobby-in', { cookie: admin, body: { id: 'lobby-in', name: 'Cửa sảnh', zoneId: lobby.id } });
    const card = await post('/api/cards', { uid: '62E3086CED', technology: 'mifare_classic' });
    await post(`/api/cards/${card.id}/activate`, { holderKind: 'staff', zoneIds: [lobby.id] });
    const created = await post('/api/access/controllers', { name: 'Cửa sảnh' });
    controller = created.token;
    controllerId = created.id;
  }, 30_000);
  afterAll(() => gw?.stop());

  const json = (token = controller) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  it('answers a decision in the contract, with the security headers, and logs it', async () => {
    const before = gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get() as { n: number };
    const res = await raw(gw.base, json(), JSON.stringify({ readerId: 'lobby-in', uid: '62e3086ced' }));
    expect(res.status).toBe(200);
    const decision = AccessDecision.parse(res.body);
    expect(decision).toMatchObject({ granted: true, reason: 'granted', readerId: 'lobby-in', uid: '62E3086CED' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    const denied = await raw(gw.base, json(), JSON.stringify({ readerId: 'lobby-in', uid: '0102030405' }));
    expect(denied.body).toMatchObject({ granted: false, reason: 'unknown_card' });
    // The group commit writes both within milliseconds; closing the access service is not needed to see them.
    await expect.poll(() => (gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get() as { n: number }).n).toBe(before.n + 2);
  });

  it('refuses what the route refuses, in the same error shape, and decides nothing', async () => {
    const count = () => (gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get() as { n: number }).n;
    const before = count();
    const cases: [Record<string, string>, string | Buffer, number, string][] = [
      [json('fgc_not-a-token'), JSON.stringify({ readerId: 'lobby-in', uid: '62E3086CED' }), 401, 'unauthorized'],
      [{ authorization: `Bearer ${controller}`, 'content-type': 'text/plain' }, 'lobby-in 62E3086CED', 415, 'unsupported_media_type'],
      [json(), '{"readerId": "lobby-in", "uid": ', 400, 'validation_failed'],
      [json(), '', 400, 'validation_failed'],
      [json(), JSON.stringify({ readerId: 'lobby-in', uid: 'not hex!' }), 400, 'validation_failed'],
      [json(), JSON.stringify({ readerId: 'lobby-in', uid: '62E3086CED', pad: 'x'.repeat(DECIDE_BODY_LIMIT) }), 413, 'payload_too_large'],
    ];
    for (const [headers, body, status, code] of cases) {
      const res = await raw(gw.base, headers, body);
      expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(ApiErrorBody.parse(res.body).error.code).toBe(code);
    }
    const invalid = await raw(gw.base, json(), JSON.stringify({ readerId: '', uid: '62E3086CED' }));
    expect(ApiErrorBody.parse(invalid.body).error.fields?.map((f) => f.path)).toEqual([['readerId']]);
    // Without a controller token the request goes to the Fastify route, which refuses it the same way.
    expect(await call(gw.base, 'POST', '/api/access/decide', { body: { readerId: 'lobby-in', uid: '62E3086CED' } })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await call(gw.base, 'POST', '/api/access/decide', { cookie: admin, body: { readerId: 'lobby-in', uid: '62E3086CED' } })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    // The same controller's next request still works (the refusals closed their own connections only).
    expect((await raw(gw.base, json(), JSON.stringify({ readerId: 'lobby-in', uid: '62E3086CED' }))).status).toBe(200);
    await expect.poll(count).toBe(before + 1);
  });

  it('refuses a revoked token from the very next request, although it was just accepted', async () => {
    const body = JSON.stringify({ readerId: 'lobby-in', uid: '62E3086CED' });
    expect((await raw(gw.base, json(), body)).status).toBe(200);
    expect((await call(gw.base, 'POST', `/api/access/controllers/${controllerId}/revoke`, { cookie: admin })).status).toBe(200);
    const refused = await raw(gw.base, json(), body);
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    // A new controller's token works at once.
    const next = await call(gw.base, 'POST', '/api/access/controllers', { cookie: admin, body: { name: 'Cửa sau' } });
    expect((await raw(gw.base, json(next.body.token), body)).status).toBe(200);
  });
});
