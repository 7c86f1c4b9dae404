/**
 * The gateway and the CLI as child processes (what an operator runs), for tests of backups, restore and start-up
 * refusals; and polling with a deadline for conditions that become true eventually (never asserts on time taken).
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '../..');

/** Polls `check` until it returns something truthy; fails naming `what` when the deadline passes. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, deadlineMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx frontgate …` (bin/frontgate.mjs) to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/frontgate.mjs', ...args], { cwd: root, env: { ...process.env, FRONTGATE_LOG_LEVEL: 'warn', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export interface GatewayProcess {
  base: string;
  pid: number;
  output(): string;
  /** Sends the signal and waits for the exit; resolves with the exit code (null when killed by the signal). */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `frontgate start` on a free loopback port; resolves once it prints its address. */
export async function spawnGateway(dataDir: string, args: string[] = []): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['bin/frontgate.mjs', 'start', '--data', dataDir, '--port', '0', '--log-level', 'warn', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await waitFor(() => /running at (https?:\/\/[\d.:]+)/.exec(output)?.[1] ?? (child.exitCode !== null ? 'exited' : null), 'the gateway to start', 60_000);
  if (base === 'exited') throw new Error(`the gateway exited at start:\n${output}`);
  return {
    base,
    pid: child.pid as number,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
