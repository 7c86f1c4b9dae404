/** Units, companies and people: the building's directory, and the hosts that visitors visit. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Email, Id, Paging, Phone, optionalText, page, requiredText } from './common.js';

export const UnitKind = lazySchema(() => z.enum(['apartment', 'office', 'shop']));
export type UnitKind = z.infer<typeof UnitKind>;

export const UnitCode = lazySchema(() =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9 ._/-]{0,31}$/, { error: 'unit_code' }),
);

export const UnitInput = lazySchema(() =>
  z.object({
    code: UnitCode,
    kind: UnitKind,
    building: optionalText(40),
    floor: z.coerce.number().int().min(-10).max(200),
    areaM2: z.coerce.number().positive().max(100_000).nullish().transform((v) => v ?? null),
    freeCardQuota: z.coerce.number().int().min(0).max(50).default(2),
    note: optionalText(500),
  }),
);
export type UnitInput = z.input<typeof UnitInput>;
/** A validated unit, as the gateway receives it. */
export type UnitData = z.output<typeof UnitInput>;

export const UnitView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    code: z.string(),
    kind: UnitKind,
    building: z.string().nullable(),
    floor: z.number().int(),
    areaM2: z.number().nullable(),
    freeCardQuota: z.number().int(),
    note: z.string().nullable(),
    peopleCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type UnitView = z.infer<typeof UnitView>;

export const UnitListQuery = lazySchema(() =>
  Paging.extend({
    q: z.string().trim().max(100).optional(),
    kind: UnitKind.optional(),
    floor: z.coerce.number().int().optional(),
  }),
);
export const UnitList = lazySchema(() => page(UnitView));

export const CompanyInput = lazySchema(() =>
  z.object({
    name: requiredText(160),
    taxCode: optionalText(20),
    unitId: Id.nullish().transform((v) => v ?? null),
    phone: Phone,
    email: Email,
    note: optionalText(500),
  }),
);
export type CompanyInput = z.input<typeof CompanyInput>;
export type CompanyData = z.output<typeof CompanyInput>;

export const CompanyView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    taxCode: z.string().nullable(),
    unitId: z.number().int().nullable(),
    unitCode: z.string().nullable(),
    /** Omitted unless the reader holds people.contact. */
    phone: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type CompanyView = z.infer<typeof CompanyView>;

export const CompanyListQuery = lazySchema(() => Paging.extend({ q: z.string().trim().max(100).optional() }));
export const CompanyList = lazySchema(() => page(CompanyView));

export const PersonKind = lazySchema(() => z.enum(['resident', 'tenant', 'staff', 'visitor', 'contractor']));
export type PersonKind = z.infer<typeof PersonKind>;
export const UnitRelation = lazySchema(() => z.enum(['owner', 'resident', 'tenant', 'member']));
export type UnitRelation = z.infer<typeof UnitRelation>;

export const PersonInput = lazySchema(() =>
  z.object({
    kind: PersonKind,
    fullName: requiredText(120),
    phone: Phone,
    email: Email,
    companyId: Id.nullish().transform((v) => v ?? null),
    department: optionalText(80),
    units: z
      .array(z.object({ unitId: Id, relation: UnitRelation }))
      .max(20)
      .default([])
      .refine((links) => new Set(links.map((l) => l.unitId)).size === links.length, 'duplicate_unit'),
    note: optionalText(500),
  }),
);
export type PersonInput = z.input<typeof PersonInput>;
export type PersonData = z.output<typeof PersonInput>;

export const PersonView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    kind: PersonKind,
    fullName: z.string(),
    /** Present only for readers with people.contact; such reads are audited. */
    phone: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    contactHidden: z.boolean(),
    companyId: z.number().int().nullable(),
    companyName: z.string().nullable(),
    department: z.string().nullable(),
    units: z.array(z.object({ unitId: z.number().int(), unitCode: z.string(), floor: z.number().int(), relation: UnitRelation })),
    note: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type PersonView = z.infer<typeof PersonView>;

export const PeopleQuery = lazySchema(() =>
  Paging.extend({
    /** Name, with or without Vietnamese diacritics, or Chinese characters; also unit code or company. */
    q: z.string().trim().max(100).optional(),
    kind: PersonKind.optional(),
    unitId: Id.optional(),
    companyId: Id.optional(),
  }),
);
/** A search counts its matches up to 500: `capped` means more match than `total` (the people screen shows "500+"); false when absent. */
export const PeopleList = lazySchema(() => page(PersonView).extend({ capped: z.boolean().default(false) }));
