/**
 * The renderer's contract builds each schema on first use (gateway/contract/lazy-schema.browser.ts, swapped in by
 * vite.config.ts); the gateway's builds them at once. These tests hold the two to the same behaviour:
 *
 *   lazySchema:  nothing is built before first use; after it, the object is an ordinary zod schema (instanceof, its own
 *                methods, one identity); a schema that holds a lazy one as a member does not build it until it parses.
 *   contract:    the whole contract loaded the renderer's way publishes the same JSON Schema for every export and every
 *                endpoint slot, and parses valid samples and junk exactly as the gateway's does.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import * as gatewayContract from '../../gateway/contract/index.js';
import { lazySchema as onFirstUse } from '../../gateway/contract/lazy-schema.browser.js';
import { contractInput } from '../support/contract-arbitraries.js';

type Contract = typeof gatewayContract;

/** The contract loaded again, the renderer's way (the samples' overrides stay keyed to the gateway's schemas). */
async function loadRendererContract(): Promise<Contract> {
  vi.resetModules();
  vi.doMock('../../gateway/contract/lazy-schema.js', () => import('../../gateway/contract/lazy-schema.browser.js'));
  try {
    return await import('../../gateway/contract/index.js');
  } finally {
    vi.doUnmock('../../gateway/contract/lazy-schema.js');
    vi.resetModules();
  }
}

const isSchema = (value: unknown): value is z.ZodType => value instanceof z.ZodType;
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', cycles: 'ref', reused: 'inline' });

/** Every schema of the contract by name: its exports, then each endpoint's params, query, body and response. */
function schemasOf(contract: Contract): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>();
  for (const [name, value] of Object.entries(contract)) if (isSchema(value)) out.set(name, value);
  for (const [name, endpoint] of Object.entries(contract.endpoints)) {
    for (const slot of ['params', 'query', 'body', 'response'] as const) {
      const schema = (endpoint as Record<string, unknown>)[slot];
      if (isSchema(schema)) out.set(`${name}.${slot}`, schema);
    }
  }
  return out;
}

/** A parse result reduced to what callers see: the value, or the issues' codes and paths. */
function outcome(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: result.error.issues.map((i) => ({ code: i.code, path: i.path })) };
}

describe('lazySchema (renderer build)', () => {
  it('does not build a schema before it is used, and builds it once', () => {
    const build = vi.fn(() => z.object({ name: z.string().min(2) }));
    const schema = onFirstUse(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema.parse({ name: 'An' })).toEqual({ name: 'An' });
    expect(schema.safeParse({ name: 'A' }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('becomes an ordinary zod schema: instanceof, its own methods, the same identity', () => {
    const schema = onFirstUse(() => z.object({ id: z.number().int(), note: z.string().optional() }));
    expect(schema instanceof z.ZodObject).toBe(true);
    const extended = schema.extend({ extra: z.boolean() });
    expect(extended.parse({ id: 1, extra: true })).toEqual({ id: 1, extra: true });
    expect(Object.keys(schema.shape)).toEqual(['id', 'note']);
    expect(schema.pick({ id: true }).safeParse({ id: 'x' }).success).toBe(false);
    // After first use the object itself is the schema: no wrapper left in between.
    expect(Object.getPrototypeOf(schema)).toBe(Object.getPrototypeOf(z.object({})));
    const holder = z.object({ inner: schema });
    expect(holder.shape.inner).toBe(schema);
  });

  it('is not built when another schema takes it as a member, only when that one parses', () => {
    const build = vi.fn(() => z.enum(['vi', 'zh', 'en']));
    const locale = onFirstUse(build);
    const settings = z.object({ locale, fallback: z.array(locale).optional() });
    expect(build).not.toHaveBeenCalled();
    expect(settings.parse({ locale: 'vi', fallback: ['zh'] })).toEqual({ locale: 'vi', fallback: ['zh'] });
    expect(settings.safeParse({ locale: 'fr' }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps transforms, defaults and refinements of the built schema', () => {
    const email = onFirstUse(() => z.email().max(200).nullish().or(z.literal('')).transform((v) => (v ? v.toLowerCase() : null)));
    expect(email.parse('A@B.VN')).toBe('a@b.vn');
    expect(email.parse('')).toBeNull();
    expect(email.safeParse('not-an-email').success).toBe(false);
    const paging = onFirstUse(() => z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }));
    expect(paging.parse({})).toEqual({ limit: 50 });
    expect(paging.parse({ limit: '20' })).toEqual({ limit: 20 });
  });
});

describe('the contract built on first use (renderer) against built at once (gateway)', async () => {
  const eager = schemasOf(gatewayContract);
  const rendererContract = await loadRendererContract();
  // Before anything reads it, a renderer schema is still the empty object over the trap (whose target has no prototype).
  const unbuiltAtLoad = Object.getPrototypeOf(Object.getPrototypeOf(rendererContract.VisitView)) === null;
  const lazy = schemasOf(rendererContract);

  it('has the same schemas, and the renderer\'s are lazy ones', () => {
    expect([...lazy.keys()].sort()).toEqual([...eager.keys()].sort());
    expect(eager.size).toBeGreaterThan(100);
    // Loaded the renderer's way, the schemas were not built when the contract loaded (the swap took effect).
    expect(unbuiltAtLoad).toBe(true);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(gatewayContract.VisitView))).not.toBeNull();
    expect(lazy.get('VisitView')).not.toBe(eager.get('VisitView'));
  });

  it('publishes the same JSON Schema for every schema, input and output', () => {
    for (const [name, schema] of eager) {
      const other = lazy.get(name)!;
      for (const io of ['input', 'output'] as const) expect({ name, io, json: jsonSchema(other, io) }).toEqual({ name, io, json: jsonSchema(schema, io) });
    }
  });

  it('parses valid samples of every endpoint input exactly as the gateway does', () => {
    for (const [name, schema] of eager) {
      if (!/\.(params|query|body)$/.test(name)) continue;
      const other = lazy.get(name)!;
      fc.assert(
        fc.property(contractInput(schema), (input) => {
          expect(outcome(other, input)).toEqual(outcome(schema, input));
        }),
        { numRuns: 15, seed: 7 },
      );
    }
  });

  it('refuses junk exactly as the gateway does, with the same issues', () => {
    const names = [...eager.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.jsonValue({ maxDepth: 3 }), (name, junk) => {
        expect(outcome(lazy.get(name)!, junk)).toEqual(outcome(eager.get(name)!, junk));
      }),
      { numRuns: 600, seed: 11 },
    );
  });
});
