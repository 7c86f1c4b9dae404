/**
 * Whom a visitor comes to see. The desk and the kiosk both resolve a host here; the kiosk's search returns names and
 * the unit code the visitor typed, never phone numbers, e-mail addresses or which unit a person lives in.
 */
import { getCompany, listCompanies } from '../../db/companies.js';
import { getPerson, searchPeople, type PersonKind } from '../../db/people.js';
import { getUnit, getUnitByCode } from '../../db/units.js';
import type { Ctx } from '../context.js';
import { fieldError } from '../errors.js';

export interface ResolvedHost {
  hostPersonId: number | null;
  hostUnitId: number | null;
  hostCompanyId: number | null;
  /** Name of the person or company, or the unit code. */
  hostLabel: string;
  /** Floors the visitor goes to when the desk names none: the host's unit, the company's unit. */
  floors: number[];
}

const HOST_KINDS: readonly PersonKind[] = ['resident', 'tenant', 'staff'];

export function resolveHost(ctx: Pick<Ctx, 'db'>, host: { personId: number | null; unitId: number | null; companyId: number | null }): ResolvedHost {
  if (host.personId !== null) {
    const person = getPerson(ctx.db, host.personId);
    if (!person || !HOST_KINDS.includes(person.kind)) throw fieldError(['host', 'personId'], 'unknown_host', `person ${host.personId} cannot receive visitors`);
    let floors = person.units.map((u) => u.floor);
    if (floors.length === 0 && person.companyId !== null) {
      const unitId = getCompany(ctx.db, person.companyId)?.unitId ?? null;
      const unit = unitId === null ? undefined : getUnit(ctx.db, unitId);
      floors = unit ? [unit.floor] : [];
    }
    return { hostPersonId: person.id, hostUnitId: person.units[0]?.unitId ?? null, hostCompanyId: person.companyId, hostLabel: person.fullName, floors: [...new Set(floors)] };
  }
  if (host.unitId !== null) {
    const unit = getUnit(ctx.db, host.unitId);
    if (!unit) throw fieldError(['host', 'unitId'], 'unknown_host', `unit ${host.unitId} does not exist`);
    return { hostPersonId: null, hostUnitId: unit.id, hostCompanyId: null, hostLabel: unit.code, floors: [unit.floor] };
  }
  const company = host.companyId === null ? undefined : getCompany(ctx.db, host.companyId);
  if (!company) throw fieldError(['host', 'companyId'], 'unknown_host', `company ${String(host.companyId)} does not exist`);
  const unit = company.unitId === null ? undefined : getUnit(ctx.db, company.unitId);
  return { hostPersonId: null, hostUnitId: unit?.id ?? null, hostCompanyId: company.id, hostLabel: company.name, floors: unit ? [unit.floor] : [] };
}

export interface KioskHostHit {
  kind: 'person' | 'unit' | 'company';
  id: number;
  label: string;
  detail: string | null;
}

/**
 * Kiosk search: a unit only by its exact code (so the list of units cannot be browsed), companies and people by
 * name (diacritics optional), at most a handful each. Nothing beyond a name and a staff member's company.
 */
export function searchKioskHosts(ctx: Pick<Ctx, 'db'>, q: string): KioskHostHit[] {
  const hits: KioskHostHit[] = [];
  const unit = getUnitByCode(ctx.db, q.trim().toUpperCase());
  if (unit) hits.push({ kind: 'unit', id: unit.id, label: unit.code, detail: null });
  for (const c of listCompanies(ctx.db, { q, limit: 5, offset: 0 }).rows) hits.push({ kind: 'company', id: c.id, label: c.name, detail: null });
  // The directory search also matches unit codes and companies; on the kiosk a person is found by name only (the
  // name column of the search index), so typing a unit code never reveals who lives there.
  const people = searchPeople(ctx.db, { q, nameOnly: true, kinds: HOST_KINDS, limit: 5, offset: 0 }).rows;
  for (const p of people) hits.push({ kind: 'person', id: p.id, label: p.fullName, detail: p.kind === 'staff' ? p.companyName : null });
  return hits;
}
