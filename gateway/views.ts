/** Database records → contract views (ISO times, contact data only where allowed). */
import type { CompanyRecord } from '../db/companies.js';
import type { PersonRecord } from '../db/people.js';
import type { StationRecord } from '../db/stations.js';
import type { UnitRecord } from '../db/units.js';
import type { UserRecord } from '../db/users.js';
import { iso } from './clock.js';
import type { CompanyView, GrantablePermission, PersonView, StationView, UnitView, UserView } from './contract/index.js';

export const unitView = (u: UnitRecord): UnitView => ({ ...u, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) });

export function companyView(c: CompanyRecord, withContact: boolean): CompanyView {
  const { phone, email, ...rest } = c;
  return { ...rest, ...(withContact && { phone, email }), createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
}

export function personView(p: PersonRecord, withContact: boolean): PersonView {
  const { phone, email, ...rest } = p;
  return {
    ...rest,
    ...(withContact && { phone, email }),
    contactHidden: !withContact,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export const userView = (u: UserRecord): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  grants: u.grants as GrantablePermission[],
  locale: u.locale,
  disabled: u.disabled,
  lockedUntil: iso(u.lockedUntil),
  createdAt: iso(u.createdAt),
});

export const stationView = (s: StationRecord): StationView => ({
  ...s,
  pairedAt: iso(s.pairedAt),
  revokedAt: iso(s.revokedAt),
  lastSeenAt: iso(s.lastSeenAt),
  createdAt: iso(s.createdAt),
});
