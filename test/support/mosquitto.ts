/** Debian's mosquitto on a free loopback port, for tests that need a real MQTT broker. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';
export const mosquittoAvailable = () => existsSync(MOSQUITTO);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export interface Broker {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts mosquitto on `port` (default: a free one). A broker restarted on the same port with the same
 * `persistenceDir` keeps its persistent sessions and their queued messages (saved when it is stopped).
 */
export async function startMosquitto(fixedPort?: number, options: { persistenceDir?: string; maxQueuedMessages?: number; maxInflightMessages?: number } = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-mqtt-'));
  const port = fixedPort ?? (await freePort());
  // Run as root, mosquitto drops to its own user: that user must be able to write the persistence file.
  if (options.persistenceDir) chmodSync(options.persistenceDir, 0o777);
  const persistence = options.persistenceDir ? `persistence true\npersistence_location ${options.persistenceDir}/\n` : 'persistence false\n';
  // mosquitto drops QoS 1 messages beyond `max_queued_messages` (default 1000) for a subscriber that lags behind.
  const queue = options.maxQueuedMessages === undefined ? '' : `max_queued_messages ${options.maxQueuedMessages}\n`;
  // QoS 1 messages in flight per client (and the receive maximum mosquitto announces to MQTT 5 clients): default 20.
  const inflight = options.maxInflightMessages === undefined ? '' : `max_inflight_messages ${options.maxInflightMessages}\n`;
  writeFileSync(join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\n${persistence}${queue}${inflight}`);
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await accepts(port))) throw new Error('mosquitto did not start');
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
