/**
 * Time in a soak run: the clock of the traffic phase, whose end wakes every sleeper, and the agenda of one station,
 * which does one thing at a time.
 */
import { setMaxListeners } from 'node:events';

/** The end of the traffic phase: every sleep wakes up early when it comes. */
export class Clock {
  readonly #stop = new AbortController();
  readonly started = performance.now();
  constructor() {
    // Every reader, station and the sampler sleep on it at once.
    setMaxListeners(0, this.#stop.signal);
  }
  get stopped() {
    return this.#stop.signal.aborted;
  }
  /** Milliseconds since the traffic began. */
  now() {
    return performance.now() - this.started;
  }
  stop() {
    this.#stop.abort();
  }
  sleepUntil(at: number): Promise<void> {
    const ms = at - this.now();
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#stop.signal.removeEventListener('abort', wake);
        resolve();
      }, ms);
      this.#stop.signal.addEventListener('abort', wake, { once: true });
    });
  }
}

/**
 * One station's work, one request at a time: repeating jobs (board reads, searches, arrivals) and one-off
 * departures. When the time is up the repeating jobs end and the departures still due run at once.
 */
export class Agenda {
  readonly #jobs: { due: number; departure: boolean; run: () => Promise<void> }[] = [];

  constructor(private readonly clock: Clock) {}

  at(due: number, run: () => Promise<void>, departure = false) {
    this.#jobs.push({ due, departure, run });
  }

  /** `run` at `first`, then again `interval()` ms after each run. */
  every(interval: () => number, run: () => Promise<void>, first = interval()) {
    const job = async () => {
      await run();
      this.at(this.clock.now() + interval(), job);
    };
    this.at(first, job);
  }

  async run(): Promise<void> {
    while (!this.clock.stopped) {
      this.#jobs.sort((a, b) => a.due - b.due);
      const next = this.#jobs[0];
      if (!next) return;
      await this.clock.sleepUntil(next.due);
      if (this.clock.stopped) break;
      this.#jobs.shift();
      await next.run();
    }
    // End of day: everyone still inside leaves.
    for (const job of this.#jobs.filter((j) => j.departure).sort((a, b) => a.due - b.due)) await job.run();
  }
}
