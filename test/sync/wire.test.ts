/** The wire format and the small pure parts of sync: envelopes, signatures, error classes, backoff, the OpenAPI doc. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../db/outbox.js';
import { EventBatch, EventEnvelope, SyncCommand } from '../../gateway/contract/index.js';
import { backoffDelay, Sleeper } from '../../gateway/sync/backoff.js';
import { batchJson, envelopeJson } from '../../gateway/sync/envelope.js';
import { httpError, retryAfterMs } from '../../gateway/sync/errors.js';
import { sign, verifySignature } from '../../gateway/sync/signature.js';
import { syncState } from '../../gateway/sync/status.js';
import { upstreamOpenApi } from '../../gateway/sync/upstream-openapi.js';
import { VERSION } from '../../gateway/version.js';

const row: OutboxRow = {
  id: '0190c6a0-1234-7abc-8def-0123456789ab',
  siteCode: 'SONGHONG',
  type: 'card.activated',
  schemaVersion: 1,
  occurredAt: Date.parse('2026-11-23T03:00:00.123Z'),
  aggregateType: 'card',
  aggregateId: '17',
  payload: '{"uid":"62E3086CED","personName":"Nguyễn Văn An","note":"\\"quoted\\""}',
  attempts: 0,
};

describe('event envelopes', () => {
  it('are written around the stored payload and match the contract', () => {
    const envelope = JSON.parse(envelopeJson(row));
    expect(EventEnvelope.parse(envelope)).toEqual({
      id: row.id,
      site: 'SONGHONG',
      type: 'card.activated',
      schemaVersion: 1,
      occurredAt: '2026-11-23T03:00:00.123Z',
      aggregate: { type: 'card', id: '17' },
      payload: { uid: '62E3086CED', personName: 'Nguyễn Văn An', note: '"quoted"' },
    });
    const batch = EventBatch.parse(JSON.parse(batchJson('SONGHONG', row.occurredAt, [row, { ...row, id: '0190c6a0-1234-7abc-8def-0123456789ac' }])));
    expect(batch.events.map((e) => e.id)).toEqual([row.id, '0190c6a0-1234-7abc-8def-0123456789ac']);
  });

  it('validate command payloads: a UID is normalised, a pre-registration needs exactly one host and a real window', () => {
    expect(SyncCommand.parse({ id: 'c-1', type: 'card.revoke', payload: { uid: '62:e3:08:6c:ed', reason: 'lost' } })).toMatchObject({ payload: { uid: '62E3086CED' } });
    const visit = { fullName: 'Lê Hoa', purpose: 'service', expectedStart: '2026-11-23T08:00:00+07:00', expectedEnd: '2026-11-23T10:00:00+07:00' };
    expect(SyncCommand.safeParse({ id: 'c-2', type: 'visitor.preregister', payload: { ...visit, hostUnitId: 3 } }).success).toBe(true);
    expect(SyncCommand.safeParse({ id: 'c-3', type: 'visitor.preregister', payload: { ...visit, hostUnitId: 3, hostPersonId: 4 } }).success).toBe(false);
    expect(SyncCommand.safeParse({ id: 'c-4', type: 'visitor.preregister', payload: { ...visit, hostUnitId: 3, expectedEnd: visit.expectedStart } }).success).toBe(false);
    expect(SyncCommand.safeParse({ id: 'c 5', type: 'watchlist.add', payload: { fullName: 'X', reason: 'r' } }).success).toBe(false);
    expect(SyncCommand.safeParse({ id: 'c-6', type: 'card.delete', payload: {} }).success).toBe(false);
  });
});

describe('signatures', () => {
  it('are HMAC-SHA256 of the raw body, checked in constant time, and fail on any change', () => {
    const body = batchJson('SONGHONG', row.occurredAt, [row]);
    const signature = sign('secret', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('secret', body, signature)).toBe(true);
    expect(verifySignature('secret', Buffer.from(body), signature)).toBe(true);
    expect(verifySignature('other', body, signature)).toBe(false);
    expect(verifySignature('secret', body.replace('17', '18'), signature)).toBe(false);
    expect(verifySignature('secret', body, undefined)).toBe(false);
    expect(verifySignature('secret', body, 'sha256=00')).toBe(false);
  });
});

describe('error classes of upstream answers', () => {
  const now = Date.parse('2026-11-23T03:00:00Z');
  it('map statuses to retryable, rejected and auth', () => {
    expect(httpError(200, null, now)).toBeNull();
    expect(httpError(401, null, now)).toMatchObject({ kind: 'auth', code: 'unauthorized' });
    expect(httpError(403, null, now)).toMatchObject({ kind: 'auth', code: 'forbidden' });
    expect(httpError(429, '7', now)).toMatchObject({ kind: 'retryable', code: 'rate_limited', retryAfterMs: 7000 });
    expect(httpError(503, null, now)).toMatchObject({ kind: 'retryable', code: 'http_503', retryAfterMs: null });
    expect(httpError(408, null, now)).toMatchObject({ kind: 'retryable' });
    expect(httpError(400, null, now, 'bad batch')).toMatchObject({ kind: 'rejected', code: 'http_400', message: expect.stringContaining('bad batch') });
    expect(httpError(422, null, now)).toMatchObject({ kind: 'rejected', code: 'http_422' });
  });

  it('read Retry-After in seconds or as a date, capped at an hour', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(retryAfterMs(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(3_600_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe('backoff', () => {
  it('grows exponentially to the cap, with jitter between half and all of it', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, () => 1, policy)).toBe(60_000);
    expect(backoffDelay(3, () => 0, policy)).toBe(2000);
    expect(backoffDelay(3, () => 0.5, policy)).toBe(3000);
  });

  it('sleeps until woken when a timer would take longer', async () => {
    const handles: (() => void)[] = [];
    const sleeper = new Sleeper({ setTimeout: (fn) => handles.push(fn), clearTimeout: () => undefined });
    let woke = false;
    const sleeping = sleeper.sleep(60_000).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    sleeper.wake();
    await sleeping;
    expect(woke).toBe(true);
    expect(handles).toHaveLength(1);
  });
});

describe('sync state', () => {
  const pusher = (state: 'idle' | 'pushing' | 'offline' | 'error') => ({ state, lastSuccessAt: null, lastAttemptAt: null, nextAttemptAt: null, lastError: null, sentSinceStart: 0 });
  it('is the worst of the pusher, the command poller and the MQTT connection', () => {
    expect(syncState({ transport: null, pusher: null, poller: null, mqttConnected: null })).toBe('not_configured');
    expect(syncState({ transport: 'http', pusher: pusher('idle'), poller: { lastPollAt: 2, lastError: null, stopped: false }, mqttConnected: null })).toBe('idle');
    expect(syncState({ transport: 'http', pusher: pusher('pushing'), poller: null, mqttConnected: null })).toBe('pushing');
    expect(syncState({ transport: 'http', pusher: pusher('idle'), poller: { lastPollAt: 1, lastError: { at: 2, kind: 'retryable', code: 'network', message: '' }, stopped: false }, mqttConnected: null })).toBe('offline');
    expect(syncState({ transport: 'http', pusher: pusher('idle'), poller: { lastPollAt: 3, lastError: { at: 2, kind: 'retryable', code: 'network', message: '' }, stopped: false }, mqttConnected: null })).toBe('idle');
    expect(syncState({ transport: 'mqtt', pusher: pusher('idle'), poller: null, mqttConnected: false })).toBe('offline');
    expect(syncState({ transport: 'http', pusher: pusher('offline'), poller: { lastPollAt: null, lastError: null, stopped: true }, mqttConnected: null })).toBe('error');
  });
});

describe('the upstream OpenAPI document', () => {
  it('is generated from the contract and docs/upstream-openapi.json is up to date (npx frontgate upstream-openapi)', () => {
    const doc = upstreamOpenApi(VERSION);
    expect(Object.keys(doc.paths)).toEqual(['/v1/events', '/v1/commands', '/v1/commands/ack']);
    expect(doc.components.schemas.Command).toMatchObject({ oneOf: expect.any(Array) });
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/upstream-openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
