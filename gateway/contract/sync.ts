/**
 * Upstream sync, both directions (docs/upstream-api.md explains them for the central office):
 * - the wire format between the gateway and upstream: event envelopes and batches going up, commands coming down;
 * - the gateway's own view of it for the Sync screen: status and dead letters.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { CardUid } from './cards.js';
import { Paging, optionalText, page, requiredText } from './common.js';

const When = lazySchema(() => z.iso.datetime({ offset: true }));

// ─── Upstream wire format: events (gateway → upstream) ──────────────────────────────────────────────────────────

/** UUIDv7: time-sortable, made by the gateway, the idempotency key of the event everywhere. */
export const EventId = lazySchema(() => z.uuid());

export const EventEnvelope = lazySchema(() =>
  z.object({
    id: EventId,
    /** The building's site code. */
    site: z.string().min(1).max(20),
    /** `card.activated`, `card.revoked`, `access.decided`, `watchlist.added`, `visit.checked_in`, … */
    type: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/),
    /** Version of this type's payload shape; bumped on incompatible changes. */
    schemaVersion: z.number().int().positive(),
    occurredAt: When,
    /** What the event is about; events of one aggregate are delivered in id order. */
    aggregate: z.object({ type: z.string().min(1).max(40), id: z.string().min(1).max(100) }),
    /** A JSON object: the state after the change (a loose object: checking it key by key would only cost time). */
    payload: z.looseObject({}),
  }),
);
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** Body of `POST {upstream}/v1/events`. Events are in id order. */
export const EventBatch = lazySchema(() =>
  z.object({
    site: z.string().min(1).max(20),
    sentAt: When,
    events: z.array(EventEnvelope).min(1).max(5000),
  }),
);
export type EventBatch = z.infer<typeof EventBatch>;

export const EventRejection = lazySchema(() =>
  z.object({
    id: EventId,
    /** Machine-readable, e.g. `invalid_payload`, `unknown_type`. */
    code: z.string().min(1).max(100),
    reason: z.string().max(1000),
  }),
);
export type EventRejection = z.infer<typeof EventRejection>;

/**
 * Answer (HTTP 200) to a batch. Ids in `accepted` are stored (or were already: duplicates are accepted), ids in
 * `rejected` will never be accepted as they are. Ids in neither are retried later, in order.
 */
export const EventBatchResult = lazySchema(() =>
  z.object({
    accepted: z.array(EventId),
    rejected: z.array(EventRejection).default([]),
  }),
);
export type EventBatchResult = z.infer<typeof EventBatchResult>;

/** Body of any non-2xx answer from upstream (optional; the status alone decides what the gateway does). */
export const UpstreamErrorBody = lazySchema(() => z.object({ error: z.object({ code: z.string(), message: z.string() }) }));

// ─── Upstream wire format: commands (upstream → gateway) ────────────────────────────────────────────────────────

/** Made by upstream, unique per command: the gateway applies a command id at most once. */
export const CommandId = lazySchema(() => z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/));

export const CardRevokePayload = lazySchema(() => z.object({ uid: CardUid, reason: requiredText(200) }));

export const WatchlistAddPayload = lazySchema(() =>
  z
    .object({
      fullName: optionalText(120),
      idNumber: z.string().trim().toUpperCase().max(30).nullish().transform((v) => v || null),
      reason: requiredText(300),
    })
    .refine((w) => w.fullName !== null || w.idNumber !== null, { path: ['fullName'], error: 'name_or_id_required' }),
);

const HostId = lazySchema(() => z.number().int().positive().nullish().transform((v) => v ?? null));

/** An expected visitor registered by the central office: exactly one host (a person, a unit or a company). */
export const VisitorPreRegistration = lazySchema(() =>
  z
    .object({
      fullName: requiredText(120),
      idNumber: z.string().trim().toUpperCase().max(30).nullish().transform((v) => v || null),
      hostPersonId: HostId,
      hostUnitId: HostId,
      hostCompanyId: HostId,
      purpose: z.enum(['service', 'business', 'delivery', 'contractor']),
      expectedStart: When,
      expectedEnd: When,
      note: optionalText(500),
    })
    .refine((v) => [v.hostPersonId, v.hostUnitId, v.hostCompanyId].filter((h) => h !== null).length === 1, { path: ['hostPersonId'], error: 'one_host' })
    .refine((v) => Date.parse(v.expectedStart) < Date.parse(v.expectedEnd), { path: ['expectedEnd'], error: 'until_before_from' }),
);
export type VisitorPreRegistration = z.output<typeof VisitorPreRegistration>;

const command = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ id: CommandId, type: z.literal(type), issuedAt: When.optional(), payload });

