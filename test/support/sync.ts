/**
 * Upstream sync test helpers: the development receiver in-process on a real port or as its own process
 * (`frontgate upstream-dev`), calls to its /_dev endpoints, and polling with a deadline for eventual conditions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevReceiver, type DevReceiver } from '../../gateway/sync/dev-receiver.js';

export const TOKEN = 'test-upstream-token';
export const SECRET = 'test-upstream-secret';
const root = join(import.meta.dirname, '../..');

/** Polls `check` until it holds or the deadline passes; fails with `what` (never asserts on how long it took). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, deadlineMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface TestReceiver extends DevReceiver {
  dir: string;
  dev(path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the dev endpoints
  dispose(): Promise<void>;
}

async function devCall(url: string, token: string | null, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token !== null && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The development receiver in this process, on a free loopback port, with its own temp SQLite file. */
export async function startReceiver(options: { token?: string | null; secret?: string | null; mqttUrl?: string } = {}): Promise<TestReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-upstream-'));
  const token = options.token === undefined ? TOKEN : options.token;
  const receiver = await startDevReceiver({ port: 0, dataFile: join(dir, 'upstream.db'), token, secret: options.secret === undefined ? SECRET : options.secret, mqttUrl: options.mqttUrl ?? null });
  return {
    ...receiver,
    dir,
    dev: (path, body) => devCall(receiver.url, token, path, body),
    async dispose() {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `frontgate upstream-dev` as a child process on a fixed port and file, so it can be stopped and started again. */
export interface ReceiverProcess {
  url: string;
  output(): string;
  dev(path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the dev endpoints
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnReceiver(port: number, dataFile: string, token = TOKEN, secret = SECRET): Promise<ReceiverProcess> {
  const child: ChildProcess = spawn(process.execPath, ['bin/frontgate.mjs', 'upstream-dev', '--port', String(port), '--data', dataFile, '--token', token, '--secret', secret], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(() => /listening on http/.test(output) || child.exitCode !== null, 'upstream-dev to listen', 30_000);
  if (child.exitCode !== null) throw new Error(`upstream-dev exited: ${output}`);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    output: () => output,
    dev: (path, body) => devCall(url, token, path, body),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export function tempDir(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
