/**
 * Runs the gateway as a child process on a one-PC install: restarts it with exponential backoff when it dies,
 * stops it with SIGTERM (then SIGKILL after a grace period) when the shell quits, and waits for GET /api/health.
 */
import type { Cancel, Clock, Logger } from './clock.js';

/** What the supervisor needs of a child process (a subset of node's ChildProcess). */
export interface GatewayChild {
  readonly pid?: number | undefined;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  kill(signal?: NodeJS.Signals): boolean;
}

export type SpawnGateway = () => GatewayChild;

export type BackoffPolicy = {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** A child that ran this long is considered healthy: the next crash starts the backoff again. */
  stableAfterMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, factor: 2, stableAfterMs: 60_000 };

/** Delay before restart number `attempt` (0-based): initial × factor^attempt, capped at max. */
export function restartDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** Math.max(0, attempt)));
}

export type SupervisorState = 'idle' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped';

export type GatewaySupervisorOptions = {
  spawn: SpawnGateway;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Time the gateway gets to finish in-flight requests and close its database after SIGTERM. */
  stopGraceMs?: number;
};

export class GatewaySupervisor {
  private stateValue: SupervisorState = 'idle';
  private child: GatewayChild | null = null;
  private startedAt = 0;
  private attempt = 0;
  private restartCount = 0;
  private cancelRestart: Cancel | null = null;
  private stopping: Promise<void> | null = null;
  private readonly backoff: BackoffPolicy;
  private readonly stopGraceMs: number;

  constructor(private readonly options: GatewaySupervisorOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.stopGraceMs = options.stopGraceMs ?? 10_000;
  }

  get state(): SupervisorState {
    return this.stateValue;
  }

  /** Restarts so far (not counting the first start). */
  get restarts(): number {
    return this.restartCount;
  }

  start(): void {
    if (this.stateValue !== 'idle') return;
    this.launch();
  }

  private launch(): void {
    this.cancelRestart = null;
    const { logger, clock } = this.options;
    let child: GatewayChild;
    try {
      child = this.options.spawn();
    } catch (error) {
      logger.error('gateway could not be started', { error: String(error) });
      this.scheduleRestart();
      return;
    }
    this.child = child;
    this.startedAt = clock.now();
    this.stateValue = 'running';
    logger.info('gateway started', { pid: child.pid });
    let ended = false;
    const onEnded = (reason: Record<string, unknown>) => {
      if (ended) return;
      ended = true;
      this.onChildEnded(child, reason);
    };
    child.once('exit', (code, signal) => onEnded({ code, signal }));
    // 'error' without 'exit' happens when the binary cannot be spawned at all (ENOENT, EACCES).
    child.once('error', (error) => onEnded({ error: error.message }));
  }

  private onChildEnded(child: GatewayChild, reason: Record<string, unknown>): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stateValue === 'stopping' || this.stateValue === 'stopped') return;
    const ranMs = this.options.clock.now() - this.startedAt;
    if (ranMs >= this.backoff.stableAfterMs) this.attempt = 0;
    this.options.logger.warn('gateway exited', { ...reason, ranMs });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delayMs = restartDelay(this.attempt, this.backoff);
    this.attempt += 1;
    this.stateValue = 'waiting-to-restart';
    this.options.logger.info('gateway restart scheduled', { delayMs, attempt: this.attempt });
    this.cancelRestart = this.options.clock.schedule(delayMs, () => {
      if (this.stateValue !== 'waiting-to-restart') return;
      this.restartCount += 1;
      this.launch();
    });
  }

  /** Stops the gateway and any pending restart. SIGTERM first; SIGKILL if it is still running after the grace. */
  stop(): Promise<void> {
    if (this.stopping !== null) return this.stopping;
    this.cancelRestart?.();
    this.cancelRestart = null;
    const child = this.child;
    if (child === null) {
      this.stateValue = 'stopped';
      this.stopping = Promise.resolve();
      return this.stopping;
    }
    this.stateValue = 'stopping';
    this.stopping = new Promise<void>((resolve) => {
      let cancelKill: Cancel = () => {};
      const done = () => {
        cancelKill();
        this.child = null;
        this.stateValue = 'stopped';
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
      cancelKill = this.options.clock.schedule(this.stopGraceMs, () => {
        this.options.logger.warn('gateway did not stop in time; killing it', { graceMs: this.stopGraceMs });
        child.kill('SIGKILL');
      });
      child.kill('SIGTERM');
    });
    return this.stopping;
  }
}

export type HealthProbe = (url: string, signal: AbortSignal) => Promise<{ ok: boolean; status: number }>;

export type WaitForHealthOptions = {
  gatewayOrigin: string;
  probe: HealthProbe;
  clock: Clock;
  timeoutMs?: number;
  intervalMs?: number;
  /** Upper bound for a single request. */
  requestTimeoutMs?: number;
};

/** The health endpoint of a gateway origin. */
export function healthUrl(gatewayOrigin: string): string {
  return new URL('/api/health', gatewayOrigin).href;
}

/** Polls GET /api/health until it answers 2xx (true) or the timeout passes (false). */
export async function waitForGatewayHealth(options: WaitForHealthOptions): Promise<boolean> {
  const { clock, probe } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 500;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2_000;
  const url = healthUrl(options.gatewayOrigin);
  const deadline = clock.now() + timeoutMs;
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.schedule(ms, resolve));
  for (;;) {
    const controller = new AbortController();
    const cancelAbort = clock.schedule(requestTimeoutMs, () => controller.abort());
    try {
      const response = await probe(url, controller.signal);
      if (response.ok) return true;
    } catch {
      // not listening yet
    } finally {
      cancelAbort();
    }
    if (clock.now() + intervalMs > deadline) return false;
    await sleep(intervalMs);
  }
}
