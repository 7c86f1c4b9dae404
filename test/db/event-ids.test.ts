import { describe, expect, it } from 'vitest';
import { newEventId } from '../../db/event-ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('outbox event ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying the time they were made', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    expect(id).toMatch(V7);
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('only ever grow, also many within one millisecond and across the random blocks', () => {
    // 5,000 ids: several of the generator's 1,024-number blocks, most of them made within the same millisecond.
    const ids = Array.from({ length: 5000 }, () => newEventId());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(V7);
  });

  it('end in random bits, not in a counter', () => {
    // The generator's counter lives in the bits before the last 32, which are drawn afresh for every id.
    const tails = Array.from({ length: 1000 }, () => Number.parseInt(newEventId().slice(-8), 16));
    const steps = tails.slice(1).map((tail, i) => tail - tails[i]!);
    expect(new Set(tails).size).toBeGreaterThan(990);
    expect(steps.filter((step) => step === 1).length).toBeLessThan(10);
    expect(steps.filter((step) => step < 0).length).toBeGreaterThan(300);
  });
});
