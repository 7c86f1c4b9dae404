import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../db/access-log.js';
import { TestClock, call, startTestGateway, type TestGateway } from '../support/gateway.js';
import { mosquittoAvailable, startMosquitto, type Broker } from '../support/mosquitto.js';
import { skipWithout } from '../support/tools.js';

describe.skipIf(skipWithout(mosquittoAvailable()))('access decisions over MQTT (real mosquitto)', () => {
  let broker: Broker;
  let gw: TestGateway;
  let client: MqttClient;
  const clock = new TestClock(Date.parse('2026-11-23T03:00:00Z'));

  beforeAll(async () => {
    broker = await startMosquitto();
    gw = await startTestGateway({ clock, overrides: { accessMqttUrl: broker.url, siteCode: 'SONGHONG' } });
    await gw.addUser('bao.ve', 'security');
    const security = await gw.login('bao.ve');
    const post = (path: string, body: unknown, method = 'POST') => call(gw.base, method, path, { cookie: security, body }).then((r) => r.body);
    const zone = await post('/api/access/zones', { code: 'GATE', name: 'Cổng chính', kind: 'door' });
    await post('/api/access/readers/gate-in', { id: 'gate-in', name: 'Cổng vào', zoneId: zone.id }, 'PUT');
    const always = await post('/api/access/schedules', { name: 'always', intervals: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' })) });
    const group = await post('/api/access/groups', { name: 'residents', rules: [{ zoneId: zone.id, scheduleId: always.id }] });
    const card = await post('/api/cards', { uid: '62E3086CED', technology: 'em4100' });
    await post(`/api/cards/${card.id}/activate`, { holderKind: 'resident', accessGroupIds: [group.id] });
    client = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    await client.subscribeAsync('frontgate/SONGHONG/access/response/#', { qos: 1 });
  }, 30_000);

  afterAll(async () => {
    await client?.endAsync();
    await gw?.stop();
    await broker?.stop();
  });

  const ask = (readerId: string, payload: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const onMessage = (topic: string, message: Buffer) => {
        if (topic !== `frontgate/SONGHONG/access/response/${readerId}`) return;
        client.off('message', onMessage);
        resolve(JSON.parse(message.toString()) as Record<string, unknown>);
      };
      client.on('message', onMessage);
      void client.publishAsync(`frontgate/SONGHONG/access/request/${readerId}`, payload, { qos: 1 });
    });

  it('answers a request on the reader response topic with the decision and the request id', async () => {
    expect(await ask('gate-in', JSON.stringify({ uid: '62e3086ced', requestId: 'r-1' }))).toMatchObject({ requestId: 'r-1', granted: true, reason: 'granted', readerId: 'gate-in', uid: '62E3086CED' });
    expect(await ask('gate-in', JSON.stringify({ uid: '0000000001', requestId: 'r-2' }))).toMatchObject({ requestId: 'r-2', granted: false, reason: 'unknown_card' });
    expect(await ask('unknown-door', JSON.stringify({ uid: '62E3086CED' }))).toMatchObject({ granted: false, reason: 'reader_unknown' });
    // Answers do not wait for the log's group commit: commit what waits before counting.
    DecisionLog.of(gw.db).flush();
    expect(gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get()).toEqual({ n: 3 });
  });

  it('answers MQTT 5 request/response with the correlation data on the given response topic', async () => {
    await client.subscribeAsync('controllers/c-7/replies', { qos: 1 });
    const reply = new Promise<{ body: Record<string, unknown>; correlation: string | undefined }>((resolve) => {
      const onMessage = (topic: string, message: Buffer, packet: { properties?: { correlationData?: Buffer } }) => {
        if (topic !== 'controllers/c-7/replies') return;
        client.off('message', onMessage);
        resolve({ body: JSON.parse(message.toString()) as Record<string, unknown>, correlation: packet.properties?.correlationData?.toString() });
      };
      client.on('message', onMessage);
    });
    await client.publishAsync('frontgate/SONGHONG/access/request/gate-in', JSON.stringify({ uid: '62E3086CED' }), {
      qos: 1,
      properties: { responseTopic: 'controllers/c-7/replies', correlationData: Buffer.from('tap-42') },
    });
    expect(await reply).toEqual({ body: expect.objectContaining({ granted: true }), correlation: 'tap-42' });
  });

  it('rejects malformed requests with a validation error and decides nothing', async () => {
    DecisionLog.of(gw.db).flush();
    const before = gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get();
    expect(await ask('gate-in', 'not json')).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await ask('gate-in', JSON.stringify({ uid: 'XYZ' }))).toMatchObject({ error: { code: 'validation_failed' } });
    expect(DecisionLog.of(gw.db).pending).toBe(0);
    expect(gw.db.sqlite.prepare('SELECT count(*) AS n FROM access_events').get()).toEqual(before);
  });

  it('answers with the QoS the request came with', async () => {
    const answer = (qos: 0 | 1) =>
      new Promise<number>((resolve) => {
        const onMessage = (topic: string, _message: Buffer, packet: { qos: number }) => {
          if (topic !== 'frontgate/SONGHONG/access/response/gate-in') return;
          client.off('message', onMessage);
          resolve(packet.qos);
        };
        client.on('message', onMessage);
        void client.publishAsync('frontgate/SONGHONG/access/request/gate-in', JSON.stringify({ uid: '62E3086CED' }), { qos });
      });
    expect(await answer(0)).toBe(0);
    expect(await answer(1)).toBe(1);
  });

  it('answers an error, not a decision, while decisions cannot be logged (the door stays shut), then recovers', async () => {
    const log = DecisionLog.of(gw.db);
    log.flush();
    const count = (table: 'access_events' | 'outbox') => (gw.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { events: count('access_events'), outbox: count('outbox') };
    // Locked for the gateway's connection and for the background writer of the decisions alike.
    expect(log.offThread).toBe(true);
    gw.db.sqlite.pragma('busy_timeout = 0');
    log.writerPragma('busy_timeout = 0');
    const other = new Database(gw.db.path);
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(await ask('gate-in', JSON.stringify({ uid: '62E3086CED', requestId: 'r-locked-1' }))).toMatchObject({ requestId: 'r-locked-1', granted: true });
      expect(() => log.flush()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      expect(await ask('gate-in', JSON.stringify({ uid: '62E3086CED', requestId: 'r-locked-2' }))).toEqual({ error: { code: 'internal', message: 'the gateway cannot decide now; the door stays shut' } });
      other.exec('ROLLBACK');
    } finally {
      other.close();
      gw.db.sqlite.pragma('busy_timeout = 5000');
      log.writerPragma('busy_timeout = 5000');
    }
    expect(await ask('gate-in', JSON.stringify({ uid: '62E3086CED', requestId: 'r-after' }))).toMatchObject({ requestId: 'r-after', granted: true });
    log.flush();
    // The decision answered before the lock is logged once; the refused one not at all.
    expect({ events: count('access_events'), outbox: count('outbox') }).toEqual({ events: before.events + 2, outbox: before.outbox + 2 });
  });

  it('sees a revocation at the next request', async () => {
    const card = gw.db.sqlite.prepare("SELECT id FROM cards WHERE uid = '62E3086CED'").get() as { id: number };
    gw.db.sqlite.prepare("UPDATE cards SET status = 'suspended' WHERE id = ?").run(card.id);
    expect(await ask('gate-in', JSON.stringify({ uid: '62E3086CED' }))).toMatchObject({ granted: false, reason: 'not_active' });
  });
});
