import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../../renderer/src/api/client.js';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, body: unknown, calls: Call[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const unit = {
  id: 7,
  code: 'A-1201',
  kind: 'apartment',
  building: 'A',
  floor: 12,
  areaM2: 74.5,
  freeCardQuota: 2,
  note: null,
  peopleCount: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('api client', () => {
  it('builds the path, query string, headers and JSON body from the endpoint table', async () => {
    const calls: Call[] = [];
    const api = createApi({ fetch: fakeFetch(200, unit, calls), stationToken: () => 'tok-1' });
    const result = await api('updateUnit', { params: { id: 7 }, body: { code: 'a-1201', kind: 'apartment', floor: 12 } });
    expect(result.code).toBe('A-1201');
    expect(calls[0]?.url).toBe('/api/units/7');
    expect(calls[0]?.init.method).toBe('PUT');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer tok-1');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ code: 'a-1201', kind: 'apartment', floor: 12 });
  });

  it('drops empty query values and sends no Authorization without a station token', async () => {
    const calls: Call[] = [];
    const api = createApi({ fetch: fakeFetch(200, { items: [], total: 0 }, calls), stationToken: () => null });
    await api('listPeople', { query: { q: 'nguyen van duc', kind: undefined, limit: 50, offset: 0 } });
    expect(calls[0]?.url).toBe('/api/people?q=nguyen+van+duc&limit=50&offset=0');
    expect((calls[0]?.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('throws a typed ApiError with code, status and field issues', async () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: 'invalid',
        fields: [{ path: ['units', 0, 'unitId'], code: 'invalid_type', message: 'Required' }],
      },
    };
    const api = createApi({ fetch: fakeFetch(400, body), stationToken: () => null });
    const err = await api('createPerson', { body: { kind: 'resident', fullName: 'X' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'validation_failed', status: 400 });
    expect((err as ApiError).fields[0]?.path).toEqual(['units', 0, 'unitId']);
  });

  it('maps a bare status to an error code and a malformed success to bad_response', async () => {
    const unauthorized = createApi({ fetch: fakeFetch(401, undefined), stationToken: () => null });
    await expect(unauthorized('me')).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    const malformed = createApi({ fetch: fakeFetch(200, { nope: true }), stationToken: () => null });
    await expect(malformed('getSite')).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('reports an unreachable gateway as network', async () => {
    const api = createApi({
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
      stationToken: () => null,
    });
    await expect(api('getSite')).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
