import { z } from 'zod';

export const Role = z.enum(['admin', 'manager', 'receptionist', 'security', 'technician', 'customer_care']);
export type Role = z.infer<typeof Role>;

export const Permission = z.enum([
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
]);
export type Permission = z.infer<typeof Permission>;

/** Permissions an admin may grant to one user on top of the role (e.g. a receptionist who calls hosts). */
export const GrantablePermission = z.enum(['people.contact', 'imports.run', 'audit.read']);
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
  ],
  receptionist: ['units.read', 'companies.read', 'people.read', 'people.write', 'cards.read'],
  security: ['units.read', 'companies.read', 'people.read', 'audit.read', 'cards.read', 'cards.manage', 'access.manage'],
  technician: ['units.read'],
  customer_care: ['units.read', 'companies.read', 'people.read', 'people.contact'],
};

export function permissionsOf(role: Role, grants: readonly Permission[] = []): Permission[] {
  return [...new Set([...rolePermissions[role], ...grants])];
}
