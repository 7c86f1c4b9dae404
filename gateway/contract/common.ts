import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/** Languages of every screen, printout and message. */
export const Locale = lazySchema(() => z.enum(['vi', 'zh', 'en']));
export type Locale = z.infer<typeof Locale>;

export const Id = lazySchema(() => z.coerce.number().int().positive());
export const IdParams = lazySchema(() => z.object({ id: Id }));
export const Timestamp = lazySchema(() => z.iso.datetime({ offset: true }));

/** Trimmed text; empty strings become null so optional fields stay clean. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
export const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const Phone = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{6,20}$/, { error: 'phone' })
    .nullish()
    .or(z.literal(''))
    .transform((v) => (v ? v : null)),
);
export const Email = lazySchema(() =>
  z
    .email()
    .max(200)
    .nullish()
    .or(z.literal(''))
    .transform((v) => (v ? v.toLowerCase() : null)),
);

export const Paging = lazySchema(() =>
  z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  }),
);

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const Ok = lazySchema(() => z.object({ ok: z.literal(true) }));

/** Is this an IANA time zone this runtime knows (Asia/Ho_Chi_Minh, Asia/Shanghai, …)? */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
/** Form fields report the translatable code `timezone`. */
export const TimeZone = lazySchema(() => z.string().refine(isTimeZone, 'timezone'));

/** Error codes the UI translates (renderer/i18n: errors.<code>). */
export const ErrorCode = lazySchema(() =>
  z.enum([
    'validation_failed',
    'not_found',
    'conflict',
    'unauthorized',
    'forbidden',
    'invalid_credentials',
    'account_locked',
    'account_disabled',
    'session_expired',
    'pairing_code_invalid',
    'setup_already_done',
    'unit_has_people',
    'company_has_people',
    'last_admin',
    'import_not_found',
    'device_unknown',
    'device_not_simulated',
    'device_wrong_kind',
    'device_not_connected',
    'device_timeout',
    'device_action_unsupported',
    'card_encode_failed',
    'card_transition_invalid',
    'card_in_use',
    'visit_has_card',
    'visit_duplicate',
    'visit_blocked',
    'visit_state_invalid',
    'document_in_custody',
    'sync_not_configured',
    'payload_too_large',
    'unsupported_media_type',
    'rate_limited',
    'storage_full',
    'internal',
  ]),
);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldIssue = lazySchema(() =>
  z.object({
    path: z.array(z.union([z.string(), z.number()])),
    code: z.string(),
    message: z.string(),
  }),
);
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorBody = lazySchema(() =>
  z.object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      fields: z.array(FieldIssue).optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  }),
);
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
