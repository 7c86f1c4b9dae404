/**
 * Access decisions over MQTT request/response through Debian's mosquitto: the gateway's responder against an echo
 * responder on the same broker (the broker round trip alone). 32 requests in flight, like 32 busy doors, sent by a
 * requester in a worker thread of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import pino from 'pino';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { startGateway } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';
import { mosquittoAvailable, startMosquitto } from '../test/support/mosquitto.js';
import { seedAccess } from './access.js';
import { alternatingRounds, medianRound, type Figure } from './report.js';

const IN_FLIGHT = 32;
const WARM_UP = 1_000;

/**
 * The requester, in a worker thread of its own (plain CommonJS: it must not depend on the main thread's TypeScript
 * loader), so that it does not share the event loop of the responder it measures — as the HTTP load generator runs
 * (bench/access.ts). It connects, takes a warm-up round, then sends `total` requests keeping IN_FLIGHT outstanding,
 * and posts back requests per second.
 */
const REQUESTER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const mqtt = require(w.mqtt);
(async () => {
  const client = await mqtt.connectAsync(w.url);
  await client.subscribeAsync('frontgate/' + w.site + '/access/response/lobby', { qos: 0 });
  const drive = (total) => new Promise((resolve) => {
    let sent = 0;
    let answered = 0;
    const started = performance.now();
    const send = () => {
      if (sent >= total) return;
      sent++;
      client.publish('frontgate/' + w.site + '/access/request/lobby', JSON.stringify({ uid: (0x10000000 + (sent % 20000) + 1).toString(16).toUpperCase(), requestId: String(sent) }), { qos: 0 });
    };
    const onMessage = () => {
      answered++;
      if (answered < total) return send();
      client.off('message', onMessage);
      resolve(total / ((performance.now() - started) / 1000));
    };
    client.on('message', onMessage);
    for (let i = 0; i < w.inFlight; i++) send();
  });
  await drive(w.warmUp);
  const rate = await drive(w.total);
  await client.endAsync();
  parentPort.postMessage(rate);
})().catch((error) => parentPort.postMessage({ error: String(error && error.message) }));`;

/** Runs the requester against `site` on the broker; resolves requests per second. */
function drive(url: string, site: string, total: number): Promise<number> {
  const worker = new Worker(REQUESTER, { eval: true, workerData: { url, site, total, warmUp: WARM_UP, inFlight: IN_FLIGHT, mqtt: createRequire(import.meta.url).resolve('mqtt') } });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: number | { error: string }) => (typeof message === 'number' ? resolve(message) : reject(new Error(`mqtt bench requester: ${message.error}`))));
    worker.once('error', reject);
  });
}

export async function accessMqttFigures(quick: boolean): Promise<Figure[]> {
  if (!mosquittoAvailable()) return [];
  const total = quick ? 2_000 : 8_000;
  const broker = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-bench-mqtt-'));
  let echo: mqtt.MqttClient | undefined;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    // Baseline: an echo responder doing nothing but answering on the response topic.
    const responder = await mqtt.connectAsync(broker.url);
    echo = responder;
    await responder.subscribeAsync('frontgate/ECHO/access/request/+', { qos: 0 });
    responder.on('message', (topic, payload) => responder.publish(topic.replace('/request/', '/response/'), payload, { qos: 0 }));

    const seed = openDatabase(join(dir, 'frontgate.db'));
    migrate(seed);
    seedAccess(seed);
    closeDatabase(seed);
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, port: 0, logLevel: 'silent', siteCode: 'BENCH', accessMqttUrl: broker.url } });
    gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
    // Both responders stay connected; the rounds alternate between them (each round has its own warm-up first).
    const rounds = await alternatingRounds(quick ? 1 : 3, (side) => drive(broker.url, side === 'baseline' ? 'ECHO' : 'BENCH', total));
    const middle = medianRound(rounds, (rate) => rate);
    return [
      { group: 'access', name: `access decision over MQTT request/response (${IN_FLIGHT} in flight; median of ${rounds.length} alternating rounds): throughput`, value: middle.value, unit: 'decisions/s', baseline: middle.baseline, baselineName: 'mosquitto round trip with an echo responder', target: { op: '>=', value: 0.7, of: 'ratio' } },
    ];
  } finally {
    await gateway?.close();
    await echo?.endAsync();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
