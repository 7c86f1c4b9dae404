import type { ComponentType, SVGProps } from 'react';
import type { Permission } from '../contract.js';
import {
  IconBriefcase,
  IconBuilding,
  IconCardReader,
  IconDevice,
  IconList,
  IconPeople,
  IconSettings,
  IconUpload,
  IconUserShield,
} from '../components/icons.js';

export type ScreenKey = 'units' | 'people' | 'companies' | 'devices' | 'import' | 'users' | 'stations' | 'audit' | 'settings';

export interface ScreenEntry {
  key: ScreenKey;
  path: string;
  /** null: every signed-in staff user. */
  permission: Permission | null;
  icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
}

/** Management screens in menu order, each behind the permission that its list endpoint requires (null: any staff). */
export const screens: readonly ScreenEntry[] = [
  { key: 'people', path: '/people', permission: 'people.read', icon: IconPeople },
  { key: 'units', path: '/units', permission: 'units.read', icon: IconBuilding },
  { key: 'companies', path: '/companies', permission: 'companies.read', icon: IconBriefcase },
  { key: 'devices', path: '/devices', permission: null, icon: IconCardReader },
  { key: 'import', path: '/import', permission: 'imports.run', icon: IconUpload },
  { key: 'users', path: '/users', permission: 'users.manage', icon: IconUserShield },
  { key: 'stations', path: '/stations', permission: 'stations.manage', icon: IconDevice },
  { key: 'audit', path: '/audit', permission: 'audit.read', icon: IconList },
  { key: 'settings', path: '/settings', permission: 'site.manage', icon: IconSettings },
];

/** Whether the user may open a screen: `can` answers for the signed-in user. */
export function mayOpen(screen: ScreenEntry, can: (permission: Permission) => boolean): boolean {
  return screen.permission === null || can(screen.permission);
}
