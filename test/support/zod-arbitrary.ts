/**
 * Valid inputs of a zod 4 schema as a fast-check arbitrary, derived from the schema's own definition, for the
 * contract's property tests (test/contract/). Covers what gateway/contract uses: objects (strip and loose), strings
 * with lengths, regexes, formats (datetime, date, uuid, email) and trim/case overwrites, numbers and ints with bounds
 * (and coercion), booleans, enums, literals, arrays, records, optional/nullable/default, unions, discriminated unions,
 * transforms and pipes.
 *
 * Refinements (`.refine`) cannot be derived. A refined node is generated from its unrefined definition and filtered by
 * the refinement alone: a candidate that the unrefined node refuses is kept, so a derivation bug still fails the
 * property instead of being filtered away. Refinements that random data almost never meets (a checksum, "exactly one
 * of") get a hand-written arbitrary through `overrides`.
 *
 * Also here: `nodesAt` (which schema nodes describe a path of an input) and `issuePaths` (every path a zod error
 * names, union branches included), used by the mutation properties.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** The part of zod 4's internal definition this module reads. */
interface Def {
  type: string;
  checks?: Check[];
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
  shape?: Record<string, Node>;
  catchall?: Node;
  element?: Node;
  innerType?: Node;
  options?: Node[];
  in?: Node;
  out?: Node;
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: Node;
  valueType?: Node;
}
interface CheckDef {
  check: string;
  value?: number;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  tx?: (value: unknown) => unknown;
}
interface Check {
  _zod: { def: CheckDef };
}
interface Node {
  _zod: { def: Def; optin?: 'optional' | 'defaulted' };
}

const nodeOf = (schema: z.ZodType | Node): Node => schema as unknown as Node;
const defOf = (schema: z.ZodType | Node): Def => nodeOf(schema)._zod.def;

/** A hand-written arbitrary, or one built on the derived arbitrary of the same (unrefined) node. */
export type Override = fc.Arbitrary<unknown> | { around: (derived: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown> };

export interface DeriveOptions {
  /** By schema identity: checked before derivation, at any depth. */
  overrides?: ReadonlyMap<z.ZodType, Override>;
  /** Longest string generated where the schema allows longer (default 60). */
  maxStringLength?: number;
  /** Most array items generated where the schema allows more (default 4). */
  maxItems?: number;
}

export class UnsupportedSchemaError extends Error {
  constructor(type: string, path: readonly (string | number)[]) {
    super(`cannot derive an arbitrary for zod type "${type}" at ${path.length ? path.join('.') : '(root)'}: extend test/support/zod-arbitrary.ts`);
  }
}

/** Arbitrary inputs that `schema` accepts, as JSON would carry them (no `undefined` values, no absent-vs-undefined). */
export function validInput(schema: z.ZodType, options: DeriveOptions = {}): fc.Arbitrary<unknown> {
  const cfg = { overrides: options.overrides ?? new Map(), maxString: options.maxStringLength ?? 60, maxItems: options.maxItems ?? 4 };
  return derive(nodeOf(schema), [], cfg);
}

type Cfg = { overrides: ReadonlyMap<z.ZodType, Override>; maxString: number; maxItems: number };

function derive(node: Node, path: (string | number)[], cfg: Cfg): fc.Arbitrary<unknown> {
  const override = cfg.overrides.get(node as unknown as z.ZodType);
  if (override && !('around' in override)) return override;
  const def = node._zod.def;
  const custom = (def.checks ?? []).filter((c) => c._zod.def.check === 'custom');
  let arb: fc.Arbitrary<unknown>;
  if (custom.length > 0 && def.type !== 'string') {
    // Derive the unrefined node, then keep candidates the refinements accept (or that fail the unrefined node).
    const unrefined = withoutCustomChecks(node);
    let base = deriveBare(nodeOf(unrefined), path, cfg);
    if (override) base = override.around(base);
    arb = base.filter((v) => !unrefined.safeParse(v).success || (node as unknown as z.ZodType).safeParse(v).success);
  } else {
    arb = deriveBare(node, path, cfg);
    if (override) arb = override.around(arb);
  }
  return arb;
}

function withoutCustomChecks(node: Node): z.ZodType {
  const def = node._zod.def;
  const clone = (node as unknown as { clone(def: Def): z.ZodType }).clone({ ...def, checks: (def.checks ?? []).filter((c) => c._zod.def.check !== 'custom') });
  return clone;
}

function deriveBare(node: Node, path: (string | number)[], cfg: Cfg): fc.Arbitrary<unknown> {
  const def = node._zod.def;
  switch (def.type) {
    case 'string':
      return stringArb(node, path, cfg);
    case 'number':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'unknown':
    case 'any':
      // Through JSON and back: JSON has no -0.
      return fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(derive(def.innerType!, path, cfg), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(derive(def.innerType!, path, cfg), { nil: null, freq: 4 });
    case 'readonly':
      return derive(def.innerType!, path, cfg);
    case 'union':
      return fc.oneof(...def.options!.map((o) => derive(o, path, cfg)));
    case 'pipe':
      // x.transform(f): any input of x. a.pipe(b) (b not a transform): b's inputs, which a must pass through unchanged.
      return defOf(def.out!).type === 'transform' ? derive(def.in!, path, cfg) : derive(def.out!, path, cfg);
    case 'array': {
      const { min, max } = lengths(def.checks);
      return fc.array(derive(def.element!, [...path, 0], cfg), { minLength: min, maxLength: Math.max(min, Math.min(max, cfg.maxItems)) });
    }
    case 'record':
      return fc.dictionary(derive(def.keyType!, [...path, '*'], cfg) as fc.Arbitrary<string>, derive(def.valueType!, [...path, '*'], cfg), { maxKeys: 3 });
    case 'object':
      return objectArb(def, path, cfg);
    default:
      throw new UnsupportedSchemaError(def.type, path);
  }
}

function objectArb(def: Def, path: (string | number)[], cfg: Cfg): fc.Arbitrary<unknown> {
  const shape = def.shape ?? {};
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  // Every key is generated: an optional key's arbitrary yields undefined (then dropped) so that a refinement of the
  // key's node also sees the key absent.
  for (const [key, child] of Object.entries(shape)) arbs[key] = derive(child, [...path, key], cfg);
  let arb: fc.Arbitrary<Record<string, unknown>> = fc.record(arbs);
  const catchall = def.catchall && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
  if (catchall) {
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in shape) && k !== '__proto__'), derive(catchall, [...path, '*'], cfg), { maxKeys: 3 });
    arb = fc.tuple(arb, extra).map(([known, more]) => ({ ...more, ...known }));
  }
  // JSON has no undefined: an optional key is absent, not undefined.
  return arb.map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

