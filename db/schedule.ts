/**
 * Weekly schedules in the building's time zone. An interval covers [from, to) on one weekday (0 = Sunday);
 * a night shift across midnight is two intervals (Mon 22:00–24:00 and Tue 00:00–06:00).
 */
export interface Interval {
  day: number;
  from: string;
  to: string;
}

export interface LocalTime {
  /** YYYY-MM-DD in the building's zone, for the holiday calendar. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Converts instants to the building's local calendar; one formatter per zone, created once. */
export class BuildingClock {
  readonly #format: Intl.DateTimeFormat;
  /** The last minute converted: taps come in bursts within the same minute. */
  #minute = Number.NaN;
  #cached: LocalTime = { date: '', weekday: 0, minutes: 0 };

  constructor(readonly timeZone: string) {
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  local(at: number): LocalTime {
    const minute = Math.floor(at / 60_000);
    if (minute === this.#minute) return this.#cached;
    const parts: Record<string, string> = {};
    for (const p of this.#format.formatToParts(at)) parts[p.type] = p.value;
    this.#cached = {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
    this.#minute = minute;
    return this.#cached;
  }
}

export function covers(intervals: readonly Interval[], time: LocalTime): boolean {
  return intervals.some((i) => i.day === time.weekday && minutesOf(i.from) <= time.minutes && time.minutes < minutesOf(i.to));
}
