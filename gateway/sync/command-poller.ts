/**
 * Commands over HTTP: every `pollMs`, first acknowledge outcomes upstream has not confirmed yet
 * (`POST /v1/commands/ack`), then fetch `GET /v1/commands?after=<cursor>`, apply each command in order, keep the new
 * cursor, and acknowledge. The cursor is saved only after every command of the page was recorded, so a crash
 * re-fetches the page and the recorded command ids make the second delivery harmless.
 */
import type { Db } from '../../db/connection.js';
import { getSetting, putSetting } from '../../db/site.js';
import { markAcked, unackedCommands } from '../../db/sync-commands.js';
import type { Clock } from '../clock.js';
import { DEFAULT_BACKOFF, Sleeper, backoffDelay, systemTimers, type BackoffPolicy, type Timers } from './backoff.js';
import { resultOf, type CommandApplier } from './commands.js';
import { asSyncError } from './errors.js';
import type { HttpUpstream } from './http-upstream.js';
import type { SyncLog, SyncProblem } from './pusher.js';

export const COMMAND_CURSOR_SETTING = 'sync.commandCursor';
const PAGE = 100;

export interface CommandPollerOptions {
  db: Db;
  clock: Clock;
  upstream: Pick<HttpUpstream, 'fetchCommands' | 'ackCommands'>;
  applier: CommandApplier;
  pollMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  timers?: Timers;
  log: SyncLog;
}

export interface PollerSnapshot {
  lastPollAt: number | null;
  lastError: SyncProblem | null;
  /** An auth failure stopped polling until retry. */
  stopped: boolean;
}

export class CommandPoller {
  readonly #sleeper: Sleeper;
  #lastPollAt: number | null = null;
  #lastError: SyncProblem | null = null;
  #stopped = false;
  #loop: Promise<void> | null = null;
  #abort: AbortController | null = null;

  constructor(private readonly o: CommandPollerOptions) {
    this.#sleeper = new Sleeper(o.timers ?? systemTimers);
  }

  snapshot(): PollerSnapshot {
    return { lastPollAt: this.#lastPollAt, lastError: this.#lastError, stopped: this.#stopped };
  }

  start(): void {
    if (this.#loop) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#stopped = false;
    this.#loop = this.#run(abort.signal).finally(() => {
      if (this.#abort === abort) {
        this.#loop = null;
        this.#abort = null;
      }
    });
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#sleeper.wake();
    await this.#loop;
  }

  /** Poll now (an admin pressed retry, or after an auth failure was fixed). */
  retryNow(): void {
    if (this.#loop) this.#sleeper.wake();
    else this.start();
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { clock, log } = this.o;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.pollOnce(signal);
        failures = 0;
        await this.#sleeper.sleep(this.o.pollMs);
      } catch (error) {
        if (signal.aborted) break;
        const failure = asSyncError(error);
        this.#lastError = { at: clock.now(), kind: failure.kind, code: failure.code, message: failure.message };
        if (failure.kind === 'auth') {
          this.#stopped = true;
          log.error({ code: failure.code }, `upstream commands stopped: ${failure.message}. Fix the configuration, or press retry on the Sync screen.`);
          return;
        }
        failures++;
        const delay = failure.retryAfterMs ?? Math.max(this.o.pollMs, backoffDelay(failures, this.o.random ?? Math.random, this.o.backoff ?? DEFAULT_BACKOFF));
        log.warn({ code: failure.code, retryInMs: delay }, `upstream commands: ${failure.message}`);
        await this.#sleeper.sleep(delay);
      }
    }
  }

  /** One round: pending acknowledgements, then pages of commands until upstream has no more. */
  async pollOnce(signal: AbortSignal): Promise<void> {
    const { db, clock, upstream, applier } = this.o;
    await this.#acknowledge(signal);
    for (;;) {
      const cursor = getSetting<string>(db, COMMAND_CURSOR_SETTING) ?? null;
      const page = await upstream.fetchCommands(cursor, PAGE, signal);
      for (const raw of page.commands) applier.apply(raw, 'http');
      if (page.cursor !== null && page.cursor !== cursor) putSetting(db, COMMAND_CURSOR_SETTING, page.cursor, clock.now());
      this.#lastPollAt = clock.now();
      await this.#acknowledge(signal);
      // A short page is the end; so is a cursor that did not move (an upstream that ignores `after`).
      if (page.commands.length < PAGE || page.cursor === null || page.cursor === cursor) return;
    }
  }

  async #acknowledge(signal: AbortSignal): Promise<void> {
    const { db, clock, upstream } = this.o;
    for (;;) {
      const pending = unackedCommands(db, 'http', 500);
      if (pending.length === 0) return;
      await upstream.ackCommands(pending.map(resultOf), signal);
      markAcked(db, pending, clock.now());
      if (pending.length < 500) return;
    }
  }
}
