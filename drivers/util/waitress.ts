import type { TimerHandle, Timers } from './timers.js';

/**
 * Matches incoming replies to outstanding requests, with a timeout per waiter (after zigbee-herdsman's waitress).
 * `validate(payload, matcher)` decides whether a payload answers a waiter.
 */
interface Waiter<P, M> {
  id: number;
  matcher: M;
  resolve: (payload: P) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

export class Waitress<P, M> {
  private readonly waiters = new Map<number, Waiter<P, M>>();
  private nextId = 1;

  constructor(
    private readonly validate: (payload: P, matcher: M) => boolean,
    private readonly timers: Timers,
  ) {}

  /** Wait for a payload matching `matcher`; rejects with `onTimeout()` after `timeoutMs`. */
  waitFor(matcher: M, timeoutMs: number, onTimeout: () => Error): { id: number; promise: Promise<P> } {
    const id = this.nextId++;
    const promise = new Promise<P>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.waiters.delete(id);
        reject(onTimeout());
      }, timeoutMs);
      this.waiters.set(id, { id, matcher, resolve, reject, timer });
    });
    return { id, promise };
  }

  /** Deliver a payload to the oldest matching waiter. Returns whether anyone took it. */
  resolve(payload: P): boolean {
    for (const waiter of this.waiters.values()) {
      if (this.validate(payload, waiter.matcher)) {
        this.finish(waiter);
        waiter.resolve(payload);
        return true;
      }
    }
    return false;
  }

  /** Reject one waiter (e.g. on a NACK). */
  reject(id: number, error: Error): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.finish(waiter);
    waiter.reject(error);
  }

  /** Reject every waiter (e.g. the port closed). */
  rejectAll(error: Error): void {
    for (const waiter of [...this.waiters.values()]) this.reject(waiter.id, error);
  }

  get size(): number {
    return this.waiters.size;
  }

  private finish(waiter: Waiter<P, M>): void {
    this.timers.clearTimeout(waiter.timer);
    this.waiters.delete(waiter.id);
  }
}

/** Runs async jobs strictly one after another (one request on the wire at a time). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
