/** Access configuration: zones (doors, lift floors, car park), readers, weekly schedules, holidays, access groups. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Id, optionalText, requiredText } from './common.js';

const Code = lazySchema(() => z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, { error: 'code' }));
const Hhmm = lazySchema(() => z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'time_hhmm' }));

export const ZoneInput = lazySchema(() =>
  z.object({
    code: Code,
    name: requiredText(80),
    kind: z.enum(['door', 'floor', 'car_park', 'common']),
    floor: z.coerce.number().int().min(-10).max(200).nullish().transform((v) => v ?? null),
    antiPassback: z.boolean().default(false),
  }),
);
export const ZoneView = lazySchema(() => ZoneInput.extend({ id: z.number().int() }));
export type ZoneData = z.output<typeof ZoneInput>;

export const ReaderInput = lazySchema(() =>
  z.object({
    id: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: 'reader_id' }),
    name: requiredText(80),
    zoneId: Id,
    direction: z.enum(['in', 'out']).default('in'),
    /** A door reader on a serial port, configured on the Devices screen; null for readers behind an IP controller. */
    deviceId: z.string().max(64).nullish().transform((v) => v ?? null),
  }),
);
export const ReaderView = lazySchema(() => ReaderInput.extend({ zoneName: z.string() }));
export type ReaderData = z.output<typeof ReaderInput>;

export const ScheduleInterval = lazySchema(() =>
  z
    .object({ day: z.number().int().min(0).max(6), from: Hhmm, to: Hhmm })
    .refine((i) => i.from < i.to, { path: ['to'], error: 'to_before_from' }),
);
export const ScheduleInput = lazySchema(() =>
  z.object({
    name: requiredText(80),
    /** Weekly intervals [from, to) per weekday (0 = Sunday); across midnight = two intervals. */
    intervals: z.array(ScheduleInterval).min(1).max(100),
    openOnHolidays: z.boolean().default(false),
  }),
);
export const ScheduleView = lazySchema(() => ScheduleInput.extend({ id: z.number().int() }));
export type ScheduleData = z.output<typeof ScheduleInput>;

export const HolidayInput = lazySchema(() => z.object({ date: z.iso.date(), name: requiredText(80) }));

export const GroupInput = lazySchema(() =>
  z.object({
    name: requiredText(80),
    description: optionalText(300),
    rules: z
      .array(z.object({ zoneId: Id, scheduleId: Id }))
      .max(500)
      .refine((rules) => new Set(rules.map((r) => `${r.zoneId}:${r.scheduleId}`)).size === rules.length, 'duplicate_rule'),
  }),
);
export const GroupView = lazySchema(() => GroupInput.extend({ id: z.number().int(), cardCount: z.number().int() }));
export type GroupData = z.output<typeof GroupInput>;

export const ReaderParams = lazySchema(() => z.object({ id: ReaderInput.shape.id }));
export const HolidayParams = lazySchema(() => z.object({ date: z.iso.date() }));