export const SyncCommand = lazySchema(() =>
  z.discriminatedUnion('type', [
    /** Revoke a card everywhere, at once; the card is found by its UID. */
    command('card.revoke', CardRevokePayload),
    command('watchlist.add', WatchlistAddPayload),
    command('visitor.preregister', VisitorPreRegistration),
  ]),
);
export type SyncCommand = z.output<typeof SyncCommand>;
export const CommandType = lazySchema(() => z.enum(['card.revoke', 'watchlist.add', 'visitor.preregister']));

/**
 * Answer to `GET {upstream}/v1/commands?after=<cursor>&limit=<n>`: the commands after the cursor, in order, and the
 * cursor to send next time (opaque to the gateway; null or absent: keep the old one). Items are validated one by
 * one: a malformed command is acknowledged as rejected, it does not block the others.
 */
export const CommandPage = lazySchema(() =>
  z.object({
    commands: z.array(z.unknown()).max(1000),
    cursor: z.string().max(200).nullish(),
  }),
);

/** The outcome of one command, as the gateway acknowledges it. `duplicate`: this id was handled before. */
export const CommandResult = lazySchema(() =>
  z.object({
    id: z.string().max(100),
    status: z.enum(['applied', 'rejected', 'duplicate']),
    /** Why it was rejected (`unknown_card`, `unsupported`, `invalid_command`, …), or a note on an applied one (`already_revoked`). */
    code: z.string().nullable(),
    message: z.string().nullable(),
  }),
);
export type CommandResult = z.infer<typeof CommandResult>;

/** Body of `POST {upstream}/v1/commands/ack` (and of the MQTT `…/commands/ack` message). */
export const CommandAck = lazySchema(() => z.object({ site: z.string(), results: z.array(CommandResult).min(1).max(1000) }));

// ─── The gateway's API: status and dead letters (Sync screen) ──────────────────────────────────────────────────

export const SyncState = lazySchema(() => z.enum(['not_configured', 'idle', 'pushing', 'offline', 'error']));
export type SyncState = z.infer<typeof SyncState>;
/** retryable: network, timeout, 5xx, 429 (backs off and retries); rejected: upstream refused an event (dead letter); auth: 401/403 (stops until retry). */
export const SyncErrorKind = lazySchema(() => z.enum(['retryable', 'rejected', 'auth']));
export type SyncErrorKind = z.infer<typeof SyncErrorKind>;

export const SyncErrorView = lazySchema(() => z.object({ at: z.string(), kind: SyncErrorKind, code: z.string(), message: z.string() }));

export const SyncStatus = lazySchema(() =>
  z.object({
    state: SyncState,
    transport: z.enum(['http', 'mqtt']).nullable(),
    /** Upstream address without credentials. */
    upstream: z.string().nullable(),
    /** Events not yet acknowledged by upstream (including held ones). */
    queueDepth: z.number().int(),
    /** Pending events waiting behind a dead letter of the same aggregate. */
    held: z.number().int(),
    deadLetters: z.number().int(),
    oldestPendingAt: z.string().nullable(),
    oldestPendingAgeSeconds: z.number().int().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    lastError: SyncErrorView.nullable(),
    /** Events acknowledged since the gateway started. */
    sentSinceStart: z.number().int(),
    batchSize: z.number().int(),
    retentionDays: z.number().int(),
    commands: z.object({
      http: z.boolean(),
      mqtt: z.boolean(),
      applied: z.number().int(),
      rejected: z.number().int(),
      unacked: z.number().int(),
      lastReceivedAt: z.string().nullable(),
      lastPollAt: z.string().nullable(),
      lastError: SyncErrorView.nullable(),
    }),
  }),
);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A summary for /api/health and the status light on every staff screen. */
export const SyncHealth = lazySchema(() =>
  z.object({
    state: SyncState,
    queueDepth: z.number().int(),
    oldestPendingAt: z.string().nullable(),
    oldestPendingAgeSeconds: z.number().int().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    lastErrorKind: SyncErrorKind.nullable(),
    deadLetters: z.number().int(),
  }),
);
export type SyncHealth = z.infer<typeof SyncHealth>;

export const DeadLetterView = lazySchema(() =>
  z.object({
    id: z.string(),
    type: z.string(),
    aggregateType: z.string(),
    aggregateId: z.string(),
    occurredAt: z.string(),
    rejectedAt: z.string(),
    code: z.string(),
    reason: z.string(),
    attempts: z.number().int(),
    /** Later events of the same aggregate waiting behind this one. */
    held: z.number().int(),
    payload: z.unknown(),
  }),
);
export type DeadLetterView = z.infer<typeof DeadLetterView>;
export const DeadLetterList = lazySchema(() => page(DeadLetterView));
export const DeadLetterQuery = Paging;
export const DeadLetterParams = lazySchema(() => z.object({ id: EventId }));
export const DeadLetterDiscard = lazySchema(() => z.object({ reason: requiredText(300) }));
export const SyncActionResult = lazySchema(() => z.object({ count: z.number().int() }));
