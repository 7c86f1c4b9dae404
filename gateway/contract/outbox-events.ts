/**
 * The payload of every event the gateway sends upstream, by event type: the contract a central system is written
 * against (docs/upstream-api.md, docs/upstream-openapi.json). `enqueueEvent` (db/outbox.ts) checks each payload against
 * its type's schema before writing it, inside the change's transaction: a payload that does not match — or a type
 * with no schema — is a programming error that rolls the change back. Decisions (`access.decided`) are written by the
 * group-committed decision log from one fixed shape; a test checks them against their schema.
 *
 * Schemas list the fields a receiver can rely on; a later version of the gateway may add fields (receivers ignore
 * unknown fields) and bumps the envelope's `schemaVersion` for anything incompatible. Not exported from the contract's
 * index, so the renderer never builds them.
 */
import { z } from 'zod';
import { CardView, WatchlistEntry } from './cards.js';
import { VisitChannel, VisitDocType, VisitPurpose, VisitStatus } from './visits.js';

const IntId = z.number().int().positive();
/** An ISO 8601 date-time in UTC, or null where the moment has not come (checked out, …). */
const At = z.string().nullable();

/** A card after the change, as `GET /api/cards/:id` shows it, with the reason given for the change. */
export const CardEventPayload = CardView.extend({ reason: z.string().nullable() });

/** A visit after the change: who, for whom, where, when, and its visitor card and held document. No contact data. */
export const VisitEventPayload = z.object({
  id: IntId,
  /** The visit reference (printed on the badge); the aggregate id of visit events. */
  ref: z.string(),
  status: VisitStatus,
  channel: VisitChannel,
  /** Null once the retention purge has run (see visit.purged). */
  fullName: z.string().nullable(),
  company: z.string().nullable(),
  docType: VisitDocType.nullable(),
  purpose: VisitPurpose,
  host: z.object({ personId: IntId.nullable(), unitId: IntId.nullable(), companyId: IntId.nullable(), label: z.string() }),
  destinationFloors: z.array(z.number().int()),
  expectedStart: At,
  expectedEnd: At,
  checkedInAt: At,
  checkedOutAt: At,
  /** The visitor card the visitor holds (null once given back). */
  cardUid: z.string().nullable(),
  /** Where the desk keeps the visitor's ID document while it holds it. */
  custodySlot: z.string().nullable(),
  /** The central office's own reference of a pre-registered visit. */
  externalRef: z.string().nullable(),
});

const registered = VisitEventPayload.extend({
  /** The watchlist entry that stopped the visit (visit.blocked). */
  watchlistEntryId: IntId.optional(),
  /** How the ID document was entered, and the last digits of its number (never the number). */
  docSource: z.enum(['scan', 'manual']).optional(),
  docNumberHint: z.string().nullable().optional(),
});
const withSlot = VisitEventPayload.extend({ slot: z.string() });
const withReason = VisitEventPayload.extend({ reason: z.string() });

export const OUTBOX_EVENT_PAYLOADS = {
  'card.registered': CardEventPayload,
  'card.activated': CardEventPayload,
  'card.suspended': CardEventPayload,
  'card.resumed': CardEventPayload,
  'card.revoked': CardEventPayload,
  'card.lost': CardEventPayload,
  'card.returned': CardEventPayload,
  'card.restocked': CardEventPayload,
  'visit.expected': VisitEventPayload,
  'visit.checked_in': registered,
  'visit.waiting': registered,
  'visit.blocked': registered,
  'visit.admitted': VisitEventPayload,
  'visit.override': withReason,
  'visit.cancelled': withReason,
  'visit.custody_taken': withSlot,
  'visit.custody_returned': withSlot,
  'visit.card_issued': VisitEventPayload.extend({ cardUid: z.string(), technology: z.string() }),
  'visit.checked_out': VisitEventPayload,
  /** The visitor's personal data was erased after the retention period; statistics stay. */
  'visit.purged': z.object({ id: IntId, ref: z.string(), purgedAt: z.string() }),
  'watchlist.added': WatchlistEntry,
  'watchlist.removed': z.object({ id: IntId }),
  /** A door decision (aggregate: the card id, or the UID of an unknown card). */
  'access.decided': z.object({
    readerId: z.string(),
    uid: z.string(),
    granted: z.boolean(),
    reason: z.enum(['granted', 'reader_unknown', 'unknown_card', 'not_active', 'not_yet_valid', 'expired', 'zone_not_allowed', 'outside_schedule', 'anti_passback']),
    zoneId: z.number().int().nullable(),
    direction: z.enum(['in', 'out']).nullable(),
  }),
} as const satisfies Record<string, z.ZodType>;

export type OutboxEventType = keyof typeof OUTBOX_EVENT_PAYLOADS;
export const OUTBOX_EVENT_TYPES = Object.keys(OUTBOX_EVENT_PAYLOADS) as OutboxEventType[];

export function isOutboxEventType(type: string): type is OutboxEventType {
  return Object.hasOwn(OUTBOX_EVENT_PAYLOADS, type);
}
