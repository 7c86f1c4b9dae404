/**
 * Visitors: desk registration, ID custody, visitor cards, waiting list, check-out, expected visitors, the visit log
 * and the self-service kiosk. Host contact data (phone, email, unit details) never appears in a kiosk schema.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { CardTechnology, CardUid } from './cards.js';
import { IdCheckView, IdDocumentView } from './devices.js';
import { Id, Locale, Paging, Phone, optionalText, page, requiredText } from './common.js';

export const VisitPurpose = lazySchema(() => z.enum(['service', 'business', 'delivery', 'contractor']));
export type VisitPurpose = z.infer<typeof VisitPurpose>;
export const VisitStatus = lazySchema(() => z.enum(['expected', 'blocked', 'waiting', 'checked_in', 'checked_out', 'cancelled']));
export type VisitStatus = z.infer<typeof VisitStatus>;
export const VisitChannel = lazySchema(() => z.enum(['desk', 'kiosk', 'preregistered', 'upstream']));
/** Documents a visitor may leave at the desk or register with. */
export const VisitDocType = lazySchema(() => z.enum(['cccd', 'cmnd', 'passport', 'cn_id', 'id_card', 'driving_licence', 'other']));
export type VisitDocType = z.infer<typeof VisitDocType>;

/** A visit reference: printed on the badge and in its QR code (`FGV:<ref>`). Crockford base32, no I/L/O/U. */
export const VisitRef = lazySchema(() =>
  z
    .string()
    .trim()
    .toUpperCase()
    .transform((s) => s.replace(/^FGV:/, ''))
    .pipe(z.string().regex(/^V[0-9A-HJKMNP-TV-Z]{10}$/, { error: 'visit_ref' })),
);
export const VISIT_QR_PREFIX = 'FGV:';

/** GB 11643 check character of an 18-character Chinese resident ID number. */
export function cnIdCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return '10X98765432'[sum % 11] ?? '';
}

/** Is this number plausible for this kind of document? Scans and typing are held to the same rule. */
export function idNumberValid(type: VisitDocType, raw: string): boolean {
  const n = raw.toUpperCase().replace(/[\s-]/g, '');
  switch (type) {
    case 'cccd':
      return /^\d{12}$/.test(n);
    case 'cmnd':
      return /^\d{9}$|^\d{12}$/.test(n);
    case 'cn_id':
      return /^\d{17}[\dX]$/.test(n) && cnIdCheckChar(n.slice(0, 17)) === n[17];
    case 'passport':
      return /^[A-Z0-9<]{5,20}$/.test(n);
    default:
      return /^[A-Z0-9]{4,30}$/.test(n);
  }
}

/**
 * A scanned document as a desk or kiosk sends it back with the visit: the reader's parse (IdDocumentView), bounded so
 * a client cannot store kilobytes in it. Its checks are kept as what the reader reported; the gateway judges the
 * number itself (`idNumberValid`).
 */
const short = lazySchema(() => z.string().max(200));
export const ScannedDocumentInput = lazySchema(() =>
  IdDocumentView.extend({
    format: z.string().max(40),
    number: z.string().max(40),
    fullName: z.string().max(200),
    surname: short.optional(),
    givenNames: short.optional(),
    birthDate: z.string().max(20).optional(),
    nationality: z.string().max(40).optional(),
    issuingState: z.string().max(40).optional(),
    issueDate: z.string().max(20).optional(),
    expiry: z.string().max(20).optional(),
    address: z.string().max(400).optional(),
    issuer: short.optional(),
    extra: z.record(z.string().max(40), short).refine((r) => Object.keys(r).length <= 30, { error: 'too_big' }),
    checks: z.array(IdCheckView.extend({ name: z.string().max(60), detail: short.optional() })).max(20),
  }),
);

export const VisitDocument = lazySchema(() =>
  z
    .object({
      type: VisitDocType,
      number: z.string().trim().min(1).max(40),
      /** 'scan' when a reader filled it (the parsed document and its checks come along), 'manual' when typed. */
      source: z.enum(['scan', 'manual']),
      scanned: ScannedDocumentInput.nullish().transform((v) => v ?? null),
    })
    .refine((d) => idNumberValid(d.type, d.number), { path: ['number'], error: 'id_number' }),
);
export type VisitDocument = z.output<typeof VisitDocument>;

/** A JPEG or PNG as a data URL (webcam photo, on-screen signature). */
export const ImageDataUrl = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil((maxBytes * 4) / 3) + 40)
    .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/, { error: 'image' })
    .nullish()
    .transform((v) => v ?? null);

/** Whom the visitor comes to see: exactly one of a person, a unit or a company. */
export const VisitHost = lazySchema(() =>
  z
    .object({
      personId: Id.nullish().transform((v) => v ?? null),
      unitId: Id.nullish().transform((v) => v ?? null),
      companyId: Id.nullish().transform((v) => v ?? null),
    })
    .refine((h) => [h.personId, h.unitId, h.companyId].filter((v) => v !== null).length === 1, { path: ['personId'], error: 'one_host' }),
);

