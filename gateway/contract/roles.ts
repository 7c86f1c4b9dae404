import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const Role = lazySchema(() => z.enum(['admin', 'manager', 'receptionist', 'security', 'technician', 'customer_care']));
export type Role = z.infer<typeof Role>;

export const Permission = lazySchema(() =>
  z.enum([
    'site.manage',
    'units.read',
    'units.write',
    'companies.read',
    'companies.write',
    'people.read',
    'people.write',
    /** See a person's phone and email. Every such read is audited. */
    'people.contact',
    'imports.run',
    'users.manage',
    'stations.manage',
    'cards.read',
    /** Register, activate, suspend, revoke, mark lost and replace cards. */
    'cards.manage',
    /** Zones, schedules, access groups, readers and door controllers. */
    'access.manage',
    /** Configure card readers, encoders and scanners. */
    'devices.manage',
    'audit.read',
    /** See the upstream sync status and its dead letters. */
    'sync.read',
    /** Retry upstream sync now, re-send or discard dead letters. */
    'sync.manage',
    /** The visit log, the waiting list and the on-site list. */
    'visits.read',
    /** Register, check in and out, issue visitor cards, hold ID documents, expected visitors. */
    'visits.manage',
    /** Let a visitor stopped by the watchlist continue, with a reason. */
    'visits.override',
  ]),
);
export type Permission = z.infer<typeof Permission>;

/** Permissions an admin may grant to one user on top of the role (e.g. a receptionist who calls hosts). */
export const GrantablePermission = lazySchema(() => z.enum(['people.contact', 'imports.run', 'audit.read']));
export type GrantablePermission = z.infer<typeof GrantablePermission>;

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: Permission.options,
  manager: [
    'units.read',
    'units.write',
    'companies.read',
    'companies.write',
    'people.read',
    'people.write',
    'people.contact',
    'imports.run',
    'audit.read',
    'cards.read',
    'cards.manage',
    'visits.read',
    'visits.manage',
    'sync.read',
  ],
  receptionist: ['units.read', 'companies.read', 'people.read', 'people.write', 'cards.read', 'visits.read', 'visits.manage'],
  security: ['units.read', 'companies.read', 'people.read', 'audit.read', 'cards.read', 'cards.manage', 'access.manage', 'visits.read', 'visits.manage', 'visits.override'],
  technician: ['units.read'],
  customer_care: ['units.read', 'companies.read', 'people.read', 'people.contact'],
};

export function permissionsOf(role: Role, grants: readonly Permission[] = []): Permission[] {
  return [...new Set([...rolePermissions[role], ...grants])];
}
