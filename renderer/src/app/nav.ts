import type { ParseKeys } from 'i18next';
import type { ComponentType, SVGProps } from 'react';
import type { Permission } from '../contract.js';
import {
  IconAlertTriangle,
  IconBan,
  IconBriefcase,
  IconBuilding,
  IconCalendarUser,
  IconCard,
  IconCardReader,
  IconClipboardList,
  IconDoor,
  IconDevice,
  IconList,
  IconPeople,
  IconSettings,
  IconShield,
  IconTable,
  IconUpload,
  IconUserShield,
  IconVisitor,
  IconCloudSync,
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

/** Screens of a feature module: their menu label and tile text live in the feature's catalog namespace. */
export type FeatureScreenKey = 'visitors' | 'visitLog' | 'visitExpected' | 'visitAlerts' | 'sync';

/** Catalog keys of a screen's menu label and home-tile line. */
export interface ScreenText {
  label: ParseKeys;
  tile: ParseKeys;
}

interface ScreenBase {
  path: string;
  /** null: every signed-in staff user. */
  permission: Permission | null;
  icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
}

/** A core screen is labelled by nav.<key> / tiles.<key>; a feature screen names its own catalog keys. */
export type ScreenEntry = ScreenBase & ({ key: ScreenKey; text?: undefined } | { key: FeatureScreenKey; text: ScreenText });

export function screenText(screen: ScreenEntry): ScreenText {
  if (screen.text !== undefined) return screen.text;
  return { label: `nav.${screen.key}`, tile: `tiles.${screen.key}` };
}

/** Management screens in menu order, each behind the permission that its list endpoint requires (null: any staff). */
export const screens: readonly ScreenEntry[] = [
  // The reception desk's main screen comes first.
  { key: 'visitors', path: '/visitors', permission: 'visits.read', icon: IconVisitor, text: { label: 'visits.nav.label', tile: 'visits.nav.tile' } },
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
  { key: 'visitLog', path: '/visits/log', permission: 'visits.read', icon: IconClipboardList, text: { label: 'visitAdmin.nav.log', tile: 'visitAdmin.nav.logTile' } },
  { key: 'visitExpected', path: '/visits/expected', permission: 'visits.manage', icon: IconCalendarUser, text: { label: 'visitAdmin.nav.expected', tile: 'visitAdmin.nav.expectedTile' } },
  { key: 'visitAlerts', path: '/visits/alerts', permission: 'visits.override', icon: IconAlertTriangle, text: { label: 'visitAdmin.nav.alerts', tile: 'visitAdmin.nav.alertsTile' } },
  { key: 'sync', path: '/sync', permission: 'sync.read', icon: IconCloudSync, text: { label: 'sync.nav.label', tile: 'sync.nav.tile' } },
  { key: 'audit', path: '/audit', permission: 'audit.read', icon: IconList },
  { key: 'settings', path: '/settings', permission: 'site.manage', icon: IconSettings },
];

/** The menu entry of a location: the longest path that matches (/cards/units is not /cards). */
export function activeScreen(pathname: string): ScreenEntry['key'] | null {
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
