/** Injected time source: tests control it, production uses the system clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The last second formatted, without its milliseconds and 'Z': a busy door lane formats the same second many times. */
let second = Number.NaN;
let secondPrefix = '';

/** The instant as `Date.prototype.toISOString` writes it (UTC, milliseconds). */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  if (ms === null) return null;
  const s = Math.floor(ms / 1000);
  // Outside Date's range (±8.64e15 ms) toISOString throws; the short way must not answer for it.
  if (s !== second || !Number.isInteger(ms) || ms > 8.64e15 || ms < -8.64e15) {
    const text = new Date(ms).toISOString();
    if (!Number.isInteger(ms)) return text;
    second = s;
    secondPrefix = text.slice(0, -4);
    return text;
  }
  const milli = ms - s * 1000;
  return `${secondPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
