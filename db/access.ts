/**
 * The access decision: card UID at a reader → grant or deny with a reason, from SQLite on every call (no cache
 * that could grant a revoked card), logged in the same transaction as its outbox event.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';
import { enqueueEvent } from './outbox.js';
import { BuildingClock, covers, type Interval } from './schedule.js';

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

interface ReaderRow {
  id: string;
  name: string;
  zone_id: number;
  direction: 'in' | 'out';
  anti_passback: number;
}
interface CardRow {
  id: number;
  status: string;
  valid_from: number | null;
  valid_until: number | null;
}

/** Prepared once per database; every decision is a handful of indexed lookups. */
export class AccessDecider {
  readonly #reader: Statement<[string], ReaderRow>;
  readonly #card: Statement<[string], CardRow>;
  readonly #directZone: Statement<[number, number], { one: number }>;
  readonly #schedules: Statement<[number, number], { intervals: string; open_on_holidays: number }>;
  readonly #holiday: Statement<[string], { one: number }>;
  readonly #presence: Statement<[number, number], { inside: number }>;
  readonly #setPresence: Statement<[number, number, number, number]>;
  readonly #log: Statement<[number, string, number | null, string | null, string, number | null, number, string]>;
  readonly #intervals = new Map<string, Interval[]>();
  readonly #clock: BuildingClock;

  constructor(
    private readonly db: Db,
    timeZone: string,
    private readonly siteCode: string,
  ) {
    const s = db.sqlite;
    this.#clock = new BuildingClock(timeZone);
    this.#reader = s.prepare('SELECT r.id, r.name, r.zone_id, r.direction, z.anti_passback FROM access_readers r JOIN access_zones z ON z.id = r.zone_id WHERE r.id = ?');
    this.#card = s.prepare('SELECT id, status, valid_from, valid_until FROM cards WHERE uid = ?');
    this.#directZone = s.prepare('SELECT 1 AS one FROM card_zones WHERE card_id = ? AND zone_id = ?');
    this.#schedules = s.prepare(
      `SELECT s.intervals, s.open_on_holidays FROM card_access_groups cg
       JOIN access_group_rules r ON r.group_id = cg.group_id
       JOIN schedules s ON s.id = r.schedule_id
       WHERE cg.card_id = ? AND r.zone_id = ?`,
    );
    this.#holiday = s.prepare('SELECT 1 AS one FROM holidays WHERE date = ?');
    this.#presence = s.prepare('SELECT inside FROM access_presence WHERE card_id = ? AND zone_id = ?');
    this.#setPresence = s.prepare(
      'INSERT INTO access_presence (card_id, zone_id, inside, at) VALUES (?, ?, ?, ?) ON CONFLICT (card_id, zone_id) DO UPDATE SET inside = excluded.inside, at = excluded.at',
    );
    this.#log = s.prepare('INSERT INTO access_events (at, reader_id, zone_id, direction, uid, card_id, granted, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** Evaluates without writing anything (a dry run for the UI and the bench baseline). */
  evaluate(readerId: string, uid: string, at: number): Decision {
    const reader = this.#reader.get(readerId);
    const deny = (reason: DenyReason, cardId: number | null = null): Decision => ({
      granted: false,
      reason,
      readerId,
      readerName: reader?.name ?? null,
      uid,
      cardId,
      zoneId: reader?.zone_id ?? null,
      at,
    });
    if (!reader) return deny('reader_unknown');
    const card = this.#card.get(uid);
    if (!card) return deny('unknown_card');
    if (card.status !== 'active') return deny('not_active', card.id);
    if (card.valid_from !== null && at < card.valid_from) return deny('not_yet_valid', card.id);
    if (card.valid_until !== null && at >= card.valid_until) return deny('expired', card.id);
    if (!this.#directZone.get(card.id, reader.zone_id)) {
      const rules = this.#schedules.all(card.id, reader.zone_id);
      if (rules.length === 0) return deny('zone_not_allowed', card.id);
      const local = this.#clock.local(at);
      const holiday = this.#holiday.get(local.date) !== undefined;
      const open = rules.some((r) => (!holiday || r.open_on_holidays === 1) && covers(this.#parse(r.intervals), local));
      if (!open) return deny('outside_schedule', card.id);
    }
    if (reader.anti_passback === 1) {
      const inside = this.#presence.get(card.id, reader.zone_id)?.inside === 1;
      if ((reader.direction === 'in' && inside) || (reader.direction === 'out' && !inside)) return deny('anti_passback', card.id);
    }
    return { granted: true, reason: 'granted', readerId, readerName: reader.name, uid, cardId: card.id, zoneId: reader.zone_id, at };
  }

  /** Decides, logs the decision, moves anti-passback presence and writes the outbox event: one transaction. */
  decide(readerId: string, uid: string, at: number): Decision {
    return this.db.sqlite
      .transaction(() => {
        const decision = this.evaluate(readerId, uid, at);
        const reader = decision.zoneId === null ? undefined : this.#reader.get(readerId);
        if (decision.granted && reader?.anti_passback === 1) this.#setPresence.run(decision.cardId, decision.zoneId, reader.direction === 'in' ? 1 : 0, at);
        this.#log.run(at, readerId, decision.zoneId, reader?.direction ?? null, uid, decision.cardId, decision.granted ? 1 : 0, decision.reason);
        enqueueEvent(this.db, this.siteCode, {
          type: 'access.decided',
          aggregateType: 'card',
          aggregateId: decision.cardId ?? uid,
          occurredAt: at,
          payload: { readerId, uid, granted: decision.granted, reason: decision.reason, zoneId: decision.zoneId, direction: reader?.direction ?? null },
        });
        return decision;
      })
      .immediate();
  }

  /** Schedules change rarely; their parsed intervals are kept by JSON text (a changed schedule is new text). */
  #parse(json: string): Interval[] {
    let parsed = this.#intervals.get(json);
    if (!parsed) {
      parsed = JSON.parse(json) as Interval[];
      this.#intervals.set(json, parsed);
    }
    return parsed;
  }
}
