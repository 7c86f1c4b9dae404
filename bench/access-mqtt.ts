/**
 * Access decisions over MQTT request/response through Debian's mosquitto: the gateway's responder against an echo
 * responder on the same broker (the broker round trip alone). 32 requests in flight, like 32 busy doors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { startGateway } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';
import { mosquittoAvailable, startMosquitto } from '../test/support/mosquitto.js';
import { seedAccess } from './access.js';
import type { Figure } from './report.js';

const IN_FLIGHT = 32;
const WARM_UP = 1_000;

/** Sends `total` requests keeping IN_FLIGHT outstanding; returns requests per second. */
async function drive(client: MqttClient, site: string, total: number): Promise<number> {
  await client.subscribeAsync(`frontgate/${site}/access/response/lobby`, { qos: 0 });
  let sent = 0;
  let answered = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const send = () => {
      if (sent >= total) return;
      sent++;
      client.publish(`frontgate/${site}/access/request/lobby`, JSON.stringify({ uid: (0x10000000 + (sent % 20_000) + 1).toString(16).toUpperCase(), requestId: String(sent) }), { qos: 0 });
    };
    const onMessage = () => {
      answered++;
      if (answered < total) return send();
      client.off('message', onMessage);
      resolve();
    };
    client.on('message', onMessage);
    for (let i = 0; i < IN_FLIGHT; i++) send();
  });
  return total / ((performance.now() - started) / 1000);
}

export async function accessMqttFigures(quick: boolean): Promise<Figure[]> {
  if (!mosquittoAvailable()) return [];
  const total = quick ? 2_000 : 20_000;
  const broker = await startMosquitto();
  try {
    // Baseline: an echo responder doing nothing but answering on the response topic.
    const echo = await mqtt.connectAsync(broker.url);
    await echo.subscribeAsync('frontgate/ECHO/access/request/+', { qos: 0 });
    echo.on('message', (topic, payload) => echo.publish(topic.replace('/request/', '/response/'), payload, { qos: 0 }));
    const echoClient = await mqtt.connectAsync(broker.url);
    // Each side gets the same warm-up round first (JIT, connection buffers), not measured.
    await drive(echoClient, 'ECHO', WARM_UP);
    const baseline = await drive(echoClient, 'ECHO', total);
    await echoClient.endAsync();
    await echo.endAsync();

    const dir = mkdtempSync(join(tmpdir(), 'frontgate-bench-mqtt-'));
    const seed = openDatabase(join(dir, 'frontgate.db'));
    migrate(seed);
    seedAccess(seed);
    closeDatabase(seed);
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, port: 0, logLevel: 'silent', siteCode: 'BENCH', accessMqttUrl: broker.url } });
    const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
    const client = await mqtt.connectAsync(broker.url);
    await drive(client, 'BENCH', WARM_UP);
    const real = await drive(client, 'BENCH', total);
    await client.endAsync();
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
    return [
      { group: 'access', name: `access decision over MQTT request/response (${IN_FLIGHT} in flight): throughput`, value: real, unit: 'decisions/s', baseline, baselineName: 'mosquitto round trip with an echo responder', target: { op: '>=', value: 0.7, of: 'ratio' } },
    ];
  } finally {
    await broker.stop();
  }
}
