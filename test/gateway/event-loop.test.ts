/** The event-loop delay monitor behind /api/health `runtime.eventLoopDelayMs`: a blocked loop shows up in it. */
import { afterEach, describe, expect, it } from 'vitest';
import { EventLoopMonitor } from '../../gateway/event-loop.js';

const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the loop can run nothing else meanwhile
  }
};
const turns = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let monitor: EventLoopMonitor | undefined;
afterEach(() => monitor?.stop());

describe('event-loop delay', () => {
  it('reports a loop blocked for 150 ms in the recent window and since start, and p50 ≤ p99 ≤ max', async () => {
    monitor = new EventLoopMonitor(60_000);
    await turns(50);
    block(150);
    await turns(50);
    const figures = monitor.figures();
    expect(figures.recentSeconds).toBe(60);
    // The timer that was due during the block fired at least 140 ms late (it samples every 10 ms).
    expect(figures.recent.max).toBeGreaterThanOrEqual(100);
    expect(figures.sinceStart.max).toBeGreaterThanOrEqual(100);
    expect(figures.recent.p50).toBeLessThanOrEqual(figures.recent.p99);
    expect(figures.recent.p99).toBeLessThanOrEqual(figures.recent.max);
  });

  it('starts a new window after each period and keeps the block since start', async () => {
    monitor = new EventLoopMonitor(300);
    await turns(20);
    block(300);
    await turns(800);
    const figures = monitor.figures();
    // The last full window saw no block; since start still holds it.
    expect(figures.recent.max).toBeLessThan(250);
    expect(figures.sinceStart.max).toBeGreaterThanOrEqual(250);
  });
});
