import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let manager: string;
let receptionist: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('ql.toa.nha', 'manager');
  await gw.addUser('le.tan', 'receptionist');
  manager = await gw.login('ql.toa.nha');
  receptionist = await gw.login('le.tan');
}, 30_000);
afterAll(() => gw.stop());

const audit = (action: string) =>
  gw.db.sqlite.prepare('SELECT username, entity_id, before, after FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
    username: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  }[];

describe('units', () => {
  it('creates, lists, updates and deletes with an audit row each', async () => {
    const created = await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'c-1208', kind: 'apartment', building: 'C', floor: 12, areaM2: 74.5 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'C-1208', floor: 12, freeCardQuota: 2, peopleCount: 0 });
    const id = created.body.id;
    expect(audit('unit.create').at(-1)).toMatchObject({ username: 'ql.toa.nha', entity_id: String(id) });

    const list = await call(gw.base, 'GET', '/api/units?q=c-12&floor=12', { cookie: receptionist });
    expect(list.body.items.map((u: { code: string }) => u.code)).toContain('C-1208');

    const updated = await call(gw.base, 'PUT', `/api/units/${id}`, { cookie: manager, body: { code: 'C-1208', kind: 'office', floor: 12 } });
    expect(updated.body.kind).toBe('office');
    const row = audit('unit.update').at(-1)!;
    expect(JSON.parse(row.before!).kind).toBe('apartment');
    expect(JSON.parse(row.after!).kind).toBe('office');

    expect((await call(gw.base, 'DELETE', `/api/units/${id}`, { cookie: manager })).status).toBe(200);
    expect((await call(gw.base, 'GET', `/api/units/${id}`, { cookie: manager })).status).toBe(404);
    expect(audit('unit.delete').at(-1)?.entity_id).toBe(String(id));
  });

  it('rejects bad input with field errors and changes nothing', async () => {
    const before = (gw.db.sqlite.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
    const bad = await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: '', kind: 'castle', floor: 'ten' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.fields.map((f: { path: string[] }) => f.path[0]).sort()).toEqual(['code', 'floor', 'kind']);
    expect((gw.db.sqlite.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n).toBe(before);
  });

  it('refuses a duplicate code and deleting a unit that has people', async () => {
    await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'D-1', kind: 'shop', floor: 1 } });
    const dup = await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'd-1', kind: 'shop', floor: 1 } });
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'conflict', fields: [{ path: ['code'], code: 'duplicate' }] } } });
    const unit = (await call(gw.base, 'GET', '/api/units?q=D-1', { cookie: manager })).body.items[0];
    await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'tenant', fullName: 'Phạm Minh', units: [{ unitId: unit.id, relation: 'tenant' }] } });
    expect((await call(gw.base, 'DELETE', `/api/units/${unit.id}`, { cookie: manager })).body.error.code).toBe('unit_has_people');
  });
});

describe('people', () => {
  it('creates a resident linked to a unit and finds them without diacritics', async () => {
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'A-0901', kind: 'apartment', floor: 9 } })).body;
    const created = await call(gw.base, 'POST', '/api/people', {
      cookie: receptionist,
      body: { kind: 'resident', fullName: 'Nguyễn Văn Đức', phone: '0903 123 456', email: 'Duc@Example.vn', units: [{ unitId: unit.id, relation: 'owner' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.units).toEqual([{ unitId: unit.id, unitCode: 'A-0901', floor: 9, relation: 'owner' }]);
    const found = await call(gw.base, 'GET', '/api/people?q=nguyen%20van%20duc', { cookie: receptionist });
    expect(found.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Nguyễn Văn Đức']);
    expect((await call(gw.base, 'GET', `/api/units/${unit.id}`, { cookie: manager })).body.peopleCount).toBe(1);
  });

  it('hides phone and email from staff without people.contact, and audits every read by those with it', async () => {
    const { body: person } = await call(gw.base, 'POST', '/api/people', {
      cookie: manager,
      body: { kind: 'resident', fullName: 'Trần Thị Mai', phone: '+84 90 111 2222', email: 'mai@example.vn' },
    });
    const asReceptionist = await call(gw.base, 'GET', `/api/people/${person.id}`, { cookie: receptionist });
    expect(asReceptionist.body.contactHidden).toBe(true);
    expect(JSON.stringify(asReceptionist.body)).not.toMatch(/111 2222|mai@example/);
    const list = await call(gw.base, 'GET', '/api/people?q=mai', { cookie: manager });
    expect(JSON.stringify(list.body)).not.toMatch(/111 2222|mai@example/);

    const reads = audit('person.contact_read').length;
    const asManager = await call(gw.base, 'GET', `/api/people/${person.id}`, { cookie: manager });
    expect(asManager.body).toMatchObject({ phone: '+84 90 111 2222', email: 'mai@example.vn', contactHidden: false });
    expect(audit('person.contact_read')).toHaveLength(reads + 1);
    expect(audit('person.contact_read').at(-1)).toMatchObject({ username: 'ql.toa.nha', entity_id: String(person.id) });
  });

  it('keeps contact data a receptionist cannot see when they edit the person', async () => {
    const { body: person } = await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'resident', fullName: 'Lê Văn Tám', phone: '0912000111' } });
    await call(gw.base, 'PUT', `/api/people/${person.id}`, { cookie: receptionist, body: { kind: 'resident', fullName: 'Lê Văn Tám (cũ)' } });
    expect(gw.db.sqlite.prepare('SELECT full_name, phone FROM people WHERE id = ?').get(person.id)).toEqual({ full_name: 'Lê Văn Tám (cũ)', phone: '0912000111' });
  });

  it('says which unit link is wrong and writes nothing', async () => {
    const res = await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'resident', fullName: 'Hoàng Yến', units: [{ unitId: 99999, relation: 'owner' }] } });
    expect(res).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', fields: [{ path: ['units', 0, 'unitId'], code: 'unknown_unit' }] } } });
    expect((await call(gw.base, 'GET', '/api/people?q=hoang%20yen', { cookie: manager })).body.total).toBe(0);
  });
});

