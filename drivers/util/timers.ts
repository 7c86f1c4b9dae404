/**
 * Injected clock and timers. Device classes take a `Timers` so tests can drive time by hand
 * (no global clock overrides); production code passes `systemTimers`.
 */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number) => {
    const t = setTimeout(fn, ms);
    return t;
  },
  clearTimeout: (handle: TimerHandle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** A manual clock for tests and benches: time moves only when `advance` is called. */
export interface ManualTimers extends Timers {
  advance(ms: number): void;
  pending(): number;
}

export function createManualTimers(start = 0): ManualTimers {
  let now = start;
  let nextId = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      queue.set(id, { at: now + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle) {
      if (typeof handle === 'object' && handle !== null && 'id' in handle) queue.delete(handle.id as number);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        let best: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of queue) if (entry[1].at <= target && (!best || entry[1].at < best[1].at)) best = entry;
        if (!best) break;
        queue.delete(best[0]);
        now = best[1].at;
        best[1].fn();
      }
      now = target;
    },
    pending: () => queue.size,
  };
}

/** Promise that resolves after `ms` on the given timers. */
export function delay(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
