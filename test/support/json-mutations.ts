/**
 * Bad inputs made from good ones: a valid sample of a contract schema with one thing spoiled (a field removed, a value
 * of the wrong JSON type, a string one character over the field's maximum, a key the schema does not know). Shared by
 * the schema properties and the API bad-input properties in test/contract/.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { contractInput } from './contract-arbitraries.js';
import { maxLengthOf, nodesAt, shapeKeys } from './zod-arbitrary.js';

export type JsonPath = (string | number)[];

export type Mutation =
  | { kind: 'remove'; path: JsonPath }
  | { kind: 'wrong-type'; path: JsonPath; value: unknown }
  | { kind: 'overlong'; path: JsonPath; max: number }
  | { kind: 'extra-key'; path: JsonPath; key: string };

export interface Mutated {
  original: unknown;
  mutated: unknown;
  mutation: Mutation;
}

/** Strings past this many characters are not generated (a 10 MB CSV limit is tested elsewhere). */
const MAX_OVERLONG = 20_000;

export const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every path in a JSON value, the root ([]) first. */
export function pathsOf(value: unknown, at: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

export function getAt(value: unknown, path: JsonPath): unknown {
  let v = value;
  for (const key of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, unknown>)[key];
  return v;
}

/** A copy of `value` with `edit` applied to the parent of `path` (the root when `path` is empty). */
function editAt(value: unknown, path: JsonPath, edit: (parent: Record<string | number, unknown>, key: string | number) => void, root: (v: unknown) => unknown): unknown {
  if (path.length === 0) return root(structuredClone(value));
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  edit(parent, path[path.length - 1]!);
  return copy;
}

export function applyMutation(value: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'remove':
      return editAt(value, m.path, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]), () => undefined);
    case 'wrong-type':
      return editAt(value, m.path, (parent, key) => void (parent[key] = m.value), () => m.value);
    case 'overlong':
      return editAt(value, m.path, (parent, key) => void (parent[key] = 'x'.repeat(m.max + 1)), () => 'x'.repeat(m.max + 1));
    case 'extra-key': {
      const copy = structuredClone(value);
      (getAt(copy, m.path) as Record<string, unknown>)[m.key] = 'extra';
      return copy;
    }
  }
}

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** The longest string every schema node at `path` accepts, if they all have one (and it is small enough to exceed). */
function maxAt(schema: z.ZodType, path: JsonPath): number | undefined {
  const nodes = nodesAt(schema, path);
  const maxes = nodes.map(maxLengthOf);
  if (nodes.length === 0 || maxes.some((m) => m === undefined)) return undefined;
  const max = Math.max(...(maxes as number[]));
  return max < MAX_OVERLONG ? max : undefined;
}

/** Mutations a sample allows, by kind. */
function mutationsOf(schema: z.ZodType, sample: unknown, pick: { kind: number; at: number; junk: unknown; key: string }): Mutation {
  const paths = pathsOf(sample);
  const objectKeys = paths.filter((p) => typeof p[p.length - 1] === 'string');
  const strings = paths.flatMap((p) => {
    const max = typeof getAt(sample, p) === 'string' ? maxAt(schema, p) : undefined;
    return max === undefined ? [] : [{ path: p, max }];
  });
  const objects = paths.filter((p) => jsonType(getAt(sample, p)) === 'object');
  const kinds: Mutation['kind'][] = ['wrong-type', ...(objectKeys.length ? ['remove' as const] : []), ...(strings.length ? ['overlong' as const] : []), ...(objects.length ? ['extra-key' as const] : [])];
  const kind = kinds[pick.kind % kinds.length]!;
  if (kind === 'remove') return { kind, path: objectKeys[pick.at % objectKeys.length]! };
  if (kind === 'overlong') return { kind, ...strings[pick.at % strings.length]! };
  if (kind === 'extra-key') {
    const path = objects[pick.at % objects.length]!;
    const known = new Set([...Object.keys(getAt(sample, path) as object), ...nodesAt(schema, path).flatMap(shapeKeys)]);
    let key = pick.key;
    while (known.has(key)) key += '_';
    return { kind, path, key };
  }
  const path = paths[pick.at % paths.length]!;
  const value = jsonType(pick.junk) === jsonType(getAt(sample, path)) ? (typeof pick.junk === 'number' ? 'not a number' : 12345) : pick.junk;
  return { kind, path, value };
}

/** A valid sample of `schema` and the same sample with one mutation applied. */
export function mutatedInput(schema: z.ZodType): fc.Arbitrary<Mutated> {
  const pick = fc.record({ kind: fc.nat(), at: fc.nat(), junk, key: fc.constantFrom('zzExtra', 'isAdmin', 'role', 'id', 'createdAt', '__proto__x') });
  return fc.tuple(contractInput(schema), pick).map(([original, p]) => {
    const mutation = mutationsOf(schema, original, p);
    return { original, mutated: applyMutation(original, mutation), mutation };
  });
}