const Floors = lazySchema(() => z.array(z.number().int().min(-10).max(200)).max(50));
const When = lazySchema(() => z.iso.datetime({ offset: true }));

export const VisitCardRequest = lazySchema(() =>
  z.discriminatedUnion('source', [
    /** A card from the desk pool, tapped on the desk reader. Unknown UIDs join the stock as they are issued. */
    z.object({ source: z.literal('pool'), uid: CardUid, technology: CardTechnology.default('em4100') }),
    /** A blank MIFARE card on a PN532 encoder: written, read back, then activated. */
    z.object({ source: z.literal('encode'), deviceId: z.string().trim().min(1).max(60) }),
  ]),
);
export type VisitCardRequest = z.output<typeof VisitCardRequest>;

/** Desk registration. Business visitors wait for their host; other purposes are checked in at once. */
export const VisitCreate = lazySchema(() =>
  z.object({
    fullName: requiredText(120),
    phone: Phone,
    company: optionalText(120),
    document: VisitDocument.nullish().transform((v) => v ?? null),
    photo: ImageDataUrl(400_000),
    purpose: VisitPurpose,
    host: VisitHost,
    /** Empty: the host's own floor. */
    destinationFloors: Floors.default([]),
    expectedEnd: When.nullish().transform((v) => v ?? null),
    custodySlot: optionalText(20),
    /** The reference of an expected (pre-registered) visit this arrival fulfils. */
    expectedRef: VisitRef.nullish().transform((v) => v ?? null),
    note: optionalText(500),
  }),
);
export type VisitCreate = z.input<typeof VisitCreate>;

export const VisitExpect = lazySchema(() =>
  z
    .object({
      fullName: requiredText(120),
      phone: Phone,
      company: optionalText(120),
      purpose: VisitPurpose,
      host: VisitHost,
      destinationFloors: Floors.default([]),
      expectedStart: When,
      expectedEnd: When,
      note: optionalText(500),
    })
    .refine((v) => Date.parse(v.expectedStart) < Date.parse(v.expectedEnd), { path: ['expectedEnd'], error: 'until_before_from' }),
);
export type VisitExpect = z.input<typeof VisitExpect>;

export const HostView = lazySchema(() =>
  z.object({
    personId: z.number().int().nullable(),
    unitId: z.number().int().nullable(),
    companyId: z.number().int().nullable(),
    /** Name of the person or company, or the unit code. */
    label: z.string(),
  }),
);

export const VisitView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    ref: z.string(),
    status: VisitStatus,
    channel: VisitChannel,
    fullName: z.string(),
    /** Only in GET /api/visits/:id, for readers with people.contact (the read is audited); never in lists. */
    phone: z.string().nullable().optional(),
    company: z.string().nullable(),
    docType: VisitDocType.nullable(),
    /** The last characters of the ID number, for comparing with the document in hand. */
    docNumberHint: z.string().nullable(),
    docSource: z.enum(['scan', 'manual']).nullable(),
    docChecks: z.array(IdCheckView),
    hasPhoto: z.boolean(),
    rulesAcceptedAt: z.string().nullable(),
    host: HostView,
    purpose: VisitPurpose,
    destinationFloors: z.array(z.number().int()),
    expectedStart: z.string().nullable(),
    expectedEnd: z.string().nullable(),
    checkedInAt: z.string().nullable(),
    hostContactedAt: z.string().nullable(),
    admittedAt: z.string().nullable(),
    checkoutRequestedAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    overstay: z.boolean(),
    card: z.object({ id: z.number().int(), uid: z.string(), status: z.string() }).nullable(),
    custody: z.object({ slot: z.string(), takenAt: z.string(), returnedAt: z.string().nullable() }).nullable(),
    /** A watchlist hit stopped this visit. The reason is shown to security only. */
    watchlist: z.object({ entryId: z.number().int(), reason: z.string().optional() }).nullable(),
    override: z.object({ by: z.string().nullable(), reason: z.string(), at: z.string() }).nullable(),
    note: z.string().nullable(),
    purgedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type VisitView = z.infer<typeof VisitView>;

export const VisitListQuery = lazySchema(() =>
  Paging.extend({
    /** Visitor name, with or without diacritics, or Chinese characters. */
    q: z.string().trim().max(100).optional(),
    /** Exact ID number (matched through its keyed hash). */
    idNumber: z.string().trim().max(40).optional(),
    hostPersonId: Id.optional(),
    hostUnitId: Id.optional(),
    hostCompanyId: Id.optional(),
    purpose: VisitPurpose.optional(),
    status: VisitStatus.optional(),
    from: When.optional(),
    to: When.optional(),
  }),
);
export type VisitListQuery = z.input<typeof VisitListQuery>;
export const VisitList = lazySchema(() => page(VisitView));

