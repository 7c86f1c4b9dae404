/** Units, companies and people: every change in one transaction with its audit row, events after commit. */
import { writeAudit } from '../../db/audit.js';
import * as companies from '../../db/companies.js';
import { first, transaction } from '../../db/connection.js';
import * as people from '../../db/people.js';
import * as units from '../../db/units.js';
import type { CompanyData, PersonData, UnitData } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { can, changed } from '../context.js';
import { ApiError, fieldError, notFound } from '../errors.js';
import { companyView, personView, unitView } from '../views.js';

type UnitFields = UnitData;
type CompanyFields = CompanyData;
type PersonFields = PersonData;

/** Contact data (phone, email) is personal data: each read by staff allowed to see it is audited. */
function readsContact(ctx: Ctx, entity: 'person' | 'company', id: number, record: { phone: string | null; email: string | null }): boolean {
  const withContact = can(ctx.auth, 'people.contact');
  if (withContact && (record.phone || record.email)) {
    transaction(ctx.db, () => writeAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: `${entity}.contact_read`, entity, entityId: id }));
  }
  return withContact;
}

function assertUnitCodeFree(ctx: Ctx, code: string, exceptId?: number) {
  const existing = units.getUnitByCode(ctx.db, code);
  if (existing && existing.id !== exceptId) throw new ApiError(409, 'conflict', `unit ${code} already exists`, [{ path: ['code'], code: 'duplicate', message: 'duplicate' }]);
}

export function createUnit(ctx: Ctx, input: UnitFields) {
  const now = ctx.clock.now();
  const unit = transaction(ctx.db, () => {
    assertUnitCodeFree(ctx, input.code);
    const created = units.insertUnit(ctx.db, input, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'unit.create', entity: 'unit', entityId: created.id, after: input });
    return created;
  });
  changed(ctx, 'unit', unit.id, 'created');
  return unitView(unit);
}

export function updateUnit(ctx: Ctx, id: number, input: UnitFields) {
  const now = ctx.clock.now();
  const unit = transaction(ctx.db, () => {
    const before = units.getUnit(ctx.db, id);
    if (!before) throw notFound('unit');
    assertUnitCodeFree(ctx, input.code, id);
    const after = units.updateUnit(ctx.db, id, input, now) as units.UnitRecord;
    if (after.code !== before.code) people.reindexPeopleOf(ctx.db, { unitId: id });
    writeAudit(ctx.db, ctx.actor, now, { action: 'unit.update', entity: 'unit', entityId: id, before, after: input });
    return after;
  });
  changed(ctx, 'unit', id, 'updated');
  return unitView(unit);
}

export function deleteUnit(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  transaction(ctx.db, () => {
    const before = units.getUnit(ctx.db, id);
    if (!before) throw notFound('unit');
    if (before.peopleCount > 0) throw new ApiError(409, 'unit_has_people', 'move or remove the people of this unit first', undefined, { count: before.peopleCount });
    const hasCards = first(ctx.db, ctx.db.k.selectFrom('cards').select('id').where('unit_id', '=', id).limit(1));
    if (hasCards) throw new ApiError(409, 'conflict', 'this unit still has cards');
    units.deleteUnit(ctx.db, id);
    writeAudit(ctx.db, ctx.actor, now, { action: 'unit.delete', entity: 'unit', entityId: id, before });
  });
  changed(ctx, 'unit', id, 'deleted');
  return { ok: true as const };
}

function assertUnitExists(ctx: Ctx, unitId: number | null, path: (string | number)[]) {
  if (unitId !== null && !units.getUnit(ctx.db, unitId)) throw fieldError(path, 'unknown_unit', `unit ${unitId} does not exist`);
}

export function createCompany(ctx: Ctx, input: CompanyFields) {
  const now = ctx.clock.now();
  const company = transaction(ctx.db, () => {
    assertUnitExists(ctx, input.unitId, ['unitId']);
    const created = companies.insertCompany(ctx.db, input, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'company.create', entity: 'company', entityId: created.id, after: input });
    return created;
  });
  changed(ctx, 'company', company.id, 'created');
  return companyView(company, can(ctx.auth, 'people.contact'));
}

export function updateCompany(ctx: Ctx, id: number, input: CompanyFields) {
  const now = ctx.clock.now();
  const company = transaction(ctx.db, () => {
    const before = companies.getCompany(ctx.db, id);
    if (!before) throw notFound('company');
    assertUnitExists(ctx, input.unitId, ['unitId']);
    const after = companies.updateCompany(ctx.db, id, input, now) as companies.CompanyRecord;
    if (after.name !== before.name) people.reindexPeopleOf(ctx.db, { companyId: id });
    writeAudit(ctx.db, ctx.actor, now, { action: 'company.update', entity: 'company', entityId: id, before, after: input });
    return after;
  });
  changed(ctx, 'company', id, 'updated');
  return companyView(company, can(ctx.auth, 'people.contact'));
}

