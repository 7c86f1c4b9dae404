#!/usr/bin/env node
// `npm run test:faults`: the fault suite (test/faults, plus the kill -9 test in test/sync) with its long settings — 20,000 fuzz runs per parser property
// (FRONTGATE_FAULT_RUNS to change it), more backup-while-writing rounds. `npm test` runs the same files short.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', 'test/faults', 'test/sync/kill9.test.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FRONTGATE_FAULTS: 'full' },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
