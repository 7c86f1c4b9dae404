import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_ID_PATTERN as V7, continueEventIdsAfter, newEventId } from '../../db/event-ids.js';

const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('outbox event ids', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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

  it('keep growing when the system clock steps back, by a minute or a day', () => {
    const before = newEventId();
    const now = Date.now();
    for (const back of [60_000, 86_400_000]) {
      vi.spyOn(Date, 'now').mockReturnValue(now - back);
      const ids = [newEventId(), newEventId()];
      expect(ids[0]! > before).toBe(true);
      expect(ids[1]! > ids[0]!).toBe(true);
      vi.restoreAllMocks();
    }
  });

  // Last in this file: it moves the file's generator an hour ahead.
  it('continue after the greatest stored id, even one from a clock that ran ahead, and ignore anything else', () => {
    const ahead = new Date(Date.now() + 3_600_000);
    // A stored id an hour ahead of the clock, with the greatest counter and random bits its millisecond can have.
    const hex = ahead.getTime().toString(16).padStart(12, '0');
    const stored = `${hex.slice(0, 8)}-${hex.slice(8)}-7fff-bfff-ffffffffffff`;
    expect(newEventId() < stored).toBe(true);
    continueEventIdsAfter(stored);
    const next = newEventId();
    expect(next > stored).toBe(true);
    expect(msOf(next)).toBe(ahead.getTime() + 1);
    // An older id, a malformed one, a v4 UUID and nothing at all leave the sequence as it is.
    for (const other of [newEventId().replace(/^[0-9a-f]{8}/, '00000000'), 'not-an-id', '9b2e8a9e-4c1d-4f7a-8b3e-2a6f1c9d0e7b', null, undefined]) {
      const last = newEventId();
      continueEventIdsAfter(other);
      const after = newEventId();
      expect(after > last).toBe(true);
      expect(msOf(after) - msOf(last)).toBeLessThanOrEqual(1);
    }
  });
});
