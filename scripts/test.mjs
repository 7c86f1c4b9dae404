#!/usr/bin/env node
// The whole test suite: typecheck, lint, vitest (unit + integration on real SQLite files, ptys, a listening
// gateway) and Playwright in Debian's Chromium. Ends with one line "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureSystemPackages } from './system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}test-results`;
const args = new Set(process.argv.slice(2));
const only = ['--unit', '--e2e', '--checks'].find((a) => args.has(a));

ensureNodeModules(root);
ensureSystemPackages();
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const run = (label, command, commandArgs, env = {}) => {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
};
const check = (label, command, commandArgs) => {
  const status = run(label, command, commandArgs);
  if (status === 0) totals.passed++;
  else {
    totals.failed++;
    console.log(`✗ ${label} failed`);
  }
};

if (!only || only === '--checks') {
  check('typecheck (tsc --noEmit)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  check('lint (eslint)', 'npx', ['eslint', '.']);
}

if (!only || only === '--unit') {
  const out = `${results}/vitest.json`;
  rmSync(out, { force: true });
  const status = run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + suitesFailedWithoutTests(report);
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    totals.failed++;
    console.log(`✗ vitest did not report (exit ${status})`);
  }
}

if (!only || only === '--e2e') {
  const built = run('build the renderer (vite build)', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  const out = `${results}/playwright.json`;
  rmSync(out, { force: true });
  if (built !== 0) {
    totals.failed++;
    console.log('✗ renderer build failed; end-to-end tests not run');
  } else {
    const status = run('playwright (Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    if (existsSync(out)) {
      const { stats, errors } = JSON.parse(readFileSync(out, 'utf8'));
      totals.passed += stats.expected + stats.flaky;
      totals.failed += stats.unexpected + (errors?.length ?? 0);
      totals.skipped += stats.skipped;
    } else {
      totals.failed++;
      console.log(`✗ playwright did not report (exit ${status})`);
    }
  }
}

/** A test file that failed without any failed test (an import error, a failing hook) counts as one failure. */
function suitesFailedWithoutTests(report) {
  return (report.testResults ?? []).filter((suite) => suite.status === 'failed' && !suite.assertionResults.some((t) => t.status === 'failed')).length;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
