import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS as BIN_FLAGS } from '../../bin/node-flags.mjs';
import { GATEWAY_NODE_FLAGS, gatewayChildEnv, gatewayCommand } from '../../electron/gateway-child.js';
import {
  DEFAULT_BACKOFF,
  GatewaySupervisor,
  healthUrl,
  restartDelay,
  waitForGatewayHealth,
  type HealthProbe,
} from '../../electron/gateway-supervisor.js';
import { ManualClock, MemoryLogger } from './fakes.js';

class FakeChild extends EventEmitter {
  readonly signals: string[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal?: NodeJS.Signals): boolean {
    this.signals.push(signal ?? 'SIGTERM');
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.emit('exit', code, signal);
  }
}

function supervised(options: { failSpawns?: number } = {}) {
  const clock = new ManualClock();
  const logger = new MemoryLogger();
  const children: FakeChild[] = [];
  const spawnedAt: number[] = [];
  let failSpawns = options.failSpawns ?? 0;
  const supervisor = new GatewaySupervisor({
    clock,
    logger,
    stopGraceMs: 5_000,
    spawn: () => {
      spawnedAt.push(clock.now());
      if (failSpawns > 0) {
        failSpawns -= 1;
        throw new Error('spawn node ENOENT');
      }
      const child = new FakeChild(100 + children.length);
      children.push(child);
      return child;
    },
  });
  const last = () => children[children.length - 1] as FakeChild;
  return { clock, logger, children, spawnedAt, supervisor, last };
}

describe('restartDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => restartDelay(n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('follows a custom policy', () => {
    const policy = { ...DEFAULT_BACKOFF, initialMs: 100, factor: 3, maxMs: 1_000 };
    expect([0, 1, 2, 3].map((n) => restartDelay(n, policy))).toEqual([100, 300, 900, 1_000]);
  });
});

describe('GatewaySupervisor', () => {
  it('starts the gateway once', () => {
    const { supervisor, children } = supervised();
    supervisor.start();
    supervisor.start();
    expect(children).toHaveLength(1);
    expect(supervisor.state).toBe('running');
  });

  it('restarts a crashing gateway with growing delays and counts the restarts', async () => {
    const { supervisor, clock, spawnedAt, last } = supervised();
    supervisor.start();
    for (let i = 0; i < 4; i += 1) {
      last().exit(1);
      expect(supervisor.state).toBe('waiting-to-restart');
      await clock.advance(20_000);
      expect(supervisor.state).toBe('running');
    }
    const gaps = spawnedAt.slice(1).map((t, i) => t - (spawnedAt[i] ?? 0));
    // Crashes happen 20 s apart; each restart waits 1 s, 2 s, 4 s, 8 s after its crash.
    expect(gaps).toEqual([1_000, 20_000 - 1_000 + 2_000, 20_000 - 2_000 + 4_000, 20_000 - 4_000 + 8_000]);
    expect(supervisor.restarts).toBe(4);
  });

  it('waits exactly the backoff between crash and restart', async () => {
    const { supervisor, clock, children, last } = supervised();
    supervisor.start();
    const gaps: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const crashedAt = clock.now();
      last().exit(1);
      const before = children.length;
      while (children.length === before) await clock.advance(100);
      gaps.push(clock.now() - crashedAt);
    }
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts the backoff again after a child that ran long enough', async () => {
    const { supervisor, clock, children, last } = supervised();
    supervisor.start();
    last().exit(1);
    await clock.advance(1_000);
    last().exit(1);
    await clock.advance(2_000);
    expect(children).toHaveLength(3);
    await clock.advance(DEFAULT_BACKOFF.stableAfterMs);
    last().exit(1);
    expect(clock.pending).toEqual([1_000]);
  });

  it('retries when the binary cannot be spawned (throw or error event)', async () => {
    const { supervisor, clock, spawnedAt, children, logger } = supervised({ failSpawns: 2 });
    supervisor.start();
    await clock.advance(1_000);
    await clock.advance(2_000);
    expect(spawnedAt).toHaveLength(3);
    expect(children).toHaveLength(1);
    children[0]!.emit('error', new Error('spawn EACCES'));
    children[0]!.exit(null); // exit after error must not schedule a second restart
    expect(clock.pending).toEqual([4_000]);
    expect(logger.messages('error')).toEqual(['gateway could not be started', 'gateway could not be started']);
  });

  it('stops with SIGTERM and does not restart', async () => {
    const { supervisor, clock, children, last } = supervised();
    supervisor.start();
    const stopped = supervisor.stop();
    expect(last().signals).toEqual(['SIGTERM']);
    expect(supervisor.state).toBe('stopping');
    last().exit(0);
    await stopped;
    expect(supervisor.state).toBe('stopped');
    await clock.advance(120_000);
    expect(children).toHaveLength(1);
    expect(last().signals).toEqual(['SIGTERM']);
  });

  it('kills a gateway that ignores SIGTERM after the grace period', async () => {
    const { supervisor, clock, last, logger } = supervised();
    supervisor.start();
    let done = false;
    const stopped = supervisor.stop().then(() => (done = true));
    await clock.advance(4_999);
    expect(last().signals).toEqual(['SIGTERM']);
    await clock.advance(1);
    expect(last().signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(logger.messages('warn')).toContain('gateway did not stop in time; killing it');
    expect(done).toBe(false);
    last().exit(null, 'SIGKILL');
    await stopped;
    expect(done).toBe(true);
  });

  it('cancels a pending restart on stop', async () => {
    const { supervisor, clock, children, last } = supervised();
    supervisor.start();
    last().exit(1);
    await supervisor.stop();
    await clock.advance(60_000);
    expect(children).toHaveLength(1);
    expect(supervisor.state).toBe('stopped');
  });

  it('returns the same promise for repeated stops', () => {
    const { supervisor } = supervised();
    supervisor.start();
    expect(supervisor.stop()).toBe(supervisor.stop());
  });
});

