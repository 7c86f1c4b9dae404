import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Id, Locale, requiredText } from './common.js';
import { GrantablePermission, Permission, Role } from './roles.js';

export const Username = lazySchema(() =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, { error: 'username' }),
);
/** Long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const Password = lazySchema(() => z.string().min(10).max(200));

export const LoginRequest = lazySchema(() => z.object({ username: Username, password: z.string().min(1).max(200) }));
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionInfo = lazySchema(() =>
  z.object({
    user: z.object({
      id: z.number().int(),
      username: z.string(),
      displayName: z.string(),
      role: Role,
      locale: Locale,
    }),
    permissions: z.array(Permission),
    station: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    expiresAt: z.string(),
  }),
);
export type SessionInfo = z.infer<typeof SessionInfo>;

export const FirstAdminRequest = lazySchema(() =>
  z.object({
    username: Username,
    displayName: requiredText(80),
    password: Password,
    locale: Locale.default('vi'),
  }),
);
export type FirstAdminRequest = z.infer<typeof FirstAdminRequest>;

export const UserView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: Role,
    grants: z.array(GrantablePermission),
    locale: Locale,
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
  }),
);
export type UserView = z.infer<typeof UserView>;

export const UserCreate = lazySchema(() =>
  z.object({
    username: Username,
    displayName: requiredText(80),
    role: Role,
    grants: z.array(GrantablePermission).max(50).default([]),
    password: Password,
    locale: Locale.default('vi'),
  }),
);
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = lazySchema(() =>
  z.object({
    displayName: requiredText(80).optional(),
    role: Role.optional(),
    grants: z.array(GrantablePermission).max(50).optional(),
    locale: Locale.optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
  }),
);
export type UserUpdate = z.infer<typeof UserUpdate>;

export const StationKind = lazySchema(() => z.enum(['desk', 'kiosk', 'security']));
export type StationKind = z.infer<typeof StationKind>;

export const StationView = lazySchema(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    kind: StationKind,
    paired: z.boolean(),
    pairedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    createdAt: z.string(),
  }),
);
export type StationView = z.infer<typeof StationView>;

export const StationCreate = lazySchema(() => z.object({ name: requiredText(80), kind: StationKind }));
export type StationCreate = z.infer<typeof StationCreate>;

/** A one-time code shown once to the admin and typed on the station to pair it. */
export const PairingCode = lazySchema(() =>
  z.object({
    station: StationView,
    code: z.string(),
    expiresAt: z.string(),
  }),
);
export type PairingCode = z.infer<typeof PairingCode>;

export const PairingCodeInput = lazySchema(() =>
  z
    .string()
    .trim()
    .toUpperCase()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[A-Z2-9]{8}$/, { error: 'pairing_code' })),
);

export const PairRequest = lazySchema(() => z.object({ code: PairingCodeInput }));
export const PairResponse = lazySchema(() => z.object({ token: z.string(), station: StationView }));
export type PairResponse = z.infer<typeof PairResponse>;

export const StationSelf = lazySchema(() => z.object({ station: StationView }));

export const UserIdParams = lazySchema(() => z.object({ id: Id }));
