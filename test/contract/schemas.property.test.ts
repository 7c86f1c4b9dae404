/**
 * Property tests of every input schema of the contract: the body, params and query of every endpoint (enumerated from
 * the endpoints table, so a new endpoint is covered the day it is added), the upstream sync wire format, the kiosk
 * event envelope, and the exported building blocks (card UIDs, visit references, ID documents, hosts…).
 *
 *   valid:     samples derived from the schema parse; parsing the result again gives the same value; the value survives
 *              JSON; params and queries also parse when every value arrives as text, as HTTP delivers them.
 *   junk:      arbitrary JSON never makes safeParse throw; every failure has issues, each with a path.
 *   mutations: a valid sample with a field removed, a wrong type, a string one past its maximum or an unknown key never
 *              throws; a failure names the field (or, for a cross-field rule, a sibling); an over-long string is always
 *              refused at its own path; an unknown key is dropped, never passed on.
 *   coverage:  every body, params and query in the endpoints table went through all three.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as C from '../../gateway/contract/index.js';
import { endpoints, type Endpoint } from '../../gateway/contract/index.js';
import { contractInput } from '../support/contract-arbitraries.js';
import { getAt, jsonType, mutatedInput, type JsonPath, type Mutation } from '../support/json-mutations.js';
import { dropsUnknownKeys, isObjectNode, issuePaths, nodesAt } from '../support/zod-arbitrary.js';

type Slot = 'params' | 'query' | 'body';
type Kind = Slot | 'wire' | 'part';
const SLOTS: readonly Slot[] = ['params', 'query', 'body'];

/** Upstream wire format (both directions) and the kiosk WebSocket envelope: parsed from the network too. */
const wire: Record<string, z.ZodType> = {
  EventEnvelope: C.EventEnvelope,
  EventBatch: C.EventBatch,
  EventBatchResult: C.EventBatchResult,
  EventRejection: C.EventRejection,
  UpstreamErrorBody: C.UpstreamErrorBody,
  SyncCommand: C.SyncCommand,
  CardRevokePayload: C.CardRevokePayload,
  WatchlistAddPayload: C.WatchlistAddPayload,
  VisitorPreRegistration: C.VisitorPreRegistration,
  CommandPage: C.CommandPage,
  CommandResult: C.CommandResult,
  CommandAck: C.CommandAck,
  GatewayEvent: C.GatewayEvent,
  EntityChanged: C.EntityChanged,
  ApiErrorBody: C.ApiErrorBody,
};

/** Exported input building blocks, also tested on their own (their paths are shorter, their failures plainer). */
const parts: Record<string, z.ZodType> = {
  UserIdParams: C.UserIdParams,
  Username: C.Username,
  Password: C.Password,
  PairingCodeInput: C.PairingCodeInput,
  CardUid: C.CardUid,
  DeviceId: C.DeviceId,
  UnitCode: C.UnitCode,
  Phone: C.Phone,
  Email: C.Email,
  Timestamp: C.Timestamp,
  TimeZone: C.TimeZone,
  VisitRef: C.VisitRef,
  VisitDocument: C.VisitDocument,
  VisitHost: C.VisitHost,
  ScheduleInterval: C.ScheduleInterval,
};

interface Subject {
  name: string;
  schema: z.ZodType;
  kinds: Set<Kind>;
  uses: string[];
}
const subjects = new Map<z.ZodType, Subject>();
const add = (schema: z.ZodType, name: string, kind: Kind, use: string) => {
  const s = subjects.get(schema) ?? { name, schema, kinds: new Set<Kind>(), uses: [] };
  s.kinds.add(kind);
  s.uses.push(use);
  subjects.set(schema, s);
};
for (const [name, e] of Object.entries(endpoints as Record<string, Endpoint>)) {
  for (const slot of SLOTS) {
    const schema = e[slot];
    if (schema) add(schema, `${name}.${slot}`, slot, `${e.method} ${e.path} ${slot}`);
  }
}
for (const [name, schema] of Object.entries(wire)) add(schema, name, 'wire', name);
for (const [name, schema] of Object.entries(parts)) add(schema, name, 'part', name);

/** Which properties passed, per schema: the coverage check reads it. */
const passed = new Map<z.ZodType, Set<'valid' | 'junk' | 'mutations'>>();
const mark = (schema: z.ZodType, property: 'valid' | 'junk' | 'mutations') => passed.set(schema, (passed.get(schema) ?? new Set()).add(property));

const RUNS = { valid: 80, junk: 80, mutations: 120 };

const explain = (issues: readonly z.core.$ZodIssue[]) => JSON.stringify(issues.map((i) => ({ path: i.path, code: i.code, message: i.message })));

function expectIssuesWithPaths(issues: readonly z.core.$ZodIssue[]) {
  expect(issues.length).toBeGreaterThan(0);
  for (const path of issuePaths(issues)) for (const key of path) expect(['string', 'number']).toContain(typeof key);
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((k, i) => k === b[i]);
/**
 * The path itself, a path inside it (an object of the wrong shape), or a sibling (a rule across fields, e.g. "exactly
 * one host", reports on one of them).
 */
const namesField = (issues: readonly z.core.$ZodIssue[], path: JsonPath) =>
  issuePaths(issues).some((p) => samePath(p.slice(0, path.length), path) || (path.length > 0 && p.length === path.length && samePath(p.slice(0, -1), path.slice(0, -1))));

/** Query and path parameters arrive as text: what the HTTP layer hands to the schema. */
const asText = (value: unknown) =>
  jsonType(value) === 'object' ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])) : value;

