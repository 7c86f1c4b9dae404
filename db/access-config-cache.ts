/**
 * The access configuration every door decision reads — readers with their zone, schedules, holidays — kept in memory
 * per connection instead of being queried on every tap.
 *
 * Invalidation is exact, not timed: temporary triggers on this connection count every row inserted, changed or deleted
 * in access_readers, access_zones, schedules and holidays (by the configuration services, a restore of settings, a
 * migration, or raw SQL alike), and the next decision reloads when the count moved. A transaction that is rolled back
 * still moves the count, which only costs a reload. Nothing is loaded for keeps inside an open transaction (it could
 * still roll back). Card data (status, validity, zones, groups, group rules, presence) is not cached at all: it is read
 * with each decision, so a suspended or revoked card is refused at the very next tap.
 *
 * Writes from other processes are not seen by the triggers: while the gateway runs, the instance lock keeps restores
 * and other gateways out, and no command-line tool writes access configuration.
 */
import type Database from 'better-sqlite3';
import type { Db } from './connection.js';
import { minutesOf, type Interval } from './schedule.js';

export interface ReaderConfig {
  id: string;
  name: string;
  zoneId: number;
  direction: 'in' | 'out';
  antiPassback: boolean;
  deviceId: string | null;
}

/** A weekly interval with its bounds in minutes since local midnight: [from, to). */
export interface MinuteInterval {
  day: number;
  from: number;
  to: number;
}

export interface ScheduleConfig {
  intervals: MinuteInterval[];
  openOnHolidays: boolean;
}

export interface AccessConfig {
  readers: ReadonlyMap<string, ReaderConfig>;
  /** Reader id by the device id of the serial door reader that drives it. */
  readerByDevice: ReadonlyMap<string, string>;
  schedules: ReadonlyMap<number, ScheduleConfig>;
  /** YYYY-MM-DD dates in the building's calendar. */
  holidays: ReadonlySet<string>;
}

/** The tables whose every row the cache holds (or derives from). */
export const CACHED_TABLES = ['access_readers', 'access_zones', 'schedules', 'holidays'] as const;
const CHANGED = 'frontgate_access_config_changed';

const caches = new WeakMap<Database.Database, AccessConfigCache>();

export class AccessConfigCache {
  /** Rows changed in the cached tables on this connection since it was opened. */
  #changes = 0;
  #loadedAt = -1;
  #config: AccessConfig | undefined;
  readonly #readers: Database.Statement<[], { id: string; name: string; zone_id: number; direction: 'in' | 'out'; anti_passback: number; device_id: string | null }>;
  readonly #schedules: Database.Statement<[], { id: number; intervals: string; open_on_holidays: number }>;
  readonly #holidays: Database.Statement<[], string>;

  /** The one cache of this connection (its triggers are installed once). */
  static of(db: Db): AccessConfigCache {
    let cache = caches.get(db.sqlite);
    if (!cache) {
      cache = new AccessConfigCache(db.sqlite);
      caches.set(db.sqlite, cache);
    }
    return cache;
  }

  private constructor(private readonly sqlite: Database.Database) {
    sqlite.function(CHANGED, () => {
      this.#changes++;
      return null;
    });
    for (const table of CACHED_TABLES) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${CHANGED}_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table} BEGIN SELECT ${CHANGED}(); END`);
      }
    }
    this.#readers = sqlite.prepare('SELECT r.id, r.name, r.zone_id, r.direction, z.anti_passback, r.device_id FROM access_readers r JOIN access_zones z ON z.id = r.zone_id');
    this.#schedules = sqlite.prepare('SELECT id, intervals, open_on_holidays FROM schedules');
    this.#holidays = sqlite.prepare<[], string>('SELECT date FROM holidays').pluck();
  }

  /** How many rows of the cached tables changed on this connection (a test's view of the triggers). */
  get changes(): number {
    return this.#changes;
  }

  /** The configuration as committed now (or as this connection's open transaction sees it). */
  get current(): AccessConfig {
    if (this.#config !== undefined && this.#loadedAt === this.#changes) return this.#config;
    const changes = this.#changes;
    const config = this.#load();
    if (!this.sqlite.inTransaction) {
      this.#config = config;
      this.#loadedAt = changes;
    }
    return config;
  }

  #load(): AccessConfig {
    const readers = new Map<string, ReaderConfig>();
    const readerByDevice = new Map<string, string>();
    for (const r of this.#readers.all()) {
      readers.set(r.id, { id: r.id, name: r.name, zoneId: r.zone_id, direction: r.direction, antiPassback: r.anti_passback === 1, deviceId: r.device_id });
      if (r.device_id !== null && !readerByDevice.has(r.device_id)) readerByDevice.set(r.device_id, r.id);
    }
    const schedules = new Map<number, ScheduleConfig>();
    for (const s of this.#schedules.all()) {
      const intervals = (JSON.parse(s.intervals) as Interval[]).map((i) => ({ day: i.day, from: minutesOf(i.from), to: minutesOf(i.to) }));
      schedules.set(s.id, { intervals, openOnHolidays: s.open_on_holidays === 1 });
    }
    return { readers, readerByDevice, schedules, holidays: new Set(this.#holidays.all()) };
  }
}