export function deleteCompany(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  transaction(ctx.db, () => {
    const before = companies.getCompany(ctx.db, id);
    if (!before) throw notFound('company');
    if (companies.companyHasPeople(ctx.db, id)) throw new ApiError(409, 'company_has_people', 'move or remove the people of this company first');
    companies.deleteCompany(ctx.db, id);
    writeAudit(ctx.db, ctx.actor, now, { action: 'company.delete', entity: 'company', entityId: id, before });
  });
  changed(ctx, 'company', id, 'deleted');
  return { ok: true as const };
}

/** A company's contact data is personal data too: reads by staff with the permission are audited. */
export function readCompany(ctx: Ctx, id: number) {
  const company = companies.getCompany(ctx.db, id);
  if (!company) throw notFound('company');
  return companyView(company, readsContact(ctx, 'company', id, company));
}

function checkPersonRefs(ctx: Ctx, input: PersonFields) {
  input.units.forEach((link, i) => assertUnitExists(ctx, link.unitId, ['units', i, 'unitId']));
  if (input.companyId !== null && !companies.getCompany(ctx.db, input.companyId)) {
    throw fieldError(['companyId'], 'unknown_company', `company ${input.companyId} does not exist`);
  }
}

/** Staff without people.contact cannot see contact data, so they cannot silently erase it either. */
function keepHiddenContact(ctx: Ctx, input: PersonFields, before: people.PersonRecord | undefined): PersonFields {
  if (can(ctx.auth, 'people.contact')) return input;
  return { ...input, phone: before?.phone ?? input.phone, email: before?.email ?? input.email };
}

export function createPerson(ctx: Ctx, input: PersonFields) {
  const now = ctx.clock.now();
  const person = transaction(ctx.db, () => {
    checkPersonRefs(ctx, input);
    const created = people.insertPerson(ctx.db, input, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'person.create', entity: 'person', entityId: created.id, after: input });
    return created;
  });
  changed(ctx, 'person', person.id, 'created');
  return personView(person, can(ctx.auth, 'people.contact'));
}

export function updatePerson(ctx: Ctx, id: number, raw: PersonFields) {
  const now = ctx.clock.now();
  const person = transaction(ctx.db, () => {
    const before = people.getPerson(ctx.db, id);
    if (!before) throw notFound('person');
    const input = keepHiddenContact(ctx, raw, before);
    checkPersonRefs(ctx, input);
    const after = people.updatePerson(ctx.db, id, input, now) as people.PersonRecord;
    writeAudit(ctx.db, ctx.actor, now, { action: 'person.update', entity: 'person', entityId: id, before, after: input });
    return after;
  });
  changed(ctx, 'person', id, 'updated');
  return personView(person, can(ctx.auth, 'people.contact'));
}

export function deletePerson(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  transaction(ctx.db, () => {
    const before = people.getPerson(ctx.db, id);
    if (!before) throw notFound('person');
    const inUse = first(ctx.db, ctx.db.k.selectFrom('visits').select('id').where('host_person_id', '=', id).limit(1));
    if (inUse) throw new ApiError(409, 'conflict', 'this person is the host of visits on record; they are kept for the visit log');
    people.deletePerson(ctx.db, id);
    writeAudit(ctx.db, ctx.actor, now, { action: 'person.delete', entity: 'person', entityId: id, before });
  });
  changed(ctx, 'person', id, 'deleted');
  return { ok: true as const };
}

/** One person; with people.contact the phone and email are included and the read is audited. */
export function readPerson(ctx: Ctx, id: number) {
  const person = people.getPerson(ctx.db, id);
  if (!person) throw notFound('person');
  return personView(person, readsContact(ctx, 'person', id, person));
}

/** Lists never carry contact data: it is read one person at a time, audited. A search counts up to 500 (`capped`). */
export function searchPeople(ctx: Ctx, filter: people.PeopleFilter) {
  const { rows, total, capped } = people.searchPeople(ctx.db, filter);
  return { items: rows.map((p) => personView(p, false)), total, capped };
}

export function listCompanies(ctx: Ctx, filter: { q?: string | undefined; limit: number; offset: number }) {
  const { rows, total } = companies.listCompanies(ctx.db, filter);
  return { items: rows.map((c) => companyView(c, false)), total };
}

export function listUnits(ctx: Ctx, filter: units.UnitFilter) {
  const { rows, total } = units.listUnits(ctx.db, filter);
  return { items: rows.map(unitView), total };
}

export function readUnit(ctx: Ctx, id: number) {
  const unit = units.getUnit(ctx.db, id);
  if (!unit) throw notFound('unit');
  return unitView(unit);
}
