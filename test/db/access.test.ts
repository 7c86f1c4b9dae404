import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDecider, CARD_AT_ZONE_SQL } from '../../db/access.js';
import { DecisionLog } from '../../db/access-log.js';
import type { Db } from '../../db/connection.js';
import { BuildingClock } from '../../db/schedule.js';
import { queryPlan, tempDb } from '../support/db.js';

let db: Db;
let dispose: () => void;
let decider: AccessDecider;
/** Local time in Asia/Ho_Chi_Minh (UTC+7, no DST) → instant. 2026-11-23 is a Monday. */
const vn = (local: string) => Date.parse(`${local}+07:00`);

beforeAll(() => {
  ({ db, dispose } = tempDb());
  db.sqlite.exec(`
    INSERT INTO access_zones (id, code, name, kind, floor, anti_passback) VALUES
      (1, 'LOBBY', 'Sảnh chính', 'door', 0, 0), (2, 'F12', 'Tầng 12', 'floor', 12, 0), (3, 'PARK', 'Hầm xe', 'car_park', -1, 1);
    INSERT INTO access_readers (id, name, zone_id, direction) VALUES
      ('lobby-in', 'Cửa sảnh', 1, 'in'), ('f12', 'Thang máy tầng 12', 2, 'in'), ('park-in', 'Hầm vào', 3, 'in'), ('park-out', 'Hầm ra', 3, 'out');
    INSERT INTO schedules (id, name, intervals, open_on_holidays) VALUES
      (1, '24/7', '[{"day":0,"from":"00:00","to":"24:00"},{"day":1,"from":"00:00","to":"24:00"},{"day":2,"from":"00:00","to":"24:00"},{"day":3,"from":"00:00","to":"24:00"},{"day":4,"from":"00:00","to":"24:00"},{"day":5,"from":"00:00","to":"24:00"},{"day":6,"from":"00:00","to":"24:00"}]', 1),
      (2, 'office', '[{"day":1,"from":"08:00","to":"18:00"},{"day":2,"from":"08:00","to":"18:00"},{"day":3,"from":"08:00","to":"18:00"},{"day":4,"from":"08:00","to":"18:00"},{"day":5,"from":"08:00","to":"18:00"}]', 0),
      (3, 'night shift', '[{"day":1,"from":"22:00","to":"24:00"},{"day":2,"from":"00:00","to":"06:00"}]', 0);
    INSERT INTO holidays (date, name) VALUES ('2026-11-24', 'Ngày nghỉ thử nghiệm');
    INSERT INTO access_groups (id, name) VALUES (1, 'residents'), (2, 'office staff'), (3, 'night guards');
    INSERT INTO access_group_rules (group_id, zone_id, schedule_id) VALUES (1, 1, 1), (1, 3, 1), (2, 1, 2), (3, 1, 3);
    INSERT INTO cards (id, uid, technology, status, valid_from, valid_until, created_at, updated_at) VALUES
      (1, '0A0B0C0D0E', 'em4100', 'active', NULL, NULL, 0, 0),
      (2, 'DEADBEEF', 'mifare_classic', 'active', NULL, NULL, 0, 0),
      (3, 'CAFEBABE', 'mifare_classic', 'active', NULL, NULL, 0, 0),
      (4, '1122334455', 'em4100', 'suspended', NULL, NULL, 0, 0),
      (5, '5544332211', 'em4100', 'revoked', NULL, NULL, 0, 0),
      (6, 'AABBCCDD', 'mifare_classic', 'active', ${vn('2026-11-23T09:00:00')}, ${vn('2026-11-23T11:00:00')}, 0, 0);
    INSERT INTO card_access_groups (card_id, group_id) VALUES (1, 1), (2, 2), (3, 3);
    INSERT INTO card_zones (card_id, zone_id) VALUES (6, 2);
  `);
  decider = new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'TEST');
});
afterAll(() => dispose());

