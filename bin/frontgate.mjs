#!/usr/bin/env node
// The FrontGate CLI. A packaged install ships only dist/ and runs the compiled build. A source checkout runs the
// compiled build too when `npm run build` made it after the last change to the gateway's sources, and otherwise runs
// the TypeScript sources through tsx (never a stale build). The build starts in a fraction of the time and memory:
// tsx adds a loader thread and a round trip to it for every module (docs/performance.md, "Visitors and start-up").
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}gateway/cli.ts`;
const built = `${root}dist/gateway/cli.js`;

/** Whether a TypeScript source of the gateway (gateway/, db/, drivers/: what dist/gateway/cli.js is built from) changed after `time`. */
function changedSince(time) {
  for (const dir of ['gateway', 'db', 'drivers']) {
    if (!existsSync(`${root}${dir}`)) continue;
    for (const file of readdirSync(`${root}${dir}`, { recursive: true })) {
      if (String(file).endsWith('.ts') && statSync(`${root}${dir}/${file}`).mtimeMs > time) return true;
    }
  }
  return false;
}

let entry = built;
if (existsSync(source) && (!existsSync(built) || changedSince(statSync(built).mtimeMs))) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { buildCli } = await import(pathToFileURL(entry).href);
await buildCli().parseAsync(process.argv);