describe('waitForGatewayHealth', () => {
  const GATEWAY = 'http://127.0.0.1:4820';

  it('probes GET /api/health until it answers 2xx', async () => {
    const clock = new ManualClock();
    const urls: string[] = [];
    const answers = [new Error('ECONNREFUSED'), { ok: false, status: 503 }, { ok: true, status: 200 }];
    const probe: HealthProbe = async (url) => {
      urls.push(url);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next ?? { ok: true, status: 200 };
    };
    const result = waitForGatewayHealth({ gatewayOrigin: GATEWAY, probe, clock, intervalMs: 500, timeoutMs: 10_000 });
    await clock.advance(1_000);
    await expect(result).resolves.toBe(true);
    expect(urls).toEqual(['http://127.0.0.1:4820/api/health', 'http://127.0.0.1:4820/api/health', 'http://127.0.0.1:4820/api/health']);
  });

  it('gives up after the timeout', async () => {
    const clock = new ManualClock();
    let probes = 0;
    const probe: HealthProbe = async () => {
      probes += 1;
      throw new Error('ECONNREFUSED');
    };
    const result = waitForGatewayHealth({ gatewayOrigin: GATEWAY, probe, clock, intervalMs: 1_000, timeoutMs: 5_000 });
    await clock.advance(10_000);
    await expect(result).resolves.toBe(false);
    expect(probes).toBe(6);
  });

  it('aborts a probe that hangs', async () => {
    const clock = new ManualClock();
    const aborted: boolean[] = [];
    const probe: HealthProbe = (_url, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(true);
          reject(new Error('aborted'));
        });
      });
    const result = waitForGatewayHealth({ gatewayOrigin: GATEWAY, probe, clock, intervalMs: 500, timeoutMs: 0, requestTimeoutMs: 2_000 });
    await clock.advance(2_000);
    await expect(result).resolves.toBe(false);
    expect(aborted).toEqual([true]);
  });

  it('builds the health URL from the origin only', () => {
    expect(healthUrl('https://frontgate.lan:8443')).toBe('https://frontgate.lan:8443/api/health');
  });
});

describe('gateway child command and environment', () => {
  it('runs bin/frontgate.mjs start with the configured Node.js and the gateway\'s Node.js flags', () => {
    expect(gatewayCommand('/usr/bin/node', '/opt/FrontGate/resources/app.asar.unpacked')).toEqual({
      command: '/usr/bin/node',
      args: ['--max-semi-space-size=2', path.join('/opt/FrontGate/resources/app.asar.unpacked', 'bin', 'frontgate.mjs'), 'start'],
      cwd: '/opt/FrontGate/resources/app.asar.unpacked',
    });
    // The shell's copy of the flags is the one every other launcher takes from bin/node-flags.mjs.
    expect(GATEWAY_NODE_FLAGS).toEqual(BIN_FLAGS);
  });

  it('takes host and port from the kiosk URL and drops Electron-only variables', () => {
    const env = gatewayChildEnv(
      { PATH: '/usr/bin', FRONTGATE_PORT: '9999', FRONTGATE_HOST: '0.0.0.0', ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1', NODE_OPTIONS: '--max-old-space-size=512', UNSET: undefined },
      'http://127.0.0.1:4820/',
      '/home/desk/.config/FrontGate/data',
    );
    expect(env).toEqual({ PATH: '/usr/bin', NODE_OPTIONS: '--max-old-space-size=512', FRONTGATE_HOST: '127.0.0.1', FRONTGATE_PORT: '4820', FRONTGATE_DATA: '/home/desk/.config/FrontGate/data' });
  });

  it('keeps an explicit data folder and handles IPv6 and default ports', () => {
    expect(gatewayChildEnv({ FRONTGATE_DATA: '/srv/frontgate' }, 'http://[::1]/', '/x')).toEqual({ FRONTGATE_HOST: '::1', FRONTGATE_PORT: '80', FRONTGATE_DATA: '/srv/frontgate' });
    expect(gatewayChildEnv({}, 'https://localhost/', '/x')).toMatchObject({ FRONTGATE_HOST: 'localhost', FRONTGATE_PORT: '443' });
  });
});