describe('access decisions', () => {
  it.each([
    ['unknown reader', 'no-such-reader', '0A0B0C0D0E', '2026-11-23T10:00:00', 'reader_unknown'],
    ['unknown card', 'lobby-in', '9999999999', '2026-11-23T10:00:00', 'unknown_card'],
    ['suspended card', 'lobby-in', '1122334455', '2026-11-23T10:00:00', 'not_active'],
    ['revoked card', 'lobby-in', '5544332211', '2026-11-23T10:00:00', 'not_active'],
    ['resident at the lobby, any time', 'lobby-in', '0A0B0C0D0E', '2026-11-23T03:00:00', 'granted'],
    ['resident on a floor their groups do not cover', 'f12', '0A0B0C0D0E', '2026-11-23T10:00:00', 'zone_not_allowed'],
    ['office staff at 08:00 sharp', 'lobby-in', 'DEADBEEF', '2026-11-23T08:00:00', 'granted'],
    ['office staff at 17:59', 'lobby-in', 'DEADBEEF', '2026-11-23T17:59:00', 'granted'],
    ['office staff at 18:00 (end is exclusive)', 'lobby-in', 'DEADBEEF', '2026-11-23T18:00:00', 'outside_schedule'],
    ['office staff on Sunday', 'lobby-in', 'DEADBEEF', '2026-11-22T10:00:00', 'outside_schedule'],
    ['office staff on a holiday (Tuesday)', 'lobby-in', 'DEADBEEF', '2026-11-24T10:00:00', 'outside_schedule'],
    ['resident on a holiday (schedule open on holidays)', 'lobby-in', '0A0B0C0D0E', '2026-11-24T10:00:00', 'granted'],
    ['night guard Monday 23:59', 'lobby-in', 'CAFEBABE', '2026-11-23T23:59:00', 'granted'],
    ['night guard Monday 21:59', 'lobby-in', 'CAFEBABE', '2026-11-23T21:59:00', 'outside_schedule'],
    ['visitor before the visit window', 'f12', 'AABBCCDD', '2026-11-23T08:59:59', 'not_yet_valid'],
    ['visitor in the window on the destination floor', 'f12', 'AABBCCDD', '2026-11-23T09:00:00', 'granted'],
    ['visitor at the end of the window', 'f12', 'AABBCCDD', '2026-11-23T11:00:00', 'expired'],
    ['visitor on another zone', 'lobby-in', 'AABBCCDD', '2026-11-23T10:00:00', 'zone_not_allowed'],
  ])('%s → %s', (_label, reader, uid, local, reason) => {
    const decision = decider.evaluate(reader, uid, vn(local));
    expect(decision.reason).toBe(reason);
    expect(decision.granted).toBe(reason === 'granted');
  });

  it('crosses midnight: the night schedule continues into Tuesday and ends at 06:00', () => {
    // Tuesday 2026-11-24 is a holiday and the night schedule is closed on holidays; use the next week.
    db.sqlite.prepare("DELETE FROM holidays WHERE date = '2026-12-01'").run();
    expect(decider.evaluate('lobby-in', 'CAFEBABE', vn('2026-12-01T00:00:00')).reason).toBe('granted');
    expect(decider.evaluate('lobby-in', 'CAFEBABE', vn('2026-12-01T05:59:00')).reason).toBe('granted');
    expect(decider.evaluate('lobby-in', 'CAFEBABE', vn('2026-12-01T06:00:00')).reason).toBe('outside_schedule');
    expect(decider.evaluate('lobby-in', 'CAFEBABE', vn('2026-11-24T01:00:00')).reason).toBe('outside_schedule'); // holiday
  });

  it('reads the schedule in the building time zone (Shanghai, UTC+8, also without DST)', () => {
    const shanghai = new AccessDecider(db, 'Asia/Shanghai', 'TEST');
    const instant = Date.parse('2026-11-23T17:30:00+07:00'); // 18:30 in Shanghai
    expect(decider.evaluate('lobby-in', 'DEADBEEF', instant).reason).toBe('granted');
    expect(shanghai.evaluate('lobby-in', 'DEADBEEF', instant).reason).toBe('outside_schedule');
    expect(new BuildingClock('Asia/Shanghai').local(Date.parse('2026-11-22T16:00:00Z'))).toEqual({ date: '2026-11-23', weekday: 1, minutes: 0 });
  });

  it('enforces anti-passback in the car park: in, in again refused, out, out again refused', () => {
    const t = vn('2026-11-23T07:00:00');
    expect(decider.decide('park-in', '0A0B0C0D0E', t).reason).toBe('granted');
    expect(decider.decide('park-in', '0A0B0C0D0E', t + 1000).reason).toBe('anti_passback');
    expect(decider.decide('park-out', '0A0B0C0D0E', t + 2000).reason).toBe('granted');
    expect(decider.decide('park-out', '0A0B0C0D0E', t + 3000).reason).toBe('anti_passback');
    expect(decider.decide('park-in', '0A0B0C0D0E', t + 4000).reason).toBe('granted');
  });

  it('sees a revocation at the very next decision', () => {
    const t = vn('2026-11-23T10:00:00');
    expect(decider.decide('lobby-in', '0A0B0C0D0E', t).granted).toBe(true);
    db.sqlite.prepare("UPDATE cards SET status = 'revoked' WHERE id = 1").run();
    expect(decider.decide('lobby-in', '0A0B0C0D0E', t + 1).reason).toBe('not_active');
    db.sqlite.prepare("UPDATE cards SET status = 'active' WHERE id = 1").run();
  });

  it('logs every decision with its outbox event, both in the next group commit', () => {
    const counts = () => db.sqlite.prepare('SELECT (SELECT count(*) FROM access_events) AS events, (SELECT count(*) FROM outbox) AS outbox').get() as { events: number; outbox: number };
    DecisionLog.of(db).flush();
    const before = counts();
    decider.decide('lobby-in', '9999999999', vn('2026-11-23T10:00:00'));
    // Answered, not yet committed: the door did not wait for the fsync.
    expect([counts(), DecisionLog.of(db).pending]).toEqual([before, 1]);
    expect(DecisionLog.of(db).flush()).toBe(1);
    expect(counts()).toEqual({ events: before.events + 1, outbox: before.outbox + 1 });
    const row = db.sqlite.prepare("SELECT type, aggregate_id, payload FROM outbox ORDER BY id DESC LIMIT 1").get() as { type: string; aggregate_id: string; payload: string };
    expect(row.type).toBe('access.decided');
    expect(JSON.parse(row.payload)).toMatchObject({ readerId: 'lobby-in', uid: '9999999999', granted: false, reason: 'unknown_card' });
  });

  it('uses indexes for every lookup of the hot path: one statement per decision', () => {
    expect(queryPlan(db, CARD_AT_ZONE_SQL, 1, 1, 1, 1, 'X')).toMatch(
      /SEARCH c USING INDEX sqlite_autoindex_cards_1 \(uid=\?\)[\s\S]*SEARCH cz USING PRIMARY KEY \(card_id=\? AND zone_id=\?\)[\s\S]*SEARCH cg USING PRIMARY KEY \(card_id=\?\)\s+SEARCH r USING PRIMARY KEY \(group_id=\? AND zone_id=\?\)[\s\S]*SEARCH p USING PRIMARY KEY \(card_id=\? AND zone_id=\?\)/,
    );
    expect(queryPlan(db, CARD_AT_ZONE_SQL, 1, 1, 1, 1, 'X')).not.toMatch(/SCAN/);
  });
});
