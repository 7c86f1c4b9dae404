/**
 * Bad input at the HTTP edge: oversized bodies, wrong content types, deep and malformed JSON are refused with 4xx and
 * a translated error code, and nothing is written (domain rows, audit log and outbox counted before and after).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../gateway/contract/index.js';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from '../../gateway/json-depth.js';
import { rowCounts } from '../support/faults.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let cookie: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('boss', 'admin');
  cookie = await gw.login('boss');
}, 30_000);
afterAll(() => gw.stop());

/** POST /api/units with a raw body and content type; the answer's status and error code. */
async function post(body: string, contentType?: string): Promise<{ status: number; code: string; message: string }> {
  const response = await fetch(`${gw.base}/api/units`, { method: 'POST', headers: { cookie, ...(contentType && { 'content-type': contentType }) }, body });
  const json = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: json.error.code, message: json.error.message };
}

const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('bad input at the HTTP edge', () => {
  it('is refused with 4xx, a translated error code, and no side effects', async () => {
    const before = rowCounts(gw.db);
    const cases: [string, string, string | undefined, number, string][] = [
      ['2 MiB body', JSON.stringify({ code: 'BIG-1', kind: 'shop', floor: 1, note: 'x'.repeat(2 * 1024 * 1024) }), 'application/json', 413, 'payload_too_large'],
      ['form post', 'code=A-1&kind=shop&floor=1', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      ['multipart', '--x\r\nContent-Disposition: form-data; name="code"\r\n\r\nA-1\r\n--x--\r\n', 'multipart/form-data; boundary=x', 415, 'unsupported_media_type'],
      ['XML', '<unit><code>A-1</code></unit>', 'application/xml', 415, 'unsupported_media_type'],
      ['no content type', '{"code":"A-1","kind":"shop","floor":1}', undefined, 415, 'unsupported_media_type'],
      ['10,000 nested arrays', nested(10_000), 'application/json', 400, 'validation_failed'],
      ['deep JSON in a field', `{"code":"A-1","kind":"shop","floor":1,"note":${nested(5_000, '"x"')}}`, 'application/json', 400, 'validation_failed'],
      ['truncated JSON', '{"code":"A-1","kind":', 'application/json', 400, 'validation_failed'],
      ['not JSON at all', "{code: 'A-1'}", 'application/json', 400, 'validation_failed'],
      ['empty JSON body', '', 'application/json', 400, 'validation_failed'],
      ['prototype poisoning', '{"code":"A-1","kind":"shop","floor":1,"__proto__":{"admin":true}}', 'application/json', 400, 'validation_failed'],
    ];
    for (const [what, body, contentType, status, code] of cases) {
      const answer = await post(body, contentType);
      expect({ what, status: answer.status, code: answer.code }).toEqual({ what, status, code });
      expect(ErrorCode.options).toContain(answer.code);
    }
    expect((await post(nested(10_000), 'application/json')).message).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(rowCounts(gw.db)).toEqual(before);

    // The same endpoint still works, and its write is what the counts above would have seen.
    const created = await call(gw.base, 'POST', '/api/units', { cookie, body: { code: 'EDGE-1', kind: 'shop', floor: 1 } });
    expect(created.status).toBe(201);
    expect(rowCounts(gw.db).units).toBe(before.units + 1);
    expect(rowCounts(gw.db).audit).toBeGreaterThan(before.audit);
  });

  it('refuses a chunked body that grows past the limit without a Content-Length', async () => {
    const before = rowCounts(gw.db);
    const { port } = new URL(gw.base);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: '/api/units', headers: { cookie, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server may close the connection once it has refused; that is not an error of the test.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.write('{"code":"CHUNK-1","kind":"shop","floor":1,"note":"');
      const chunk = 'y'.repeat(64 * 1024);
      for (let i = 0; i < 24; i++) req.write(chunk);
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(rowCounts(gw.db)).toEqual(before);
  });

  it('measures JSON depth outside strings only', () => {
    expect(jsonNestsDeeperThan(nested(32), 32)).toBe(false);
    expect(jsonNestsDeeperThan(nested(33), 32)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ note: '[[[[[[[[[[{{{{{{{{{{' }), 2)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ note: 'a "quoted" \\ [[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":{"c":[1]}}}', 3)).toBe(true);
  });
});
