import type { ComponentType, SVGProps } from 'react';
import type { Permission } from '../contract.js';
import {
  IconBan,
  IconBriefcase,
  IconBuilding,
  IconCard,
  IconCardReader,
  IconDoor,
  IconDevice,
  IconList,
  IconPeople,
  IconSettings,
  IconShield,
  IconTable,
  IconUpload,
  IconUserShield,
} from '../components/icons.js';

export type ScreenKey =
  | 'security'
  | 'cards'
  | 'cardUnits'
  | 'units'
  | 'people'
  | 'companies'
  | 'devices'
  | 'access'
  | 'watchlist'
  | 'import'
  | 'users'
  | 'stations'
  | 'audit'
  | 'settings';

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
  { key: 'security', path: '/security', permission: 'cards.read', icon: IconShield },
  { key: 'cards', path: '/cards', permission: 'cards.read', icon: IconCard },
  { key: 'cardUnits', path: '/cards/units', permission: 'cards.read', icon: IconTable },
  { key: 'watchlist', path: '/watchlist', permission: 'cards.manage', icon: IconBan },
  { key: 'access', path: '/access', permission: 'access.manage', icon: IconDoor },
  { key: 'devices', path: '/devices', permission: null, icon: IconCardReader },
  { key: 'import', path: '/import', permission: 'imports.run', icon: IconUpload },
  { key: 'users', path: '/users', permission: 'users.manage', icon: IconUserShield },
  { key: 'stations', path: '/stations', permission: 'stations.manage', icon: IconDevice },
  { key: 'audit', path: '/audit', permission: 'audit.read', icon: IconList },
  { key: 'settings', path: '/settings', permission: 'site.manage', icon: IconSettings },
];

/** The menu entry of a location: the longest path that matches (/cards/units is not /cards). */
export function activeScreen(pathname: string): ScreenKey | null {
  let best: ScreenEntry | null = null;
  for (const s of screens) {
    if ((pathname === s.path || pathname.startsWith(`${s.path}/`)) && (!best || s.path.length > best.path.length)) best = s;
  }
  return best?.key ?? null;
}

/** Whether the user may open a screen: `can` answers for the signed-in user. */
export function mayOpen(screen: ScreenEntry, can: (permission: Permission) => boolean): boolean {
  return screen.permission === null || can(screen.permission);
}