/** Everyone in the building now (checked in) and everyone waiting, for the desk and the evacuation list. */
export const VisitBoard = lazySchema(() =>
  z.object({
    waiting: z.array(VisitView),
    onSite: z.array(VisitView),
    expected: z.array(VisitView),
    overstays: z.number().int(),
  }),
);

export const VisitReason = lazySchema(() => z.object({ reason: requiredText(300) }));
export const CustodyInput = lazySchema(() => z.object({ slot: requiredText(20) }));
export const CheckOutByCard = lazySchema(() => z.object({ uid: CardUid }));
export const RefParams = lazySchema(() => z.object({ ref: VisitRef }));

/** The result of a check-out: closed, or waiting for the held document to be handed back. */
export const CheckOutResult = lazySchema(() => z.object({ visit: VisitView, closed: z.boolean(), documentSlot: z.string().nullable() }));

/** What a printed badge shows; the QR code is an SVG drawn by the gateway. */
export const VisitBadge = lazySchema(() =>
  z.object({
    ref: z.string(),
    fullName: z.string(),
    company: z.string().nullable(),
    hostLabel: z.string(),
    destinationFloors: z.array(z.number().int()),
    purpose: VisitPurpose,
    validUntil: z.string().nullable(),
    photo: z.string().nullable(),
    qrSvg: z.string(),
    siteName: z.string(),
  }),
);

export const VisitPhoto = lazySchema(() => z.object({ photo: z.string().nullable(), signature: z.string().nullable() }));

export const VisitSettings = lazySchema(() =>
  z.object({
    /** Days after check-out before ID numbers, photos, signatures and document data are purged. */
    retentionDays: z.number().int().min(1).max(3650),
    /** Default visit length when the desk does not set an end. */
    defaultVisitMinutes: z.number().int().min(15).max(24 * 60),
    /** Building rules (nội quy) shown on the kiosk, per language. */
    rules: z.object({ vi: requiredText(8000), zh: requiredText(8000), en: requiredText(8000) }),
  }),
);
export type VisitSettings = z.infer<typeof VisitSettings>;

export const PurgeResult = lazySchema(() => z.object({ purged: z.number().int() }));

// ---- Self-service kiosk (station token; no contact data anywhere) ----

export const KioskHostQuery = lazySchema(() => z.object({ q: z.string().trim().min(2).max(60) }));
export const KioskHost = lazySchema(() =>
  z.object({
    kind: z.enum(['person', 'unit', 'company']),
    id: z.number().int(),
    /** A person's or company's name, or the unit code the visitor typed. */
    label: z.string(),
    /** The company a staff member works for, so two people of the same name can be told apart. */
    detail: z.string().nullable(),
  }),
);
export const KioskHostList = lazySchema(() => z.object({ items: z.array(KioskHost) }));

export const KioskCheckIn = lazySchema(() =>
  z.object({
    locale: Locale,
    fullName: requiredText(120),
    phone: Phone,
    company: optionalText(120),
    document: VisitDocument.nullish().transform((v) => v ?? null),
    purpose: VisitPurpose,
    host: VisitHost,
    rulesAccepted: z.literal(true, { error: 'rules_not_accepted' }),
    signature: ImageDataUrl(200_000).refine((v) => v !== null, { error: 'signature_required' }),
    photo: ImageDataUrl(400_000),
    expectedRef: VisitRef.nullish().transform((v) => v ?? null),
  }),
);
export type KioskCheckIn = z.input<typeof KioskCheckIn>;

/** What the visitor sees after signing in: no host contact data, no unit details. */
export const KioskReceipt = lazySchema(() =>
  z.object({
    ref: z.string(),
    status: z.enum(['waiting', 'checked_in', 'see_desk']),
    fullName: z.string(),
    hostLabel: z.string(),
    validUntil: z.string().nullable(),
    qrSvg: z.string(),
    card: z.object({ uid: z.string() }).nullable(),
    /** Why a card could not be issued here (the desk can issue one). */
    cardError: z.string().nullable(),
  }),
);

export const KioskCheckOut = lazySchema(() => z.union([z.object({ ref: VisitRef }), z.object({ uid: CardUid })]));
export const KioskCheckOutResult = lazySchema(() => z.object({ fullName: z.string(), closed: z.boolean(), collectDocument: z.boolean() }));

/** What an invitation QR tells the kiosk: the expected visitor's name and host (no contact data). */
export const KioskExpected = lazySchema(() => z.object({ ref: z.string(), fullName: z.string(), purpose: VisitPurpose, host: KioskHost }));

export const KioskInfo = lazySchema(() => z.object({ siteName: z.string(), rules: z.string(), hasEncoder: z.boolean(), idleSeconds: z.number().int() }));
export const KioskInfoQuery = lazySchema(() => z.object({ locale: Locale }));
