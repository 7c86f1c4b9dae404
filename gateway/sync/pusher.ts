/**
 * The one upload loop: pending outbox events, in id order, in batches, to the configured sink.
 *
 * - A batch is sent when it is full, or when its oldest event has waited `lingerMs` for company.
 * - Only what upstream acknowledged is marked sent, in one transaction per answer; refused events become dead
 *   letters; unanswered ones stay pending and the pass starts again from the first pending event, so an aggregate's
 *   events never overtake each other.
 * - A whole-batch refusal (a 4xx for the batch) is narrowed down by sending halves, until the refused event is alone.
 * - Retryable failures back off exponentially with jitter (or as long as Retry-After says); an auth failure stops the
 *   loop in state 'error' until `retryNow()`.
 * In-memory state (last success, last error, state) changes only after the transaction that records the outcome.
 */
import type { Db } from '../../db/connection.js';
import { nextBatch, settleBatch, type OutboxRow, type Rejection } from '../../db/outbox.js';
import type { Clock } from '../clock.js';
import type { SyncErrorKind } from '../contract/index.js';
import { DEFAULT_BACKOFF, Sleeper, backoffDelay, systemTimers, type BackoffPolicy, type Timers } from './backoff.js';
import { SyncError, asSyncError } from './errors.js';
import type { EventSink, PushResult } from './sink.js';

export type PusherState = 'idle' | 'pushing' | 'offline' | 'error' | 'stopped';

export interface SyncProblem {
  at: number;
  kind: SyncErrorKind;
  code: string;
  message: string;
}

export interface PusherSnapshot {
  state: PusherState;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  lastError: SyncProblem | null;
  sentSinceStart: number;
}

export interface SyncLog {
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface PusherOptions {
  db: Db;
  clock: Clock;
  sink: EventSink;
  batchSize: number;
  lingerMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  timers?: Timers;
  /** How often an idle pusher looks for new events. */
  idleCheckMs?: number;
  log: SyncLog;
}

interface Delivery {
  /** Events sent but neither acknowledged nor refused (or not attempted after a failure). */
  unanswered: number;
  /** aggregate keys that got a dead letter in this delivery */
  deadAggregates: Set<string>;
  failure: SyncError | null;
}

const aggregateKey = (row: OutboxRow) => `${row.aggregateType}\u0000${row.aggregateId}`;

/** What one push came back with. */
interface Outcome {
  result?: PushResult;
  error?: SyncError;
}

/** The batch's ids when upstream accepted every one of them, else null. */
function acceptedAll(rows: readonly OutboxRow[], accepted: readonly string[]): string[] | null {
  if (accepted.length < rows.length) return null;
  const got = new Set(accepted);
  return rows.every((r) => got.has(r.id)) ? rows.map((r) => r.id) : null;
}

export class Pusher {
  readonly #sleeper: Sleeper;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  #state: PusherState = 'stopped';
  #lastSuccessAt: number | null = null;
  #lastAttemptAt: number | null = null;
  #nextAttemptAt: number | null = null;
  #lastError: SyncProblem | null = null;
  #sent = 0;
  #rewind = false;
  #loop: Promise<void> | null = null;
  #abort: AbortController | null = null;

  constructor(private readonly o: PusherOptions) {
    this.#sleeper = new Sleeper(o.timers ?? systemTimers);
    this.#random = o.random ?? Math.random;
    this.#backoff = o.backoff ?? DEFAULT_BACKOFF;
  }

  snapshot(): PusherSnapshot {
    return {
      state: this.#state,
      lastSuccessAt: this.#lastSuccessAt,
      lastAttemptAt: this.#lastAttemptAt,
      nextAttemptAt: this.#nextAttemptAt,
      lastError: this.#lastError,
      sentSinceStart: this.#sent,
    };
  }

