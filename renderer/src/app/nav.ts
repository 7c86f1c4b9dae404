import type { ComponentType, SVGProps } from 'react';
import type { Permission } from '../contract.js';
import {
  IconBriefcase,
  IconBuilding,
  IconDevice,
  IconList,
  IconPeople,
  IconSettings,
  IconUpload,
  IconUserShield,
} from '../components/icons.js';

export type ScreenKey = 'units' | 'people' | 'companies' | 'import' | 'users' | 'stations' | 'audit' | 'settings';

export interface ScreenEntry {
  key: ScreenKey;
  path: string;
  permission: Permission;
  icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
}

/** Management screens in menu order, each behind the permission that its list endpoint requires. */
export const screens: readonly ScreenEntry[] = [
  { key: 'people', path: '/people', permission: 'people.read', icon: IconPeople },
  { key: 'units', path: '/units', permission: 'units.read', icon: IconBuilding },
  { key: 'companies', path: '/companies', permission: 'companies.read', icon: IconBriefcase },
  { key: 'import', path: '/import', permission: 'imports.run', icon: IconUpload },
  { key: 'users', path: '/users', permission: 'users.manage', icon: IconUserShield },
  { key: 'stations', path: '/stations', permission: 'stations.manage', icon: IconDevice },
  { key: 'audit', path: '/audit', permission: 'audit.read', icon: IconList },
  { key: 'settings', path: '/settings', permission: 'site.manage', icon: IconSettings },
];
