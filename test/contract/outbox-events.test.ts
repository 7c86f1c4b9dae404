import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../../db/connection.js';
import { OUTBOX_EVENT_PAYLOADS, OUTBOX_EVENT_TYPES } from '../../gateway/contract/outbox-events.js';
import { enqueueContractEvent } from '../../gateway/services/outbox-events.js';
import { upstreamOpenApi } from '../../gateway/sync/upstream-openapi.js';
import { tempDb } from '../support/db.js';

const visit = {
  id: 7,
  ref: 'V0123456789',
  status: 'checked_in',
  channel: 'kiosk',
  fullName: 'Nguyễn Thị Lan',
  company: null,
  docType: 'cccd',
  purpose: 'service',
  host: { personId: 3, unitId: null, companyId: null, label: 'Trần Văn Đức' },
  destinationFloors: [12],
  expectedStart: '2026-12-05T02:00:00.000Z',
  expectedEnd: '2026-12-05T10:00:00.000Z',
  checkedInAt: '2026-12-05T02:00:00.000Z',
  checkedOutAt: null,
  cardUid: null,
  custodySlot: null,
  externalRef: null,
};

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.dispose());
const outboxRows = () => (t.db.sqlite.prepare('SELECT type, payload FROM outbox').all() as { type: string; payload: string }[]).map((r) => ({ type: r.type, payload: JSON.parse(r.payload) as unknown }));

describe('the contract of event payloads', () => {
  it('writes an event whose payload matches its type', () => {
    transaction(t.db, () => enqueueContractEvent(t.db, 'HN01', { type: 'visit.checked_in', aggregateType: 'visit', aggregateId: visit.ref, occurredAt: 1, payload: { ...visit, docSource: 'manual', docNumberHint: '…345' } }));
    transaction(t.db, () => enqueueContractEvent(t.db, 'HN01', { type: 'visit.custody_taken', aggregateType: 'visit', aggregateId: visit.ref, occurredAt: 2, payload: { ...visit, custodySlot: 'B7', slot: 'B7' } }));
    expect(outboxRows().map((r) => r.type)).toEqual(['visit.checked_in', 'visit.custody_taken']);
  });

  it('refuses a payload that does not match, or a type with no schema, and the whole change rolls back', () => {
    const change = (type: string, payload: unknown) => () =>
      transaction(t.db, () => {
        t.db.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 0)").run();
        enqueueContractEvent(t.db, 'HN01', { type, aggregateType: 'visit', aggregateId: visit.ref, occurredAt: 1, payload });
      });
    expect(change('visit.checked_in', { ...visit, status: 'gone' })).toThrow(/visit.checked_in payload does not match/);
    expect(change('visit.custody_taken', visit)).toThrow(/does not match/); // the slot is missing
    expect(change('visit.teleported', visit)).toThrow(/no payload schema for event type visit.teleported/);
    expect(outboxRows()).toEqual([]);
    expect(t.db.sqlite.prepare("SELECT count(*) AS n FROM settings WHERE key = 'probe'").get()).toEqual({ n: 0 });
  });

  it('is published in the upstream OpenAPI: one payload schema per event type', () => {
    const doc = upstreamOpenApi('test');
    const schemas = doc.components.schemas as Record<string, unknown>;
    for (const type of OUTBOX_EVENT_TYPES) expect(schemas[`Payload.${type}`], type).toMatchObject({ type: 'object', required: expect.any(Array) });
    const typed = schemas.TypedEvent as { oneOf: { properties: { type: { const: string } } }[] };
    expect(typed.oneOf.map((o) => o.properties.type.const)).toEqual(OUTBOX_EVENT_TYPES);
    expect(Object.keys(OUTBOX_EVENT_PAYLOADS)).toContain('access.decided');
  });
});
