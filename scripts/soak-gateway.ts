/**
 * The gateway of a soak run: `frontgate start` as a child process on loopback, its log watched for errors, and its
 * resident memory read from /proc.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../bin/node-flags.mjs';

const root = join(import.meta.dirname, '..');

export interface GatewayLog {
  errors: number;
  warnings: number;
  /** The first warning and error lines. */
  first: string[];
}

export interface GatewayProcess {
  base: string;
  pid: number;
  log: GatewayLog;
  stop(): Promise<number | null>;
}

/** `frontgate start` on a free loopback port; pino's JSON lines at error level and above count as errors. */
export async function startGatewayProcess(dataDir: string): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, 'bin/frontgate.mjs', 'start', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // All stations share 127.0.0.1 here; in a building each has its own address and its own rate limit.
    env: { ...process.env, FRONTGATE_SIMULATE_DEVICES: 'false', FRONTGATE_AUTH_RATE_LIMIT_PER_MINUTE: '10000', FRONTGATE_KIOSK_RATE_LIMIT_PER_MINUTE: '10000' },
  });
  const log: GatewayLog = { errors: 0, warnings: 0, first: [] };
  let output = '';
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (output.length < 20_000) output += `${line}\n`;
      let level = 0;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? 0;
      } catch {
        if (/^error\b|Error:/.test(line)) level = 50;
      }
      if (level >= 50) log.errors++;
      else if (level >= 40) log.warnings++;
      if (level >= 40 && log.first.length < 10) log.first.push(line.slice(0, 400));
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /running at (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (url) resolve(url);
      else if (child.exitCode !== null) reject(new Error(`the gateway exited at start:\n${output}`));
      else return;
      clearInterval(timer);
    }, 25);
  });
  return {
    base,
    pid: child.pid as number,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resident memory of a process from /proc (Linux); undefined elsewhere. */
export function rssOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
