import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A linked pair of pseudo-terminals made by socat, in a private temporary directory:
 *   socat -d -d pty,raw,echo=0,link=$DIR/ttyA pty,raw,echo=0,link=$DIR/ttyB
 * Open one end as the device (simulator), the other as the host (driver). `unplug()` kills socat (both ends
 * see EIO/close, the links vanish); `replug()` starts socat again on the same link paths.
 */
export interface PtyPair {
  dir: string;
  /** Device side (simulator). */
  a: string;
  /** Host side (driver). */
  b: string;
  readonly plugged: boolean;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export function socatAvailable(): boolean {
  return ['/usr/bin/socat', '/bin/socat', '/usr/local/bin/socat'].some((p) => existsSync(p));
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function startSocat(a: string, b: string): ChildProcess {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume(); // socat -d -d logs to stderr; drain it
  return child;
}

async function stopSocat(child: ChildProcess, a: string, b: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
  // socat removes its links on SIGTERM; make sure, so a replug cannot race a stale link
  await rm(a, { force: true });
  await rm(b, { force: true });
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'frontgate-pty-'));
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  let child: ChildProcess | undefined;

  const plug = async (): Promise<void> => {
    const proc = startSocat(a, b);
    child = proc;
    let failed: Error | undefined;
    proc.once('error', (err) => (failed = err));
    proc.once('exit', (code) => (failed ??= code ? new Error(`socat exited with ${code}`) : undefined));
    await waitFor(() => failed !== undefined || (existsSync(a) && existsSync(b)), 5000, 'socat links');
    if (failed) throw failed;
  };
  const unplug = async (): Promise<void> => {
    if (child) await stopSocat(child, a, b);
    child = undefined;
  };

  await plug();
  return {
    dir,
    a,
    b,
    get plugged() {
      return child !== undefined;
    },
    unplug,
    replug: async () => {
      await unplug();
      await plug();
    },
    close: async () => {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
