/**
 * The access configuration cache: readers, zones, schedules and holidays are kept in memory, and any change to them on
 * the connection (through db/access-config.ts or raw SQL, committed or rolled back) is seen by the very next decision.
 * Card data is never cached: a suspension or revocation refuses the next tap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessDecider } from '../../db/access.js';
import { AccessConfigCache } from '../../db/access-config-cache.js';
import { deleteHoliday, deleteReader, putHoliday, putReader, saveGroup, saveSchedule, saveZone } from '../../db/access-config.js';
import type { Db } from '../../db/connection.js';
import { tempDb } from '../support/db.js';

let db: Db;
let dispose: () => void;
let decider: AccessDecider;
const vn = (local: string) => Date.parse(`${local}+07:00`);
const MONDAY_10 = vn('2026-11-23T10:00:00');
const office = [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:00', to: '18:00' }));

beforeEach(() => {
  ({ db, dispose } = tempDb());
  saveZone(db, { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0, antiPassback: false });
  saveZone(db, { code: 'F12', name: 'Tầng 12', kind: 'floor', floor: 12, antiPassback: false });
  putReader(db, { id: 'lobby-in', name: 'Cửa sảnh', zoneId: 1, direction: 'in', deviceId: null });
  saveSchedule(db, { name: 'office', intervals: office, openOnHolidays: false });
  saveGroup(db, { name: 'staff', description: null, rules: [{ zoneId: 1, scheduleId: 1 }] });
  db.sqlite.exec(`
    INSERT INTO cards (id, uid, technology, status, created_at, updated_at) VALUES (1, 'DEADBEEF', 'mifare_classic', 'active', 0, 0);
    INSERT INTO card_access_groups (card_id, group_id) VALUES (1, 1);
  `);
  decider = new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'TEST');
  expect(decider.evaluate('lobby-in', 'DEADBEEF', MONDAY_10).reason).toBe('granted');
});
afterEach(() => dispose());

const reason = (readerId = 'lobby-in', at = MONDAY_10) => decider.evaluate(readerId, 'DEADBEEF', at).reason;

describe('access configuration cache', () => {
  it('keeps the configuration while nothing changes, and counts only changes to the cached tables', () => {
    const cache = AccessConfigCache.of(db);
    const config = cache.current;
    const changes = cache.changes;
    reason();
    db.sqlite.prepare("UPDATE cards SET updated_at = 1 WHERE id = 1").run();
    db.sqlite.prepare('INSERT INTO card_zones (card_id, zone_id) VALUES (1, 2)').run();
    expect(cache.current).toBe(config);
    expect(cache.changes).toBe(changes);
    putHoliday(db, '2026-12-25', 'Noel');
    expect(cache.changes).toBe(changes + 1);
    expect(cache.current).not.toBe(config);
  });

  it('sees a reader added, moved to another zone, renamed and deleted at the next decision', () => {
    expect(reason('f12-in')).toBe('reader_unknown');
    putReader(db, { id: 'f12-in', name: 'Thang máy 12', zoneId: 2, direction: 'in', deviceId: null });
    expect(reason('f12-in')).toBe('zone_not_allowed');
    putReader(db, { id: 'f12-in', name: 'Thang máy 12 (sảnh)', zoneId: 1, direction: 'in', deviceId: null });
    expect(decider.evaluate('f12-in', 'DEADBEEF', MONDAY_10)).toMatchObject({ reason: 'granted', zoneId: 1, readerName: 'Thang máy 12 (sảnh)' });
    deleteReader(db, 'f12-in');
    expect(reason('f12-in')).toBe('reader_unknown');
  });

  it('sees a serial door reader linked to a device at the next tap', () => {
    expect(decider.readerForDevice('door-1')).toBeUndefined();
    putReader(db, { id: 'lobby-in', name: 'Cửa sảnh', zoneId: 1, direction: 'in', deviceId: 'door-1' });
    expect(decider.readerForDevice('door-1')).toBe('lobby-in');
    db.sqlite.prepare('UPDATE access_readers SET device_id = NULL').run();
    expect(decider.readerForDevice('door-1')).toBeUndefined();
  });

  it('sees a schedule changed, and a schedule opened on holidays, at the next decision', () => {
    const evening = vn('2026-11-23T19:00:00');
    expect(reason('lobby-in', evening)).toBe('outside_schedule');
    saveSchedule(db, { name: 'office', intervals: [...office, { day: 1, from: '18:00', to: '20:00' }], openOnHolidays: false }, 1);
    expect(reason('lobby-in', evening)).toBe('granted');
    // Raw SQL counts too (a restore of settings, a migration).
    db.sqlite.prepare("UPDATE schedules SET intervals = '[]' WHERE id = 1").run();
    expect(reason()).toBe('outside_schedule');
  });

  it('sees a holiday added and removed at the next decision', () => {
    putHoliday(db, '2026-11-23', 'Ngày nghỉ bù');
    expect(reason()).toBe('outside_schedule');
    saveSchedule(db, { name: 'office', intervals: office, openOnHolidays: true }, 1);
    expect(reason()).toBe('granted');
    saveSchedule(db, { name: 'office', intervals: office, openOnHolidays: false }, 1);
    expect(reason()).toBe('outside_schedule');
    deleteHoliday(db, '2026-11-23');
    expect(reason()).toBe('granted');
  });

  it('sees anti-passback switched on for a zone at the next decision', () => {
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10).reason).toBe('granted');
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 1).reason).toBe('granted');
    saveZone(db, { code: 'LOBBY', name: 'Sảnh', kind: 'door', floor: 0, antiPassback: true }, 1);
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 2).reason).toBe('granted');
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 3).reason).toBe('anti_passback');
  });

  it('sees group rules and card grants at once (they are read with the card)', () => {
    expect(reason('lobby-in', vn('2026-11-22T10:00:00'))).toBe('outside_schedule'); // Sunday
    saveSchedule(db, { name: '24/7', intervals: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' })), openOnHolidays: true });
    saveGroup(db, { name: 'staff', description: null, rules: [{ zoneId: 1, scheduleId: 2 }] }, 1);
    expect(reason('lobby-in', vn('2026-11-22T10:00:00'))).toBe('granted');
    db.sqlite.prepare('DELETE FROM card_access_groups WHERE card_id = 1').run();
    expect(reason()).toBe('zone_not_allowed');
    db.sqlite.prepare('INSERT INTO card_zones (card_id, zone_id) VALUES (1, 1)').run();
    expect(reason()).toBe('granted');
  });

  it('refuses a suspended or revoked card at the very next decision, however warm the cache', () => {
    for (let i = 0; i < 100; i++) expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + i).granted).toBe(true);
    db.sqlite.prepare("UPDATE cards SET status = 'suspended' WHERE id = 1").run();
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 100).reason).toBe('not_active');
    db.sqlite.prepare("UPDATE cards SET status = 'active' WHERE id = 1").run();
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 101).reason).toBe('granted');
    db.sqlite.prepare("UPDATE cards SET status = 'revoked' WHERE id = 1").run();
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 102).reason).toBe('not_active');
    db.sqlite.prepare('UPDATE cards SET status = ?, valid_until = ? WHERE id = 1').run('active', MONDAY_10 + 103);
    expect(decider.decide('lobby-in', 'DEADBEEF', MONDAY_10 + 103).reason).toBe('expired');
  });

  it('never keeps a configuration seen inside a transaction that is rolled back', () => {
    const rollback = new Error('rolled back');
    expect(() =>
      db.sqlite.transaction(() => {
        db.sqlite.prepare("UPDATE schedules SET intervals = '[]' WHERE id = 1").run();
        // A decision inside the transaction sees its own change…
        expect(reason()).toBe('outside_schedule');
        throw rollback;
      })(),
    ).toThrow(rollback);
    // …and the next one, after the rollback, the committed configuration again.
    expect(reason()).toBe('granted');
  });

  it('is shared by every decider on the connection (one set of triggers)', () => {
    const other = new AccessDecider(db, 'Asia/Shanghai', 'TEST');
    putReader(db, { id: 'f12-in', name: 'Thang máy 12', zoneId: 1, direction: 'in', deviceId: null });
    expect(other.evaluate('f12-in', 'DEADBEEF', MONDAY_10).reason).toBe('granted');
    expect(reason('f12-in')).toBe('granted');
    const triggers = db.sqlite.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'trigger'").get();
    expect(triggers).toEqual({ n: 12 });
  });
});