function lengths(checks: Check[] | undefined): { min: number; max: number } {
  let min = 0;
  let max = Number.MAX_SAFE_INTEGER;
  for (const c of checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') min = Math.max(min, d.minimum ?? 0);
    else if (d.check === 'max_length') max = Math.min(max, d.maximum ?? max);
    else if (d.check === 'length_equals') min = max = d.value ?? d.minimum ?? 0;
  }
  return { min, max };
}

/** What an overwrite check does, found by trying it (zod keeps only the function). */
function overwriteKind(c: CheckDef): 'trim' | 'upper' | 'lower' | 'other' {
  const tx = c.tx ?? ((v: unknown) => v);
  if (tx(' a ') === 'a') return 'trim';
  if (tx('aB') === 'AB') return 'upper';
  if (tx('aB') === 'ab') return 'lower';
  return 'other';
}

const TEXT_UNITS = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('ệ', 'Đ', 'ữ', 'ă', 'ơ', '中', '國', '人', '😀', '\u00a0') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

function stringArb(node: Node, path: (string | number)[], cfg: Cfg): fc.Arbitrary<unknown> {
  const def = node._zod.def;
  const checks = def.checks ?? [];
  const { min, max } = lengths(checks);
  const overwrites = checks.filter((c) => c._zod.def.check === 'overwrite').map((c) => overwriteKind(c._zod.def));
  if (overwrites.includes('other')) throw new UnsupportedSchemaError('string with an unknown overwrite', path);
  if (checks.some((c) => c._zod.def.check === 'custom')) throw new UnsupportedSchemaError('refined string (give an override)', path);
  const formatDefs = [def as unknown as CheckDef, ...checks.map((c) => c._zod.def)].filter((d) => d.check === 'string_format');
  const formats = [...new Map(formatDefs.map((d) => [`${d.format}:${String(d.pattern)}`, d])).values()];
  if (formats.length > 1) throw new UnsupportedSchemaError('string with two formats', path);
  const format = formats[0];
  const cap = Math.min(max, Math.max(min, cfg.maxString));

  let core: fc.Arbitrary<string>;
  if (!format) core = fc.string({ unit: TEXT_UNITS, minLength: min, maxLength: cap });
  else if (format.format === 'datetime') core = datetimeArb(format as CheckDef & { offset?: boolean; local?: boolean; precision?: number | null });
  else if (format.format === 'date') core = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (format.format === 'uuid') core = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }).chain((u) => fc.constantFrom(u, u.toUpperCase()));
  else if (format.pattern) core = fc.stringMatching(format.pattern, { maxLength: Math.max(cap, 12) });
  else throw new UnsupportedSchemaError(`string format ${format.format}`, path);

  // The core is what the checks see after the overwrites; undo them: pad what is trimmed, mix the case that is folded.
  let arb: fc.Arbitrary<string> = core;
  if (overwrites.includes('upper')) arb = arb.chain((s) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((low) => [...s].map((ch, i) => (low[i] ? ch.toLowerCase() : ch)).join('')));
  if (overwrites.includes('lower')) arb = arb.chain((s) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join('')));
  if (overwrites.includes('trim')) arb = fc.tuple(fc.constantFrom('', ' ', '\t', '  \n'), arb, fc.constantFrom('', ' ', '\r\n')).map(([a, s, b]) => a + s + b);
  // Length and pattern together (a regex allowing 40 characters under a max of 20) are checked on the leaf alone.
  const leaf = node as unknown as z.ZodType;
  return arb.filter((s) => leaf.safeParse(s).success);
}

