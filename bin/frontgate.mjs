#!/usr/bin/env node
// The FrontGate CLI. In a source checkout it runs the TypeScript sources through tsx (never a stale build);
// in a packaged install, which ships only dist/, it runs the compiled build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}gateway/cli.ts`;
let entry = `${root}dist/gateway/cli.js`;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { buildCli } = await import(pathToFileURL(entry).href);
await buildCli().parseAsync(process.argv);
