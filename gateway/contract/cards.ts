/** The card register, card lifecycle and access decisions. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Id, Paging, optionalText, page, requiredText } from './common.js';

/** UIDs are stored as uppercase hex without separators: "62:e3:08:6c:ed" → "62E3086CED". */
export const CardUid = lazySchema(() =>
  z
    .string()
    .trim()
    .toUpperCase()
    .transform((s) => s.replace(/[\s:-]/g, ''))
    .pipe(z.string().regex(/^[0-9A-F]{8,20}$/, { error: 'card_uid' })),
);
export const CardTechnology = lazySchema(() => z.enum(['em4100', 'mifare_classic']));
export const CardStatus = lazySchema(() => z.enum(['in_stock', 'active', 'suspended', 'revoked', 'lost', 'returned', 'expired']));
export type CardStatus = z.infer<typeof CardStatus>;
export const HolderKind = lazySchema(() => z.enum(['resident', 'staff', 'visitor', 'contractor']));
export const CardAction = lazySchema(() => z.enum(['suspend', 'resume', 'revoke', 'mark_lost', 'return', 'restock']));
export type CardAction = z.infer<typeof CardAction>;

/**
 * The card state machine, shared by the gateway (which enforces it) and the UI (which offers only allowed actions).
 * Revoked and lost are final: such a card never becomes active again. Activation is its own step.
 */
export const CARD_TRANSITIONS: Readonly<Record<CardAction, { from: readonly CardStatus[]; to: CardStatus }>> = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  revoke: { from: ['in_stock', 'active', 'suspended', 'returned', 'expired'], to: 'revoked' },
  mark_lost: { from: ['active', 'suspended', 'expired'], to: 'lost' },
  return: { from: ['active', 'suspended', 'expired'], to: 'returned' },
  restock: { from: ['returned', 'expired'], to: 'in_stock' },
};
/** Statuses from which a card may be activated for a (new) holder. */
export const ACTIVATABLE_STATUSES: readonly CardStatus[] = ['in_stock', 'returned', 'expired'];

export const CardRegister = lazySchema(() => z.object({ uid: CardUid, technology: CardTechnology, printedNumber: optionalText(40) }));
export type CardRegister = z.output<typeof CardRegister>;

export const CardActivate = lazySchema(() =>
  z
    .object({
      holderKind: HolderKind,
      personId: Id.nullish().transform((v) => v ?? null),
      unitId: Id.nullish().transform((v) => v ?? null),
      validFrom: z.iso.datetime({ offset: true }).nullish().transform((v) => v ?? null),
      validUntil: z.iso.datetime({ offset: true }).nullish().transform((v) => v ?? null),
      accessGroupIds: z.array(Id).max(50).default([]),
      zoneIds: z.array(Id).max(200).default([]),
      reason: optionalText(200),
    })
    .refine((a) => a.validFrom === null || a.validUntil === null || Date.parse(a.validFrom) < Date.parse(a.validUntil), { path: ['validUntil'], error: 'until_before_from' })
    // A resident card with a unit needs nothing else: it gets the unit's floor and the common areas.
    .refine((a) => a.accessGroupIds.length + a.zoneIds.length > 0 || (a.holderKind === 'resident' && a.unitId !== null), { path: ['accessGroupIds'], error: 'no_access' }),
);
export type CardActivate = z.output<typeof CardActivate>;

export const CardTransition = lazySchema(() => z.object({ action: CardAction, reason: requiredText(200) }));
export const CardReplace = lazySchema(() => z.object({ uid: CardUid, technology: CardTechnology, reason: requiredText(200) }));

export const CardEventView = lazySchema(() =>
  z.object({
    at: z.string(),
    kind: z.string(),
    fromStatus: CardStatus.nullable(),
    toStatus: CardStatus.nullable(),
    reason: z.string().nullable(),
    username: z.string().nullable(),
    stationName: z.string().nullable(),
  }),
);

export const CardView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    uid: z.string(),
    technology: CardTechnology,
    printedNumber: z.string().nullable(),
    holderKind: HolderKind.nullable(),
    personId: z.number().int().nullable(),
    personName: z.string().nullable(),
    unitId: z.number().int().nullable(),
    unitCode: z.string().nullable(),
    status: CardStatus,
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    accessGroupIds: z.array(z.number().int()),
    zoneIds: z.array(z.number().int()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type CardView = z.infer<typeof CardView>;
export const CardDetail = lazySchema(() => CardView.extend({ events: z.array(CardEventView) }));

export const CardListQuery = lazySchema(() =>
  Paging.extend({
    /** UID (or its start), holder name or unit code. */
    q: z.string().trim().max(100).optional(),
    status: CardStatus.optional(),
    holderKind: HolderKind.optional(),
    unitId: Id.optional(),
  }),
);
export const CardList = lazySchema(() => page(CardView));

export const DenyReason = lazySchema(() => z.enum(['reader_unknown', 'unknown_card', 'not_active', 'not_yet_valid', 'expired', 'zone_not_allowed', 'outside_schedule', 'anti_passback']));
export const DecideRequest = lazySchema(() => z.object({ readerId: z.string().trim().min(1).max(40), uid: CardUid }));
export const AccessDecision = lazySchema(() =>
  z.object({
    granted: z.boolean(),
    reason: z.union([z.literal('granted'), DenyReason]),
    readerId: z.string(),
    uid: z.string(),
    cardId: z.number().int().nullable(),
    zoneId: z.number().int().nullable(),
    at: z.string(),
  }),
);
export type AccessDecision = z.infer<typeof AccessDecision>;

export const BulkCardAction = lazySchema(() =>
  z.object({
    ids: z.array(Id).min(1).max(1000),
    action: CardAction,
    reason: requiredText(200),
    /** true: only say what would happen to each card. */
    preview: z.boolean().default(true),
  }),
);
export const BulkCardResult = lazySchema(() =>
  z.object({
    applied: z.boolean(),
    items: z.array(z.object({ id: z.number().int(), uid: z.string().nullable(), from: CardStatus.nullable(), to: CardStatus.nullable(), refused: z.enum(['not_found', 'card_transition_invalid']).nullable() })),
  }),
);

export const UnitCardSummary = lazySchema(() =>
  z.object({
    unitId: z.number().int(),
    unitCode: z.string(),
    floor: z.number().int(),
    freeCardQuota: z.number().int(),
    activeCards: z.number().int(),
    suspendedCards: z.number().int(),
    /** Active cards beyond the free quota (each sold with a receipt). */
    overQuota: z.number().int(),
  }),
);

export const WatchlistInput = lazySchema(() =>
  z
    .object({
      fullName: optionalText(120),
      idNumber: z.string().trim().toUpperCase().max(30).nullish().transform((v) => v || null),
      reason: requiredText(300),
    })
    .refine((w) => w.fullName !== null || w.idNumber !== null, { path: ['fullName'], error: 'name_or_id_required' }),
);
export const WatchlistEntry = lazySchema(() =>
  z.object({
    id: z.number().int(),
    fullName: z.string().nullable(),
    /** The ID number is kept only as a keyed hash; the UI shows whether one was given. */
    hasIdNumber: z.boolean(),
    reason: z.string(),
    active: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  }),
);
