import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Paging, page } from './common.js';

export const AuditEntry = lazySchema(() =>
  z.object({
    id: z.number().int(),
    at: z.string(),
    /** The staff user, or the CLI, system or a door controller (userId null). */
    actor: z.object({ userId: z.number().int().nullable(), username: z.string() }).nullable(),
    station: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  }),
);
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = lazySchema(() =>
  Paging.extend({
    entity: z.string().max(40).optional(),
    entityId: z.string().max(60).optional(),
    action: z.string().max(60).optional(),
    userId: z.coerce.number().int().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  }),
);
export const AuditList = lazySchema(() => page(AuditEntry));