  start(): void {
    if (this.#loop) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#state = 'pushing';
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
    this.#state = 'stopped';
  }

  /** New events: look now instead of at the next idle check or retry. */
  wake(): void {
    this.#sleeper.wake();
  }

  /**
   * Held events were released (a dead letter re-sent, or discarded): the next batch starts again from the first
   * pending event, so a re-sent event goes before the later events of its aggregate.
   */
  rewind(): void {
    this.#rewind = true;
    this.#sleeper.wake();
  }

  /** An admin pressed retry: forget the backoff, leave the auth error state, push now. */
  retryNow(): void {
    this.#nextAttemptAt = null;
    if (this.#loop) this.#sleeper.wake();
    else this.start();
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { db, batchSize, lingerMs, clock } = this.o;
    let cursor = '';
    let failures = 0;
    /** A full batch (and its wire form) prepared while the previous one was with upstream; used if that one was wholly accepted. */
    let prepared: OutboxRow[] | null = null;
    let preparedWire: unknown;
    /** Recording of the previous, wholly accepted batch: done while the next request is on its way. */
    let carry: (() => void) | null = null;
    const flushCarry = () => {
      carry?.();
      carry = null;
    };
    try {
      while (!signal.aborted) {
        if (this.#rewind) {
          this.#rewind = false;
          cursor = '';
          prepared = null;
        }
        let batch: OutboxRow[] = prepared ?? nextBatch(db, batchSize, cursor);
        const pipelined = prepared !== null;
        const wire = pipelined ? preparedWire : undefined;
        prepared = null;
        preparedWire = undefined;
        if (batch.length === 0) {
          flushCarry();
          if (cursor !== '') {
            cursor = '';
            continue;
          }
          this.#state = 'idle';
          await this.#sleeper.sleep(this.o.idleCheckMs ?? 250);
          continue;
        }
        const first = batch[0] as OutboxRow;
        const waited = clock.now() - first.occurredAt;
        if (!pipelined && batch.length < batchSize && lingerMs > 0 && waited >= 0 && waited < lingerMs) {
          flushCarry();
          await this.#sleeper.sleep(lingerMs - waited);
          if (signal.aborted) break;
          batch = nextBatch(db, batchSize, cursor);
          if (batch.length === 0) continue;
        }
        if (this.#state !== 'offline') this.#state = 'pushing';
        const attemptAt = clock.now();
        this.#lastAttemptAt = attemptAt;
        const sent = this.#send(batch, signal, wire);
        // While upstream works on this batch: record the previous answer and prepare the next batch.
        await new Promise((resolve) => setImmediate(resolve));
        flushCarry();
        const next: OutboxRow[] = batch.length === batchSize && !signal.aborted ? nextBatch(db, batchSize, (batch.at(-1) as OutboxRow).id) : [];
        const nextWire = next.length === batchSize ? this.o.sink.encode?.(next) : undefined;
        const outcome = await sent;
        if (signal.aborted) break;
        const accepted = outcome.result && !outcome.result.error && outcome.result.rejected.length === 0 ? acceptedAll(batch, outcome.result.accepted) : null;
        if (accepted) {
          carry = () => this.#settle(accepted, [], [], undefined, attemptAt);
          failures = 0;
          this.#nextAttemptAt = null;
          if (this.#state === 'offline') this.#state = 'pushing';
          cursor = (batch.at(-1) as OutboxRow).id;
          prepared = next.length === batchSize ? next : null;
          preparedWire = nextWire;
          continue;
        }
        const delivery = await this.#deliver(batch, signal, outcome, attemptAt);
        if (signal.aborted) break;
        if (delivery.failure?.kind === 'auth') {
          this.#state = 'error';
          this.o.log.error({ code: delivery.failure.code }, `upstream sync stopped: ${delivery.failure.message}. Fix the configuration, or press retry on the Sync screen.`);
          return;
        }
        if (delivery.failure === null && delivery.unanswered === 0) {
          failures = 0;
          this.#nextAttemptAt = null;
          if (this.#state === 'offline') this.#state = 'pushing';
          cursor = (batch.at(-1) as OutboxRow).id;
          continue;
        }
        // Something was not acknowledged: start the pass again from the first pending event, after a pause.
        cursor = '';
        failures++;
        const failure = delivery.failure ?? new SyncError('retryable', 'not_acknowledged', `upstream acknowledged only part of a batch; ${delivery.unanswered} event(s) will be sent again`);
        const delay = failure.retryAfterMs ?? backoffDelay(failures, this.#random, this.#backoff);
        this.#nextAttemptAt = clock.now() + delay;
        if (delivery.failure !== null) {
          this.#state = 'offline';
          this.o.log.warn({ code: failure.code, retryInMs: delay }, `upstream sync: ${failure.message}`);
        } else {
          this.#lastError = { at: clock.now(), kind: failure.kind, code: failure.code, message: failure.message };
        }
        await this.#sleeper.sleep(delay);
        this.#nextAttemptAt = null;
      }
    } finally {
      // An acknowledged batch is recorded even when the loop stops right after its answer.
      flushCarry();
    }
  }

  /** The sink's answer as a value: never throws. */
  async #send(rows: readonly OutboxRow[], signal: AbortSignal, wire?: unknown): Promise<Outcome> {
    try {
      return { result: await this.o.sink.push(rows, signal, wire) };
    } catch (error) {
      return { error: asSyncError(error) };
    }
  }

  /**
   * Records the outcome of sending rows (sending them first unless `outcome` is given). A whole-batch refusal is
   * split in halves until the refused event is alone.
   */
  async #deliver(rows: readonly OutboxRow[], signal: AbortSignal, given?: Outcome, givenAt?: number): Promise<Delivery> {
    const { db, clock } = this.o;
    const attemptAt = givenAt ?? clock.now();
    this.#lastAttemptAt = attemptAt;
    const outcome = given ?? (await this.#send(rows, signal));
    if (outcome.error) {
      const failure = outcome.error;
      if (signal.aborted) return { unanswered: rows.length, deadAggregates: new Set(), failure };
      if (failure.kind === 'rejected' && rows.length > 1) return this.#split(rows, signal);
      if (failure.kind === 'rejected') {
        const row = rows[0] as OutboxRow;
        this.#settle([], [{ id: row.id, code: failure.code, reason: failure.message }], [], undefined, attemptAt);
        return { unanswered: 0, deadAggregates: new Set([aggregateKey(row)]), failure: null };
      }
      settleBatch(db, { sent: [], rejected: [], unanswered: rows.map((r) => r.id), error: failure.message }, clock.now());
      this.#lastError = { at: clock.now(), kind: failure.kind, code: failure.code, message: failure.message };
      return { unanswered: rows.length, deadAggregates: new Set(), failure };
    }
    const result = outcome.result as PushResult;
    const ids = new Set(rows.map((r) => r.id));
    const accepted = result.accepted.filter((id) => ids.has(id));
    const acceptedIds = new Set(accepted);
    const rejected = result.rejected.filter((r) => ids.has(r.id) && !acceptedIds.has(r.id));
    const answered = new Set([...accepted, ...rejected.map((r) => r.id)]);
    const unanswered = rows.filter((r) => !answered.has(r.id)).map((r) => r.id);
    this.#settle(accepted, rejected, unanswered, result.error?.message, attemptAt);
    if (result.error && unanswered.length > 0) this.#lastError = { at: clock.now(), kind: result.error.kind, code: result.error.code, message: result.error.message };
    const rejectedIds = new Set(rejected.map((r) => r.id));
    const deadAggregates = new Set(rows.filter((r) => rejectedIds.has(r.id)).map(aggregateKey));
    // Later events of a refused aggregate are rightly left unanswered: they are held, not missing.
    const missing = rows.filter((r) => !answered.has(r.id) && !deadAggregates.has(aggregateKey(r))).length;
    const nothingAnswered = answered.size === 0;
    const failure = result.error?.kind === 'auth' || nothingAnswered ? (result.error ?? null) : null;
    return { unanswered: missing, deadAggregates, failure };
  }

  async #split(rows: readonly OutboxRow[], signal: AbortSignal): Promise<Delivery> {
    const half = Math.ceil(rows.length / 2);
    const head = await this.#deliver(rows.slice(0, half), signal);
    if (head.failure !== null || head.unanswered > 0) return { ...head, unanswered: head.unanswered + (rows.length - half) };
    // Later events of an aggregate that just got a dead letter are held, not sent.
    const tail = rows.slice(half).filter((r) => !head.deadAggregates.has(aggregateKey(r)));
    if (tail.length === 0) return head;
    const rest = await this.#deliver(tail, signal);
    return { unanswered: rest.unanswered, deadAggregates: new Set([...head.deadAggregates, ...rest.deadAggregates]), failure: rest.failure };
  }

  /** Records an answer (one transaction), then updates what the status shows. */
  #settle(sent: string[], rejected: Rejection[], unanswered: string[], error: string | undefined, attemptAt: number): void {
    const { db, clock } = this.o;
    const now = clock.now();
    const counts = settleBatch(db, { sent, rejected, unanswered, ...(error !== undefined && { error }) }, now);
    if (counts.sent > 0) {
      this.#lastSuccessAt = attemptAt;
      this.#sent += counts.sent;
    }
    const last = rejected.at(-1);
    if (last) {
      this.#lastError = { at: now, kind: 'rejected', code: last.code, message: `${rejected.length} event(s) refused by upstream and kept as dead letters: ${last.reason}` };
      this.o.log.warn({ ids: rejected.map((r) => r.id), code: last.code }, 'upstream refused events; they are dead letters now (Sync screen)');
    }
  }
}
