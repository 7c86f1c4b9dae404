#!/usr/bin/env node
// Runs the FrontGate CLI: the compiled build when present, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = `${root}dist/gateway/cli.js`;
if (existsSync(built) && !process.env.FRONTGATE_FROM_SOURCE) {
  const { buildCli } = await import(pathToFileURL(built).href);
  await buildCli().parseAsync(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { buildCli } = await import(pathToFileURL(`${root}gateway/cli.ts`).href);
  await buildCli().parseAsync(process.argv);
}