function datetimeArb(format: { offset?: boolean; local?: boolean; precision?: number | null }): fc.Arbitrary<string> {
  const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true });
  const offsetMinutes = format.offset ? fc.oneof(fc.constant(0), fc.integer({ min: -12 * 60, max: 14 * 60 })) : fc.constant(0);
  const precision = format.precision === null || format.precision === undefined ? fc.integer({ min: 0, max: 6 }) : fc.constant(format.precision);
  return fc.tuple(instant, offsetMinutes, precision, fc.boolean()).map(([d, off, digits, zulu]) => {
    const local = new Date(d.getTime() + off * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
    const base = local.slice(0, 19) + (digits > 0 ? `.${(local.slice(20, 23) + '000').slice(0, digits)}` : '');
    if (off === 0 && zulu) return `${base}Z`;
    if (!format.offset) return `${base}Z`;
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off);
    return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  });
}

function numberArb(def: Def): fc.Arbitrary<unknown> {
  let min = -Number.MAX_VALUE;
  let max = Number.MAX_VALUE;
  let minExcluded = false;
  let maxExcluded = false;
  let int = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'number_format') {
      int = d.format === 'safeint' || d.format === 'int32' || d.format === 'uint32';
      if (int) {
        min = Math.max(min, d.format === 'safeint' ? Number.MIN_SAFE_INTEGER : d.format === 'int32' ? -(2 ** 31) : 0);
        max = Math.min(max, d.format === 'safeint' ? Number.MAX_SAFE_INTEGER : d.format === 'int32' ? 2 ** 31 - 1 : 2 ** 32 - 1);
      }
    } else if (d.check === 'greater_than' && d.value !== undefined && d.value >= min) {
      min = d.value;
      minExcluded = !d.inclusive;
    } else if (d.check === 'less_than' && d.value !== undefined && d.value <= max) {
      max = d.value;
      maxExcluded = !d.inclusive;
    } else if (d.check !== 'number_format') {
      throw new UnsupportedSchemaError(`number check ${d.check}`, []);
    }
  }
  const n: fc.Arbitrary<number> = int
    ? fc.integer({ min: Math.ceil(minExcluded ? min + 1 : min), max: Math.floor(maxExcluded ? max - 1 : max) })
    : fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
  // A coerced number also arrives as text (query strings, path parameters, CSV-ish forms).
  return def.coerce ? fc.oneof(n, n.map((x) => String(x))) : n;
}

// ─── Paths: schema nodes at a path of an input, and the paths an error names ───────────────────────────────────

/** The schema nodes that may describe `path` of an input (several under a union), wrappers unwrapped. */
export function nodesAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType[] {
  let current: Node[] = unwrap(nodeOf(schema));
  for (const key of path) {
    const next: Node[] = [];
    for (const node of current) {
      const def = node._zod.def;
      if (def.type === 'object') {
        const child = typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key) ? def.shape[key] : def.catchall;
        if (child) next.push(...unwrap(child));
      } else if (def.type === 'array' && typeof key === 'number') next.push(...unwrap(def.element!));
      else if (def.type === 'record') next.push(...unwrap(def.valueType!));
    }
    current = next;
  }
  return current as unknown as z.ZodType[];
}

function unwrap(node: Node): Node[] {
  const def = node._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return unwrap(def.innerType!);
    case 'pipe':
      return defOf(def.out!).type === 'transform' ? unwrap(def.in!) : [...unwrap(def.in!), ...unwrap(def.out!)];
    case 'union':
      return def.options!.flatMap(unwrap);
    default:
      return [node];
  }
}

/** The longest string a node accepts, if it is a string node with a maximum. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  const def = defOf(schema);
  if (def.type !== 'string') return undefined;
  const { max } = lengths(def.checks);
  return max === Number.MAX_SAFE_INTEGER ? undefined : max;
}

/** Does an object node drop (or refuse) keys it does not know, rather than pass them on? */
export function dropsUnknownKeys(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === 'object' && (!def.catchall || defOf(def.catchall).type === 'never');
}

/** The keys an object node knows (none for other nodes). */
export function shapeKeys(schema: z.ZodType): string[] {
  const def = defOf(schema);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

export function isObjectNode(schema: z.ZodType): boolean {
  return defOf(schema).type === 'object';
}

/** Every path a zod error names, the branches of failed unions included (prefixed by the union's own path). */
export function issuePaths(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  for (const issue of issues) {
    const at = [...prefix, ...issue.path];
    out.push(at);
    if (issue.code === 'invalid_union') for (const branch of issue.errors) out.push(...issuePaths(branch, at));
  }
  return out;
}
