import { describe, expect, it } from 'vitest';
import { iso } from '../../gateway/clock.js';

describe('iso', () => {
  it('writes every instant as Date#toISOString does, also many within one second', () => {
    // Every 7th millisecond over five seconds, crossing second boundaries in both directions, and the edges.
    const base = Date.parse('2026-12-05T23:59:59.000Z');
    const instants = [base, base + 1, base + 9, base + 10, base + 99, base + 100, base + 999, base + 1000, base + 1001, base - 1, base + 5, 0, -1, -999, -1000, -1001, Date.parse('0001-01-01T00:00:00.007Z'), 8.64e15];
    for (const ms of [...instants, ...instants.reverse()]) expect(iso(ms)).toBe(new Date(ms).toISOString());
    for (let ms = base - 2500; ms < base + 2500; ms += 7) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('keeps null, formats fractions of a millisecond as Date does, and refuses what Date refuses', () => {
    expect(iso(null)).toBeNull();
    const base = Date.parse('2026-12-05T10:00:00.000Z');
    expect(iso(base)).toBe('2026-12-05T10:00:00.000Z');
    expect(iso(base + 12.7)).toBe(new Date(base + 12.7).toISOString());
    expect(iso(base + 12)).toBe('2026-12-05T10:00:00.012Z');
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
    // Also right after the last instant Date can write, in the same second.
    expect(iso(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
    expect(iso(-8.64e15)).toBe(new Date(-8.64e15).toISOString());
    expect(() => iso(-8.64e15 - 1)).toThrow(RangeError);
  });
});
