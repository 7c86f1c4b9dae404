/**
 * lazySchema for the renderer's build (vite.config.ts resolves ./lazy-schema.js to this file there): the schema is
 * built when first used — parsed, read, extended, put through `instanceof` — instead of when the contract loads.
 * Building all of the contract's schemas took ≈ 90 ms of a screen's start; a screen now builds those it uses, when
 * it uses them (docs/performance.md, "Screens").
 *
 * The object handed out becomes the schema itself: on first use, zod's constructor of the built schema runs again on
 * it, with the same definition, the way zod clones a schema. From then on it is an ordinary schema — its own
 * methods, no indirection, one identity for zod's JSON Schema and registries. Until then its prototype is a trap
 * that does this on any property read, `in` or assignment. Another schema may hold it as a member
 * (`z.object({ visit: VisitView })`) without building it: zod reads members when it parses, not when it is made.
 * What `build` registered about its own result (`.meta()`, `.describe()`) would not carry over; the contract
 * registers nothing.
 */
interface Built {
  _zod: { constr: new (def: unknown) => unknown; def: unknown };
}

export function lazySchema<T extends object>(build: () => T): T {
  const schema = Object.create(null) as T;
  const become = () => {
    const built = build() as unknown as Built;
    Object.setPrototypeOf(schema, Object.getPrototypeOf(built));
    // zod's constructors are plain functions (`new` only supplies `this`): construct the schema in place.
    (built._zod.constr as unknown as (this: T, def: unknown) => void).call(schema, built._zod.def);
  };
  const trap = new Proxy(Object.create(null) as object, {
    get: (_target, key, receiver) => {
      become();
      return Reflect.get(schema, key, receiver);
    },
    has: (_target, key) => {
      become();
      return Reflect.has(schema, key);
    },
    set: (_target, key, value, receiver) => {
      become();
      return Reflect.set(schema, key, value, receiver);
    },
  });
  Object.setPrototypeOf(schema, trap);
  return schema;
}
