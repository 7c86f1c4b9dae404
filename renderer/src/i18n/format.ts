import { useTranslation } from 'react-i18next';
import { asLocale, intlLocale } from './index.js';
import { useSite } from '../app/session.js';

export interface Formatters {
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  /** Time of day with seconds, for live activity. */
  time(iso: string | null | undefined): string;
  /** A calendar day (YYYY-MM-DD, as printed on a document), not shifted by any time zone. */
  day(isoDate: string | null | undefined): string;
  number(n: number): string;
}

export function makeFormatters(locale: string, timeZone: string): Formatters {
  const tag = intlLocale[asLocale(locale)];
  const safeZone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { timeZone: safeZone, dateStyle: 'medium', timeStyle: 'short' });
  const dateFmt = new Intl.DateTimeFormat(tag, { timeZone: safeZone, dateStyle: 'medium' });
  const timeFmt = new Intl.DateTimeFormat(tag, { timeZone: safeZone, timeStyle: 'medium' });
  const dayFmt = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'medium' });
  const numberFmt = new Intl.NumberFormat(tag);
  const fmt = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : f.format(d);
  };
  const day = (value: string | null | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? fmt(dayFmt)(`${value}T00:00:00Z`) : (value ?? '—'));
  return { dateTime: fmt(dateTimeFmt), date: fmt(dateFmt), time: fmt(timeFmt), day, number: (n) => numberFmt.format(n) };
}

/** Intl formatters are costly to make: one set per language and time zone, shared by every component (every row). */
const made = new Map<string, Formatters>();

/** Dates in the building's time zone, written the way the user's language writes them. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const site = useSite();
  const key = `${i18n.language}\n${site.timezone}`;
  let formatters = made.get(key);
  if (!formatters) made.set(key, (formatters = makeFormatters(i18n.language, site.timezone)));
  return formatters;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset in minutes of `timeZone` from UTC at the given instant. */
function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/**
 * The instant a calendar day (YYYY-MM-DD) starts in the building's time zone, as ISO 8601 with offset.
 * `endOfDay` gives the last millisecond of that day instead.
 */
export function zonedDayBoundary(day: string, timeZone: string, endOfDay = false): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const wallMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + (endOfDay ? 86_400_000 - 1 : 0);
  let guess = wallMs - zoneOffsetMinutes(new Date(wallMs), zone) * 60_000;
  guess = wallMs - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess).toISOString();
}

/**
 * A wall-clock date and time in the building's time zone ("2024-05-01T08:30", as a datetime-local input gives it)
 * as an ISO 8601 instant, or null when it is not such a value.
 */
export function zonedDateTime(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const wallMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let guess = wallMs - zoneOffsetMinutes(new Date(wallMs), zone) * 60_000;
  guess = wallMs - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess).toISOString();
}
