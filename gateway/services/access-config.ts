/** Access configuration changes, each audited in its own transaction; decisions read them at the next tap. */
import * as cfg from '../../db/access-config.js';
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import { getDevice } from '../../db/devices.js';
import type { GroupData, ReaderData, ScheduleData, ZoneData } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError, fieldError, notFound } from '../errors.js';

const duplicate = (field: string, what: string) => new ApiError(409, 'conflict', `${what} already exists`, [{ path: [field], code: 'duplicate', message: 'duplicate' }]);

/** Runs a configuration change in a transaction with its audit row; `before` reads the old value first. */
function audited<T>(ctx: Ctx, action: string, entity: string, entityId: string | number | null, after: unknown, work: () => T, before: () => unknown = () => null): T {
  const now = ctx.clock.now();
  return transaction(ctx.db, () => {
    const old = before();
    const result = work();
    writeAudit(ctx.db, ctx.actor, now, { action, entity, entityId: entityId ?? (result as { id?: number | string }).id ?? null, before: old, after });
    return result;
  });
}

export function saveZone(ctx: Ctx, input: ZoneData, id?: number) {
  return audited(ctx, id === undefined ? 'zone.create' : 'zone.update', 'zone', id ?? null, input, () => {
    if (id !== undefined && !cfg.getZone(ctx.db, id)) throw notFound('zone');
    if (cfg.zoneCodeTaken(ctx.db, input.code, id)) throw duplicate('code', `zone ${input.code}`);
    return cfg.getZone(ctx.db, cfg.saveZone(ctx.db, input, id)) as cfg.Zone;
  }, () => (id === undefined ? null : (cfg.getZone(ctx.db, id) ?? null)));
}

/** A reader may be linked to a configured device, or to a running demo device. */
export function putReader(ctx: Ctx, id: string, input: ReaderData, deviceRunning: (id: string) => boolean = () => false) {
  if (input.id !== id) throw fieldError(['id'], 'immutable', 'the reader id in the body must match the path');
  return audited(ctx, 'reader.put', 'reader', id, input, () => {
    if (!cfg.getZone(ctx.db, input.zoneId)) throw fieldError(['zoneId'], 'unknown_zone', `zone ${input.zoneId} does not exist`);
    if (input.deviceId !== null && !getDevice(ctx.db, input.deviceId) && !deviceRunning(input.deviceId)) throw fieldError(['deviceId'], 'unknown_device', `device ${input.deviceId} is not configured`);
    cfg.putReader(ctx.db, input);
    return cfg.getReader(ctx.db, id) as cfg.Reader;
  }, () => cfg.getReader(ctx.db, id) ?? null);
}

export function deleteReader(ctx: Ctx, id: string) {
  return audited(ctx, 'reader.delete', 'reader', id, null, () => {
    if (!cfg.deleteReader(ctx.db, id)) throw notFound('reader');
    return { ok: true as const };
  }, () => cfg.getReader(ctx.db, id) ?? null);
}

export function saveSchedule(ctx: Ctx, input: ScheduleData, id?: number) {
  return audited(ctx, id === undefined ? 'schedule.create' : 'schedule.update', 'schedule', id ?? null, input, () => {
    if (id !== undefined && !cfg.listSchedules(ctx.db).some((s) => s.id === id)) throw notFound('schedule');
    if (cfg.nameTaken(ctx.db, 'schedules', input.name, id)) throw duplicate('name', `schedule ${input.name}`);
    const saved = cfg.saveSchedule(ctx.db, input, id);
    return cfg.listSchedules(ctx.db).find((s) => s.id === saved) as cfg.Schedule;
  }, () => (id === undefined ? null : (cfg.listSchedules(ctx.db).find((s) => s.id === id) ?? null)));
}

export function putHoliday(ctx: Ctx, date: string, input: { date: string; name: string }) {
  if (input.date !== date) throw fieldError(['date'], 'immutable', 'the date in the body must match the path');
  return audited(ctx, 'holiday.put', 'holiday', date, input, () => {
    cfg.putHoliday(ctx.db, date, input.name);
    return input;
  }, () => cfg.listHolidays(ctx.db).find((h) => h.date === date) ?? null);
}

export function deleteHoliday(ctx: Ctx, date: string) {
  return audited(ctx, 'holiday.delete', 'holiday', date, null, () => {
    if (!cfg.deleteHoliday(ctx.db, date)) throw notFound('holiday');
    return { ok: true as const };
  }, () => cfg.listHolidays(ctx.db).find((h) => h.date === date) ?? null);
}

export function saveGroup(ctx: Ctx, input: GroupData, id?: number) {
  return audited(ctx, id === undefined ? 'group.create' : 'group.update', 'access_group', id ?? null, input, () => {
    if (id !== undefined && !cfg.listGroups(ctx.db).some((g) => g.id === id)) throw notFound('access group');
    if (cfg.nameTaken(ctx.db, 'access_groups', input.name, id)) throw duplicate('name', `access group ${input.name}`);
    const zones = new Set(cfg.listZones(ctx.db).map((z) => z.id));
    const schedules = new Set(cfg.listSchedules(ctx.db).map((s) => s.id));
    input.rules.forEach((r, i) => {
      if (!zones.has(r.zoneId)) throw fieldError(['rules', i, 'zoneId'], 'unknown_zone', `zone ${r.zoneId} does not exist`);
      if (!schedules.has(r.scheduleId)) throw fieldError(['rules', i, 'scheduleId'], 'unknown_schedule', `schedule ${r.scheduleId} does not exist`);
    });
    const saved = cfg.saveGroup(ctx.db, input, id);
    return cfg.listGroups(ctx.db).find((g) => g.id === saved) as cfg.Group;
  }, () => (id === undefined ? null : (cfg.listGroups(ctx.db).find((g) => g.id === id) ?? null)));
}
