/** GET /api/people with a search: the capped count reaches the client (`capped`), the list stays in name order. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../../db/connection.js';
import { SEARCH_CAP, insertPerson } from '../../db/people.js';
import { call, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let receptionist: string;
beforeAll(async () => {
  gw = await startTestGateway();
  await gw.addUser('le.tan', 'receptionist');
  receptionist = await gw.login('le.tan');
  transaction(gw.db, () => {
    for (let i = 1; i <= SEARCH_CAP + 1; i++) {
      const fullName = `Ngô Văn ${String(i).padStart(3, '0')}`;
      insertPerson(gw.db, { kind: 'resident', fullName, phone: null, email: null, companyId: null, department: null, note: null, units: [] }, 1);
    }
  });
}, 30_000);
afterAll(() => gw.stop());

const list = async (query: string) => (await call(gw.base, 'GET', `/api/people?${query}`, { cookie: receptionist })).body;

describe('people search over the API', () => {
  it(`says "more than ${SEARCH_CAP}" instead of counting every match`, async () => {
    const many = await list('q=ngo');
    expect(many).toMatchObject({ total: SEARCH_CAP, capped: true });
    expect(many.items).toHaveLength(50);
    const names = many.items.map((p: { fullName: string }) => p.fullName);
    expect(names).toEqual([...names].sort());
    expect(await list('q=ngo%20van%20012')).toMatchObject({ total: 1, capped: false });
    expect(await list('limit=1')).toMatchObject({ total: SEARCH_CAP + 1, capped: false });
  });
});
