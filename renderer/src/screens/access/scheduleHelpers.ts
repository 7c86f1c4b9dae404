/** Pure helpers of the weekly schedule editor. Days are numbered as in the contract: 0 = Sunday … 6 = Saturday. */

export interface Interval {
  day: number;
  from: string;
  to: string;
}

export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
/** Monday first, as Vietnamese and Chinese calendars show the week. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const ALL_WEEK: Interval[] = WEEK_ORDER.map((day) => ({ day, from: '00:00', to: '24:00' }));
export const OFFICE_HOURS: Interval[] = [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:00', to: '18:00' }));

/** Monday's intervals copied onto Tuesday to Friday (their own intervals replaced). */
export function copyMondayToWeekdays(intervals: readonly Interval[]): Interval[] {
  const monday = intervals.filter((i) => i.day === 1);
  const kept = intervals.filter((i) => i.day === 0 || i.day === 1 || i.day === 6);
  return [...kept, ...[2, 3, 4, 5].flatMap((day) => monday.map((i) => ({ ...i, day })))];
}

/** Positions (in the flat list) of one day's intervals, so form errors like intervals.3.to stay addressable. */
export function indicesOfDay(intervals: readonly Interval[], day: number): number[] {
  return intervals.flatMap((i, index) => (i.day === day ? [index] : []));
}

/** "08:00–18:00, 20:00–22:00" for one day, sorted by start. */
export function dayText(intervals: readonly Interval[], day: number): string {
  return intervals
    .filter((i) => i.day === day)
    .sort((a, b) => a.from.localeCompare(b.from))
    .map((i) => `${i.from}–${i.to}`)
    .join(', ');
}