describe('companies', () => {
  it('creates a company in an office unit and links staff to it', async () => {
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'T-1501', kind: 'office', floor: 15 } })).body;
    const company = await call(gw.base, 'POST', '/api/companies', { cookie: manager, body: { name: '上海华信科技有限公司', unitId: unit.id, phone: '021 5555 0000' } });
    expect(company.status).toBe(201);
    expect(company.body).toMatchObject({ unitCode: 'T-1501', phone: '021 5555 0000' });
    const staff = await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'staff', fullName: '李娜', companyId: company.body.id, department: '行政部' } });
    expect(staff.body.companyName).toBe('上海华信科技有限公司');
    expect((await call(gw.base, 'GET', '/api/people?q=华信', { cookie: receptionist })).body.items[0].fullName).toBe('李娜');
    expect((await call(gw.base, 'GET', `/api/companies/${company.body.id}`, { cookie: receptionist })).body.phone).toBeUndefined();
    expect((await call(gw.base, 'DELETE', `/api/companies/${company.body.id}`, { cookie: manager })).body.error.code).toBe('company_has_people');
  });
});

describe('review hardening', () => {
  it('hides phone and email inside audit entries from readers without people.contact', async () => {
    await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'resident', fullName: 'Bùi Thị Xuân', phone: '0977 000 111', email: 'xuan@example.vn' } });
    await gw.addUser('bao.ve', 'security');
    const security = await gw.login('bao.ve');
    const asSecurity = JSON.stringify((await call(gw.base, 'GET', '/api/audit?entity=person&limit=50', { cookie: security })).body);
    expect(asSecurity).not.toMatch(/0977 000 111|xuan@example/);
    expect(asSecurity).toContain('Bùi Thị Xuân');
    const asManager = JSON.stringify((await call(gw.base, 'GET', '/api/audit?entity=person&limit=50', { cookie: manager })).body);
    expect(asManager).toContain('0977 000 111');
  });

  it('finds people by the new unit code and company name after a rename', async () => {
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'R-101', kind: 'apartment', floor: 1 } })).body;
    const company = (await call(gw.base, 'POST', '/api/companies', { cookie: manager, body: { name: 'Công ty Alpha' } })).body;
    await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'resident', fullName: 'Đinh Công Tráng', companyId: company.id, units: [{ unitId: unit.id, relation: 'owner' }] } });
    await call(gw.base, 'PUT', `/api/units/${unit.id}`, { cookie: manager, body: { code: 'R-909', kind: 'apartment', floor: 9 } });
    await call(gw.base, 'PUT', `/api/companies/${company.id}`, { cookie: manager, body: { name: 'Công ty Omega' } });
    const names = async (q: string) => (await call(gw.base, 'GET', `/api/people?q=${encodeURIComponent(q)}`, { cookie: manager })).body.items.map((p: { fullName: string }) => p.fullName);
    expect(await names('R-909')).toEqual(['Đinh Công Tráng']);
    expect(await names('omega')).toEqual(['Đinh Công Tráng']);
    expect(await names('R-101')).toEqual([]);
    expect(await names('alpha')).toEqual([]);
  });

  it('keeps the date a person joined a unit when the person is edited', async () => {
    const unit = (await call(gw.base, 'POST', '/api/units', { cookie: manager, body: { code: 'S-1', kind: 'apartment', floor: 1 } })).body;
    const person = (await call(gw.base, 'POST', '/api/people', { cookie: manager, body: { kind: 'tenant', fullName: 'Mai Hắc Đế', units: [{ unitId: unit.id, relation: 'tenant' }] } })).body;
    const since = () => (gw.db.sqlite.prepare('SELECT since, relation FROM unit_people WHERE person_id = ?').get(person.id) as { since: number; relation: string });
    const before = since();
    await new Promise((r) => setTimeout(r, 5));
    await call(gw.base, 'PUT', `/api/people/${person.id}`, { cookie: manager, body: { kind: 'resident', fullName: 'Mai Hắc Đế', units: [{ unitId: unit.id, relation: 'owner' }] } });
    expect(since()).toEqual({ since: before.since, relation: 'owner' });
  });
});

describe('audit log', () => {
  it('lists entries newest first with filters', async () => {
    const res = await call(gw.base, 'GET', '/api/audit?entity=unit&limit=5', { cookie: manager });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { entity: string }) => e.entity === 'unit')).toBe(true);
    const times = res.body.items.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
