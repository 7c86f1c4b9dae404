/**
 * The access decision: card UID at a reader → grant or deny with a reason.
 *
 * One statement per decision reads everything about the card (status, validity, its direct zone or the schedules its
 * groups give it at the reader's zone, its anti-passback presence) from SQLite on every call: no cache could grant a
 * suspended or revoked card. Readers, zones, schedules and holidays come from the connection's configuration cache
 * (db/access-config-cache.ts), which the next decision reloads after any change to them. The decision is logged, with
 * its outbox event, by the group-committed decision log (db/access-log.ts).
 */
import type { Statement } from 'better-sqlite3';
import { AccessConfigCache, type AccessConfig, type MinuteInterval, type ReaderConfig } from './access-config-cache.js';
import { DecisionLog } from './access-log.js';
import type { Db } from './connection.js';
import { BuildingClock, type LocalTime } from './schedule.js';

export type DenyReason =
  | 'reader_unknown'
  | 'unknown_card'
  | 'not_active'
  | 'not_yet_valid'
  | 'expired'
  | 'zone_not_allowed'
  | 'outside_schedule'
  | 'anti_passback';

export type Decision =
  | { granted: true; reason: 'granted'; readerId: string; readerName: string; uid: string; cardId: number; zoneId: number; at: number }
  | { granted: false; reason: DenyReason; readerId: string; readerName: string | null; uid: string; cardId: number | null; zoneId: number | null; at: number };

/**
 * The card at one zone, parameters (zone, zone, anti-passback 0/1, zone, uid): `access` is '*' when the card has the
 * zone directly, else the comma-separated schedules its groups give it there (NULL: none); `inside` is its presence in
 * the zone (asked only at anti-passback readers).
 */
export const CARD_AT_ZONE_SQL = `SELECT c.id, c.status, c.valid_from, c.valid_until,
  CASE WHEN EXISTS (SELECT 1 FROM card_zones cz WHERE cz.card_id = c.id AND cz.zone_id = ?) THEN '*'
       ELSE (SELECT group_concat(r.schedule_id) FROM card_access_groups cg JOIN access_group_rules r ON r.group_id = cg.group_id
             WHERE cg.card_id = c.id AND r.zone_id = ?) END AS access,
  CASE WHEN ? THEN (SELECT p.inside FROM access_presence p WHERE p.card_id = c.id AND p.zone_id = ?) END AS inside
FROM cards c WHERE c.uid = ?`;

type CardAtZone = [id: number, status: string, validFrom: number | null, validUntil: number | null, access: string | null, inside: number | null];

const covers = (intervals: readonly MinuteInterval[], time: LocalTime) => intervals.some((i) => i.day === time.weekday && i.from <= time.minutes && time.minutes < i.to);

/** Prepared once per database; a decision is one indexed statement plus in-memory configuration. */
export class AccessDecider {
  readonly #card: Statement<[number, number, number, number, string], CardAtZone>;
  readonly #config: AccessConfigCache;
  readonly #log: DecisionLog;
  readonly #clock: BuildingClock;

  constructor(
    db: Db,
    timeZone: string,
    private readonly siteCode: string,
    log: DecisionLog = DecisionLog.of(db),
  ) {
    this.#clock = new BuildingClock(timeZone);
    this.#config = AccessConfigCache.of(db);
    this.#log = log;
    this.#card = db.sqlite.prepare<[number, number, number, number, string], CardAtZone>(CARD_AT_ZONE_SQL).raw(true) as unknown as Statement<[number, number, number, number, string], CardAtZone>;
  }

  /** The reader a serial door reader drives, from the configuration cache. */
  readerForDevice(deviceId: string): string | undefined {
    return this.#config.current.readerByDevice.get(deviceId);
  }

  /** Evaluates without writing anything (a dry run for the UI and the bench baseline). */
  evaluate(readerId: string, uid: string, at: number): Decision {
    const config = this.#config.current;
    return this.#evaluate(config, config.readers.get(readerId), readerId, uid, at);
  }

  /**
   * Decides, and queues the decision for the log with its outbox event and the anti-passback presence it moves. The
   * answer does not wait for the write (see db/access-log.ts); it is refused (throws) while the log cannot be written.
   */
  decide(readerId: string, uid: string, at: number): Decision {
    this.#log.ensureWritable();
    const config = this.#config.current;
    const reader = config.readers.get(readerId);
    const decision = this.#evaluate(config, reader, readerId, uid, at);
    this.#log.append({
      at,
      siteCode: this.siteCode,
      readerId,
      zoneId: decision.zoneId,
      direction: reader?.direction ?? null,
      uid,
      cardId: decision.cardId,
      granted: decision.granted,
      reason: decision.reason,
      inside: decision.granted && reader?.antiPassback ? (reader.direction === 'in' ? 1 : 0) : null,
    });
    return decision;
  }

  #evaluate(config: AccessConfig, reader: ReaderConfig | undefined, readerId: string, uid: string, at: number): Decision {
    if (!reader) return { granted: false, reason: 'reader_unknown', readerId, readerName: null, uid, cardId: null, zoneId: null, at };
    const zoneId = reader.zoneId;
    const card = this.#card.get(zoneId, zoneId, reader.antiPassback ? 1 : 0, zoneId, uid);
    const reason = card ? this.#refusal(config, reader, card, at) : 'unknown_card';
    if (reason === null) return { granted: true, reason: 'granted', readerId, readerName: reader.name, uid, cardId: (card as CardAtZone)[0], zoneId, at };
    return { granted: false, reason, readerId, readerName: reader.name, uid, cardId: card?.[0] ?? null, zoneId, at };
  }

  /** Why the card may not pass the reader now (null: it may). */
  #refusal(config: AccessConfig, reader: ReaderConfig, [cardId, status, validFrom, validUntil, access, inside]: CardAtZone, at: number): DenyReason | null {
    if (status !== 'active') return 'not_active';
    if (validFrom !== null && at < validFrom) return 'not_yet_valid';
    if (validUntil !== null && at >= validUntil) return 'expired';
    if (access === null) return 'zone_not_allowed';
    if (access !== '*') {
      const local = this.#clock.local(at);
      const holiday = config.holidays.has(local.date);
      const open = access.split(',').some((id) => {
        const schedule = config.schedules.get(Number(id));
        return schedule !== undefined && (!holiday || schedule.openOnHolidays) && covers(schedule.intervals, local);
      });
      if (!open) return 'outside_schedule';
    }
    if (reader.antiPassback) {
      const isInside = (this.#log.presence(cardId, reader.zoneId) ?? inside) === 1;
      if ((reader.direction === 'in' && isInside) || (reader.direction === 'out' && !isInside)) return 'anti_passback';
    }
    return null;
  }
}
