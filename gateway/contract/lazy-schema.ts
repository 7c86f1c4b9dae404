/**
 * How the contract defines a schema: `export const VisitView = lazySchema(() => z.object({ … }))`.
 *
 * Here — the gateway, the CLI, the tests — the schema is built at once and is the very object the function returns:
 * the gateway registers every route, and publishes OpenAPI, from all of them at start anyway. The renderer's build
 * uses lazy-schema.browser.ts instead (vite.config.ts), which builds each schema when it is first used, so that a
 * screen does not build the whole contract before it can show anything (docs/performance.md, "Screens").
 */
export function lazySchema<T extends object>(build: () => T): T {
  return build();
}
