/**
 * Upstream sync inside a running gateway: API writes reach the development receiver, commands come back down and are
 * applied once, and the Sync endpoints (status, dead letters, retry) work for whom the contract allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleBatch } from '../../db/outbox.js';
import { receiverStats } from '../../db/receiver-store.js';
import { markAcked, recordCommand } from '../../db/sync-commands.js';
import { upstreamOpenApi } from '../../gateway/sync/upstream-openapi.js';
import { VERSION } from '../../gateway/version.js';
import { PASSWORD, call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { SECRET, TOKEN, eventually, startReceiver, type TestReceiver } from '../support/sync.js';

const tuning = { backoff: { baseMs: 20, maxMs: 200 }, idleCheckMs: 20 };

async function gatewayWith(receiver: TestReceiver | null, overrides: Record<string, unknown> = {}): Promise<TestGateway> {
  return startTestGateway({
    overrides: {
      siteCode: 'SONGHONG',
      ...(receiver && { upstreamUrl: receiver.url, upstreamToken: TOKEN, upstreamSecret: SECRET }),
      syncPollMs: 100,
      syncLingerMs: 10,
      syncTimeoutMs: 2000,
      ...overrides,
    },
    sync: tuning,
  });
}

describe('sync in a running gateway', () => {
  let receiver: TestReceiver;
  let gw: TestGateway;
  let admin: string;
  let manager: string;
  let receptionist: string;
  const api = (method: string, path: string, body?: unknown, cookie = admin) => call(gw.base, method, path, { cookie, ...(body !== undefined && { body }) });

  beforeAll(async () => {
    receiver = await startReceiver();
    gw = await gatewayWith(receiver);
    await gw.addUser('quan.tri', 'admin');
    await gw.addUser('quan.ly', 'manager');
    await gw.addUser('le.tan', 'receptionist');
    [admin, manager, receptionist] = await Promise.all([gw.login('quan.tri', PASSWORD), gw.login('quan.ly'), gw.login('le.tan')]);
  }, 30_000);
  afterAll(async () => {
    await gw?.stop();
    await receiver?.dispose();
  });

  const registerActive = async (uid: string) => {
    const card = await api('POST', '/api/cards', { uid, technology: 'em4100' });
    expect(card.status).toBe(201);
    const zone = await api('POST', '/api/access/zones', { code: `Z${uid.slice(-4)}`, name: 'Sảnh', kind: 'common' });
    const activated = await api('POST', `/api/cards/${card.body.id}/activate`, { holderKind: 'staff', zoneIds: [zone.body.id] });
    expect(activated.status).toBe(200);
    return card.body.id as number;
  };
  const receivedTypes = (aggregateId: number) =>
    (receiver.db.sqlite.prepare("SELECT type FROM events WHERE aggregate_type = 'card' AND aggregate_id = ? ORDER BY seq").all(String(aggregateId)) as { type: string }[]).map((r) => r.type);

  it('pushes card registrations and activations upstream, and reports it in /api/health and the status', async () => {
    const id = await registerActive('62E3086CED');
    await eventually(() => receivedTypes(id).length === 2, 'the card events upstream');
    expect(receivedTypes(id)).toEqual(['card.registered', 'card.activated']);
    const stored = receiver.db.sqlite.prepare("SELECT site, payload FROM events WHERE type = 'card.activated'").get() as { site: string; payload: string };
    expect(stored.site).toBe('SONGHONG');
    expect(JSON.parse(stored.payload)).toMatchObject({ id, uid: '62E3086CED', status: 'active' });

    await eventually(async () => (await call(gw.base, 'GET', '/api/health')).body.sync.queueDepth === 0, 'an empty queue in /api/health');
    const health = (await call(gw.base, 'GET', '/api/health')).body.sync;
    expect(health).toMatchObject({ queueDepth: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null, deadLetters: 0, lastErrorAt: null });
    expect(['idle', 'pushing']).toContain(health.state);
    expect(Date.parse(health.lastSuccessAt)).not.toBeNaN();
    const status = await api('GET', '/api/sync/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ transport: 'http', upstream: `${receiver.url}/`, queueDepth: 0, deadLetters: 0, batchSize: 500, retentionDays: 30, commands: { http: true, mqtt: false } });
    expect(status.body.sentSinceStart).toBeGreaterThanOrEqual(2);
  });

  it('lets a manager read the status but only an admin act; others see nothing', async () => {
    expect((await api('GET', '/api/sync/status', undefined, manager)).status).toBe(200);
    expect((await api('GET', '/api/sync/dead-letters', undefined, manager)).status).toBe(200);
    expect((await api('POST', '/api/sync/retry', undefined, manager)).status).toBe(403);
    expect((await api('POST', '/api/sync/dead-letters/resend', undefined, manager)).status).toBe(403);
    expect((await api('GET', '/api/sync/status', undefined, receptionist)).status).toBe(403);
    expect((await call(gw.base, 'GET', '/api/sync/status')).status).toBe(401);
  });

  it('shows a refused event as a dead letter with the events it holds; discard or re-send it from the API, audited', async () => {
    await receiver.dev('/_dev/faults', { rejectTypes: ['card.suspended'], rejectCode: 'not_accepted_here' });
    const id = await registerActive('62E3086CEE');
    for (const action of ['suspend', 'resume', 'suspend']) expect((await api('POST', `/api/cards/${id}/status`, { action, reason: 'kiểm tra' })).status).toBe(200);
    await eventually(async () => (await api('GET', '/api/sync/dead-letters')).body.total === 1, 'the dead letter');
    const list = (await api('GET', '/api/sync/dead-letters')).body;
    expect(list.items[0]).toMatchObject({ type: 'card.suspended', aggregateType: 'card', aggregateId: String(id), code: 'not_accepted_here', held: 2, payload: { id, status: 'suspended' } });
    expect(receivedTypes(id)).toEqual(['card.registered', 'card.activated']);
    expect((await call(gw.base, 'GET', '/api/health')).body.sync).toMatchObject({ deadLetters: 1, queueDepth: 2, lastErrorKind: 'rejected' });

    // Still refused after a re-send: it comes back as a dead letter.
    const resend = await api('POST', `/api/sync/dead-letters/${list.items[0].id}/resend`);
    expect(resend.body).toEqual({ count: 1 });
    await eventually(async () => (await api('GET', '/api/sync/dead-letters')).body.total === 1, 'the refused re-send to be a dead letter again');
    // Upstream accepts it now: re-send all; the held events follow in order.
    await receiver.dev('/_dev/faults', { rejectTypes: [] });
    expect((await api('POST', '/api/sync/dead-letters/resend')).body).toEqual({ count: 1 });
    await eventually(() => receivedTypes(id).length === 5, 'the re-sent event and those it held');
    expect(receivedTypes(id)).toEqual(['card.registered', 'card.activated', 'card.suspended', 'card.resumed', 'card.suspended']);
    const audit = (await api('GET', '/api/audit?action=sync.dead_letter.resend')).body;
    expect(audit.items.map((a: { actor: { username: string } }) => a.actor.username)).toEqual(['quan.tri', 'quan.tri']);

    await receiver.dev('/_dev/faults', { rejectTypes: ['card.resumed'] });
    expect((await api('POST', `/api/cards/${id}/status`, { action: 'resume', reason: 'xong' })).status).toBe(200);
    await eventually(async () => (await api('GET', '/api/sync/dead-letters')).body.total === 1, 'the second dead letter');
    const dead = (await api('GET', '/api/sync/dead-letters')).body.items[0];
    expect((await api('POST', `/api/sync/dead-letters/${dead.id}/discard`, { reason: '' })).status).toBe(400);
    expect((await api('POST', `/api/sync/dead-letters/${dead.id}/discard`, { reason: 'trung tâm không cần' })).body).toEqual({ count: 1 });
    expect((await api('POST', `/api/sync/dead-letters/${dead.id}/discard`, { reason: 'again' })).status).toBe(404);
    expect((await api('GET', '/api/sync/dead-letters')).body.total).toBe(0);
    await receiver.dev('/_dev/faults', { rejectTypes: [] });
  });

  it('stops on 401 (state error in /api/health) and resumes when an admin presses retry', async () => {
    await receiver.dev('/_dev/faults', { failNext: { count: 1, status: 401 } });
    const id = (await api('POST', '/api/cards', { uid: '62E3086CEF', technology: 'em4100' })).body.id as number;
    await eventually(async () => (await call(gw.base, 'GET', '/api/health')).body.sync.state === 'error', 'state error');
    expect((await api('GET', '/api/sync/status')).body.lastError).toMatchObject({ kind: 'auth', code: 'unauthorized' });
    const retried = await api('POST', '/api/sync/retry');
    expect(retried.status).toBe(200);
    await eventually(() => receivedTypes(id).length === 1, 'the event after retry');
    expect((await api('GET', '/api/audit?action=sync.retry')).body.items[0]).toMatchObject({ actor: { username: 'quan.tri' }, before: { state: 'error' } });
  });

  it('applies commands once, as upstream, even when they are delivered again, and acknowledges each', async () => {
    const cardId = await registerActive('A1B2C3D4E5');
    const unit = (await api('POST', '/api/units', { code: 'A-1201', kind: 'apartment', floor: 12 })).body;
    const start = new Date(Date.now() + 3600_000).toISOString();
    const end = new Date(Date.now() + 7200_000).toISOString();
    const commands = [
      { id: 'cmd-revoke-1', type: 'card.revoke', payload: { uid: 'a1:b2:c3:d4:e5', reason: 'Thẻ bị báo mất tại văn phòng trung tâm' } },
      { id: 'cmd-watch-1', type: 'watchlist.add', payload: { fullName: 'Trần Văn Bảo', reason: 'Cấm vào tòa nhà theo yêu cầu của trung tâm' } },
      { id: 'cmd-visit-1', type: 'visitor.preregister', payload: { fullName: '李小明', hostUnitId: unit.id, purpose: 'business', expectedStart: start, expectedEnd: end, note: null } },
      { id: 'cmd-unknown-card', type: 'card.revoke', payload: { uid: 'FFFFFFFF01', reason: 'không có' } },
      { id: 'cmd-bad', type: 'card.revoke', payload: { uid: 'not hex' } },
      { id: 'cmd-host-missing', type: 'visitor.preregister', payload: { fullName: 'Nguyễn An', hostUnitId: 999_999, purpose: 'service', expectedStart: start, expectedEnd: end } },
    ];
    await receiver.dev('/_dev/commands', { commands });
    const acks = async () => (await receiver.dev('/_dev/acks')).items as { commandId: string; status: string; code: string | null; acks: number }[];
    await eventually(async () => (await acks()).length === commands.length, 'every command acknowledged');
    const byId = Object.fromEntries((await acks()).map((a) => [a.commandId, a]));
    expect(byId['cmd-revoke-1']).toMatchObject({ status: 'applied', code: null, acks: 1 });
    expect(byId['cmd-watch-1']).toMatchObject({ status: 'applied' });
    expect(byId['cmd-visit-1']).toMatchObject({ status: 'applied' });
    expect(byId['cmd-unknown-card']).toMatchObject({ status: 'rejected', code: 'unknown_card' });
    expect(byId['cmd-bad']).toMatchObject({ status: 'rejected', code: 'invalid_command' });
    expect(byId['cmd-host-missing']).toMatchObject({ status: 'rejected', code: 'unknown_host' });

    // Redelivered (upstream ignores the cursor once): acknowledged again, applied not again.
    await receiver.dev('/_dev/faults', { replayCommands: true });
    await eventually(async () => (await acks()).every((a) => a.acks === 2), 'the second acknowledgements');

    const card = (await api('GET', `/api/cards/${cardId}`)).body;
    expect(card.status).toBe('revoked');
    expect(card.events.filter((e: { kind: string }) => e.kind === 'revoked')).toEqual([expect.objectContaining({ reason: 'Thẻ bị báo mất tại văn phòng trung tâm' })]);
    const watch = (await api('GET', '/api/watchlist')).body.items.filter((w: { fullName: string }) => w.fullName === 'Trần Văn Bảo');
    expect(watch).toHaveLength(1);
    expect(gw.db.sqlite.prepare("SELECT count(*) AS n FROM visits WHERE channel = 'upstream' AND external_ref = 'cmd-visit-1' AND status = 'expected'").get()).toEqual({ n: 1 });
    const audit = gw.db.sqlite.prepare("SELECT action, username FROM audit_log WHERE action LIKE 'sync.command.%' OR (username = 'upstream' AND action = 'card.revoked') ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'card.revoked', username: 'upstream' },
      { action: 'sync.command.applied', username: 'upstream' },
      { action: 'sync.command.applied', username: 'upstream' },
      { action: 'sync.command.applied', username: 'upstream' },
      { action: 'sync.command.rejected', username: 'upstream' },
      { action: 'sync.command.rejected', username: 'upstream' },
      { action: 'sync.command.rejected', username: 'upstream' },
    ]);
    // The revocation itself goes back up like any other card change.
    await eventually(() => receivedTypes(cardId).includes('card.revoked'), 'the revocation event upstream');
    const status = (await api('GET', '/api/sync/status')).body.commands;
    expect(status).toMatchObject({ applied: 3, rejected: 3, unacked: 0 });
  });

  it('serves the upstream OpenAPI document to anyone on the LAN', async () => {
    const doc = await call(gw.base, 'GET', '/api/sync/upstream-openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body).toEqual(JSON.parse(JSON.stringify(upstreamOpenApi(VERSION))));
  });

  it('keeps the receiver free of duplicates after everything above', async () => {
    await eventually(() => (gw.db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n === 0, 'an empty queue');
    const stats = receiverStats(receiver.db);
    expect(receiver.db.sqlite.prepare('SELECT count(DISTINCT id) AS n FROM events').get()).toEqual({ n: stats.events });
    expect(gw.db.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get()).toEqual({ n: stats.events });
  });
});

describe('sync without an upstream', () => {
  it('is not configured: events wait in the outbox, retry says why it cannot', async () => {
    const gw = await gatewayWith(null);
    try {
      await gw.addUser('quan.tri', 'admin');
      const admin = await gw.login('quan.tri');
      expect((await call(gw.base, 'POST', '/api/cards', { cookie: admin, body: { uid: '0102030405', technology: 'em4100' } })).status).toBe(201);
      expect((await call(gw.base, 'GET', '/api/health')).body.sync).toMatchObject({ state: 'not_configured', queueDepth: 1, deadLetters: 0 });
      const retry = await call(gw.base, 'POST', '/api/sync/retry', { cookie: admin });
      expect(retry).toMatchObject({ status: 409, body: { error: { code: 'sync_not_configured' } } });
    } finally {
      await gw.stop();
    }
  });
});

describe('retention of sent events', () => {
  it('prunes sent events older than syncRetentionDays, keeps unsent and dead ones, and audits it', async () => {
    const gw = await gatewayWith(null, { syncRetentionDays: 7 });
    try {
      await gw.addUser('quan.tri', 'admin');
      const admin = await gw.login('quan.tri');
      for (const uid of ['0102030405', '0102030406', '0102030407', '0102030408']) {
        expect((await call(gw.base, 'POST', '/api/cards', { cookie: admin, body: { uid, technology: 'em4100' } })).status).toBe(201);
      }
      const ids = (gw.db.sqlite.prepare('SELECT id FROM outbox ORDER BY id').all() as { id: string }[]).map((r) => r.id);
      const day = 86_400_000;
      settleBatch(gw.db, { sent: [ids[0]!], rejected: [{ id: ids[2]!, code: 'x', reason: 'refused' }], unanswered: [] }, Date.now() - 8 * day);
      settleBatch(gw.db, { sent: [ids[1]!], rejected: [], unanswered: [] }, Date.now() - 6 * day);
      expect(gw.sync.prune()).toBe(1);
      expect(gw.db.sqlite.prepare('SELECT id, status FROM outbox ORDER BY id').all()).toEqual([
        { id: ids[1], status: 'sent' },
        { id: ids[2], status: 'dead' },
        { id: ids[3], status: 'pending' },
      ]);
      expect(gw.db.sqlite.prepare("SELECT username, after FROM audit_log WHERE action = 'sync.prune'").all()).toEqual([
        { username: 'system', after: expect.stringContaining('"deleted":1') },
      ]);

      // Command outcomes: acknowledged ones past the retention go; recent or unacknowledged ones stay (the latter
      // are the acknowledgement queue, the former still guard against a redelivery).
      const command = (id: string, receivedAt: number) =>
        recordCommand(gw.db, { id, type: 'card.revoke', source: 'http', receivedAt, outcome: 'applied', code: null, message: null });
      command('old-acked', Date.now() - 9 * day);
      command('old-unacked', Date.now() - 9 * day);
      command('recent-acked', Date.now() - 2 * day);
      markAcked(gw.db, [{ id: 'old-acked', deliveries: 1 }], Date.now() - 8 * day);
      markAcked(gw.db, [{ id: 'recent-acked', deliveries: 1 }], Date.now() - 2 * day);
      expect(gw.sync.pruneAll()).toEqual({ events: 0, commands: 1 });
      expect(gw.db.sqlite.prepare('SELECT id FROM sync_commands ORDER BY id').all()).toEqual([{ id: 'old-unacked' }, { id: 'recent-acked' }]);
      expect(gw.db.sqlite.prepare("SELECT entity, after FROM audit_log WHERE action = 'sync.prune' AND entity = 'sync_command'").all()).toEqual([
        { entity: 'sync_command', after: expect.stringContaining('"deleted":1') },
      ]);
    } finally {
      await gw.stop();
    }
  });
});
