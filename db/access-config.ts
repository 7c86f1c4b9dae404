/** Zones, readers, schedules, holidays and access groups. */
import type { Db } from './connection.js';
import type { Interval } from './schedule.js';

export interface Zone { id: number; code: string; name: string; kind: 'door' | 'floor' | 'car_park' | 'common'; floor: number | null; antiPassback: boolean }
export interface Reader { id: string; name: string; zoneId: number; zoneName: string; direction: 'in' | 'out'; deviceId: string | null }
export interface Schedule { id: number; name: string; intervals: Interval[]; openOnHolidays: boolean }
export interface Group { id: number; name: string; description: string | null; rules: { zoneId: number; scheduleId: number }[]; cardCount: number }

export function listZones(db: Db): Zone[] {
  return (db.sqlite.prepare('SELECT id, code, name, kind, floor, anti_passback FROM access_zones ORDER BY code').all() as (Omit<Zone, 'antiPassback'> & { anti_passback: number })[]).map(
    ({ anti_passback, ...z }) => ({ ...z, antiPassback: anti_passback === 1 }),
  );
}
export const getZone = (db: Db, id: number) => listZones(db).find((z) => z.id === id);

export function saveZone(db: Db, zone: Omit<Zone, 'id'>, id?: number): number {
  const values = [zone.code, zone.name, zone.kind, zone.floor, zone.antiPassback ? 1 : 0];
  if (id === undefined) return Number(db.sqlite.prepare('INSERT INTO access_zones (code, name, kind, floor, anti_passback) VALUES (?, ?, ?, ?, ?)').run(...values).lastInsertRowid);
  db.sqlite.prepare('UPDATE access_zones SET code = ?, name = ?, kind = ?, floor = ?, anti_passback = ? WHERE id = ?').run(...values, id);
  return id;
}

export function zoneCodeTaken(db: Db, code: string, exceptId?: number): boolean {
  const row = db.sqlite.prepare('SELECT id FROM access_zones WHERE code = ?').get(code) as { id: number } | undefined;
  return row !== undefined && row.id !== exceptId;
}

export function listReaders(db: Db): Reader[] {
  return db.sqlite
    .prepare('SELECT r.id, r.name, r.zone_id AS zoneId, z.name AS zoneName, r.direction, r.device_id AS deviceId FROM access_readers r JOIN access_zones z ON z.id = r.zone_id ORDER BY r.id')
    .all() as Reader[];
}
export const getReader = (db: Db, id: string) => listReaders(db).find((r) => r.id === id);

export function readerForDevice(db: Db, deviceId: string): string | undefined {
  return (db.sqlite.prepare('SELECT id FROM access_readers WHERE device_id = ?').get(deviceId) as { id: string } | undefined)?.id;
}

export function putReader(db: Db, reader: Omit<Reader, 'zoneName'>): void {
  db.sqlite
    .prepare(
      `INSERT INTO access_readers (id, name, zone_id, direction, device_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, zone_id = excluded.zone_id, direction = excluded.direction, device_id = excluded.device_id`,
    )
    .run(reader.id, reader.name, reader.zoneId, reader.direction, reader.deviceId);
}

/** A deleted device no longer drives any reader. */
export function unlinkDevice(db: Db, deviceId: string): void {
  db.sqlite.prepare('UPDATE access_readers SET device_id = NULL WHERE device_id = ?').run(deviceId);
}

export function deleteReader(db: Db, id: string): boolean {
  return db.sqlite.prepare('DELETE FROM access_readers WHERE id = ?').run(id).changes > 0;
}

export function listSchedules(db: Db): Schedule[] {
  return (db.sqlite.prepare('SELECT id, name, intervals, open_on_holidays FROM schedules ORDER BY name').all() as { id: number; name: string; intervals: string; open_on_holidays: number }[]).map((s) => ({
    id: s.id,
    name: s.name,
    intervals: JSON.parse(s.intervals) as Interval[],
    openOnHolidays: s.open_on_holidays === 1,
  }));
}

export function saveSchedule(db: Db, schedule: Omit<Schedule, 'id'>, id?: number): number {
  const values = [schedule.name, JSON.stringify(schedule.intervals), schedule.openOnHolidays ? 1 : 0];
  if (id === undefined) return Number(db.sqlite.prepare('INSERT INTO schedules (name, intervals, open_on_holidays) VALUES (?, ?, ?)').run(...values).lastInsertRowid);
  db.sqlite.prepare('UPDATE schedules SET name = ?, intervals = ?, open_on_holidays = ? WHERE id = ?').run(...values, id);
  return id;
}

export function listHolidays(db: Db): { date: string; name: string }[] {
  return db.sqlite.prepare('SELECT date, name FROM holidays ORDER BY date').all() as { date: string; name: string }[];
}

export function putHoliday(db: Db, date: string, name: string): void {
  db.sqlite.prepare('INSERT INTO holidays (date, name) VALUES (?, ?) ON CONFLICT (date) DO UPDATE SET name = excluded.name').run(date, name);
}

export function deleteHoliday(db: Db, date: string): boolean {
  return db.sqlite.prepare('DELETE FROM holidays WHERE date = ?').run(date).changes > 0;
}

export function listGroups(db: Db): Group[] {
  const groups = db.sqlite
    .prepare('SELECT g.id, g.name, g.description, (SELECT count(*) FROM card_access_groups c WHERE c.group_id = g.id) AS cardCount FROM access_groups g ORDER BY g.name')
    .all() as Omit<Group, 'rules'>[];
  const rules = db.sqlite.prepare('SELECT group_id AS groupId, zone_id AS zoneId, schedule_id AS scheduleId FROM access_group_rules ORDER BY zone_id, schedule_id').all() as {
    groupId: number;
    zoneId: number;
    scheduleId: number;
  }[];
  return groups.map((g) => ({ ...g, rules: rules.filter((r) => r.groupId === g.id).map(({ zoneId, scheduleId }) => ({ zoneId, scheduleId })) }));
}

export function saveGroup(db: Db, group: { name: string; description: string | null; rules: { zoneId: number; scheduleId: number }[] }, id?: number): number {
  let groupId = id;
  if (groupId === undefined) groupId = Number(db.sqlite.prepare('INSERT INTO access_groups (name, description) VALUES (?, ?)').run(group.name, group.description).lastInsertRowid);
  else db.sqlite.prepare('UPDATE access_groups SET name = ?, description = ? WHERE id = ?').run(group.name, group.description, groupId);
  db.sqlite.prepare('DELETE FROM access_group_rules WHERE group_id = ?').run(groupId);
  const insert = db.sqlite.prepare('INSERT INTO access_group_rules (group_id, zone_id, schedule_id) VALUES (?, ?, ?)');
  for (const r of group.rules) insert.run(groupId, r.zoneId, r.scheduleId);
  return groupId;
}

export function nameTaken(db: Db, table: 'schedules' | 'access_groups', name: string, exceptId?: number): boolean {
  const row = db.sqlite.prepare(`SELECT id FROM ${table} WHERE name = ?`).get(name) as { id: number } | undefined;
  return row !== undefined && row.id !== exceptId;
}
