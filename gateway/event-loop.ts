/**
 * Event-loop delay of the gateway process: how late a timer fires, i.e. how long a request or a door decision may
 * wait behind other work on the one JavaScript thread. Shown in /api/health for the last minute and since start.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Milliseconds, rounded to 0.01 ms. */
export interface DelayFigures {
  p50: number;
  p99: number;
  max: number;
}

export interface EventLoopDelay {
  /** Length of the recent window in seconds. */
  recentSeconds: number;
  /** The last full window (the current one until a window has passed). */
  recent: DelayFigures;
  sinceStart: DelayFigures;
}

/** The histogram samples the loop every 10 ms and records the interval between samples: the delay is what exceeds it. */
const RESOLUTION_MS = 10;

function figuresOf(histogram: IntervalHistogram): DelayFigures {
  if (histogram.count === 0) return { p50: 0, p99: 0, max: 0 };
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}

export class EventLoopMonitor {
  readonly #sinceStart = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  readonly #window = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  readonly #rotate: NodeJS.Timeout;
  #lastWindow: DelayFigures | null = null;

  constructor(private readonly windowMs = 60_000) {
    this.#sinceStart.enable();
    this.#window.enable();
    this.#rotate = setInterval(() => {
      this.#lastWindow = figuresOf(this.#window);
      this.#window.reset();
    }, windowMs);
    this.#rotate.unref();
  }

  figures(): EventLoopDelay {
    return { recentSeconds: Math.round(this.windowMs / 1000), recent: this.#lastWindow ?? figuresOf(this.#window), sinceStart: figuresOf(this.#sinceStart) };
  }

  stop(): void {
    clearInterval(this.#rotate);
    this.#window.disable();
    this.#sinceStart.disable();
  }
}