function checkMutation(schema: z.ZodType, mutated: unknown, m: Mutation) {
  const result = schema.safeParse(mutated); // must not throw
  if (!result.success) expectIssuesWithPaths(result.error.issues);
  const describe = () => `${m.kind} at ${JSON.stringify(m.path)} → ${result.success ? 'accepted' : explain(result.error!.issues)}`;
  switch (m.kind) {
    case 'remove':
    case 'wrong-type':
      if (!result.success && !namesField(result.error.issues, m.path)) expect.fail(`the error does not name the field: ${describe()}`);
      break;
    case 'overlong':
      if (result.success || !namesField(result.error.issues, m.path)) expect.fail(`a string longer than ${m.max} was not refused at its path: ${describe()}`);
      break;
    case 'extra-key': {
      const nodes = nodesAt(schema, m.path).filter(isObjectNode);
      if (nodes.length === 0 || !nodes.every(dropsUnknownKeys)) break; // a loose object (an event payload) keeps unknown keys
      if (!result.success) expect.fail(`an unknown key made a valid input invalid: ${describe()}`);
      const out = getAt(result.data, m.path);
      if (jsonType(out) === 'object' && Object.hasOwn(out as object, m.key)) expect.fail(`the unknown key "${m.key}" reached the parsed value at ${JSON.stringify(m.path)}`);
      break;
    }
  }
}

/** Valid samples parse; the parsed value parses again to itself, survives JSON, and (params, query) survives text. */
const validProperty = (schema: z.ZodType, asQuery: boolean) =>
  fc.property(contractInput(schema), (input) => {
    const first = schema.safeParse(input);
    if (!first.success) expect.fail(`a valid sample was refused: ${JSON.stringify(input)} → ${explain(first.error.issues)}`);
    const again = schema.safeParse(first.data);
    if (!again.success) expect.fail(`the parsed value does not parse again: ${JSON.stringify(first.data)} → ${explain(again.error.issues)}`);
    expect(again.data).toStrictEqual(first.data);
    expect(JSON.parse(JSON.stringify(first.data))).toStrictEqual(first.data);
    if (asQuery) {
      const text = schema.safeParse(asText(input));
      if (!text.success) expect.fail(`refused once its values are text: ${JSON.stringify(asText(input))} → ${explain(text.error.issues)}`);
      expect(text.data).toStrictEqual(first.data);
    }
  });

/** Arbitrary JSON, and objects with the schema's own keys holding arbitrary JSON: safeParse never throws. */
const junkProperty = (schema: z.ZodType) => {
  const shaped = isObjectNode(schema) ? fc.dictionary(fc.constantFrom(...Object.keys((schema as z.ZodObject).shape)), fc.jsonValue({ maxDepth: 2 })) : fc.jsonValue({ maxDepth: 2 });
  return fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), shaped), (input) => {
    const result = schema.safeParse(input);
    if (!result.success) expectIssuesWithPaths(result.error.issues);
  });
};

const mutationProperty = (schema: z.ZodType) => fc.property(mutatedInput(schema), ({ mutated, mutation }) => checkMutation(schema, mutated, mutation));

describe.each([...subjects.values()].map((s) => [`${s.name} (${[...s.kinds].join(', ')})`, s] as const))('%s', (_, { schema, kinds }) => {
  it('accepts derived valid input; parsing is idempotent and JSON-safe', () => {
    fc.assert(validProperty(schema, kinds.has('query') || kinds.has('params')), { numRuns: RUNS.valid });
    mark(schema, 'valid');
  });

  it('arbitrary JSON never throws, and every refusal carries paths', () => {
    fc.assert(junkProperty(schema), { numRuns: RUNS.junk });
    mark(schema, 'junk');
  });

  it('a spoiled valid input is refused at the spoiled field, or accepted without unknown keys', () => {
    fc.assert(mutationProperty(schema), { numRuns: RUNS.mutations });
    mark(schema, 'mutations');
  });
});

describe('the properties catch broken schemas', () => {
  const fails = (property: fc.IRawProperty<[unknown]>) => expect(() => fc.assert(property, { numRuns: 200 })).toThrow();

  it('a transform whose output is not a valid input (not idempotent)', () => {
    fails(validProperty(z.object({ code: z.string().max(12).transform((s) => `${s}-copy`) }), false));
  });
  it('a number field that only accepts numbers, in a query (arrives as text)', () => {
    fails(validProperty(z.object({ limit: z.number().int().min(1).max(500) }), true));
  });
  it('a refinement that throws on the input it was given', () => {
    fails(junkProperty(z.object({ name: z.string().optional() }).or(z.unknown().refine((v) => (v as { name: string }).name.length > 0))));
  });
  it('a rule that reports on a field far from the one at fault', () => {
    const Misreported = z.object({ personId: z.number().int().optional(), note: z.string() }).refine((v) => v.personId !== undefined, { path: ['elsewhere', 'deep'] });
    fails(mutationProperty(Misreported));
  });
});

describe('coverage', () => {
  it('every body, params and query of the endpoints table has property coverage', () => {
    const missing: string[] = [];
    let inputs = 0;
    for (const [name, e] of Object.entries(endpoints as Record<string, Endpoint>)) {
      for (const slot of SLOTS) {
        const schema = e[slot];
        if (!schema) continue;
        inputs++;
        const done = passed.get(schema);
        if (!done || done.size < 3) missing.push(`${name}.${slot}: ${done ? [...done].join('+') : 'no'} properties passed`);
      }
    }
    expect(inputs).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('every wire and building-block schema listed here has property coverage', () => {
    const missing = [...Object.entries(wire), ...Object.entries(parts)].filter(([, s]) => (passed.get(s)?.size ?? 0) < 3).map(([n]) => n);
    expect(missing).toEqual([]);
  });
});

