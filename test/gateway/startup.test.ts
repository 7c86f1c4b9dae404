/**
 * What start-up leaves out and how it is set up (docs/performance.md, "Visitors and start-up"): the CLI runs the
 * compiled build when it is current, modules that serving the API does not need are loaded when first used, the
 * database connection's memory settings, and a sign-in check for unknown usernames that costs nothing at start.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_CACHE_KIB, closeDatabase, openDatabase } from '../../db/connection.js';
import { UNMATCHABLE_HASH, hashPassword, verifyPassword } from '../../gateway/auth/secrets.js';

const root = join(import.meta.dirname, '../..');
const run = promisify(execFile);
const temps: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `frontgate-startup-${label}-`));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('bin/frontgate.mjs', () => {
  // An install with the real launcher, whose two entries only say which one ran.
  const install = tempDir('bin');
  const write = (path: string, text: string, mtimeSeconds: number) => {
    mkdirSync(dirname(join(install, path)), { recursive: true });
    writeFileSync(join(install, path), text);
    utimesSync(join(install, path), mtimeSeconds, mtimeSeconds);
  };
  const entry = (which: string) => `export function buildCli() { return { parseAsync: async () => console.log('${which}') }; }\n`;
  mkdirSync(join(install, 'bin'));
  copyFileSync(join(root, 'bin', 'frontgate.mjs'), join(install, 'bin', 'frontgate.mjs'));
  symlinkSync(join(root, 'node_modules'), join(install, 'node_modules'));
  writeFileSync(join(install, 'package.json'), '{ "type": "module" }\n');
  const T = 1_800_000_000;
  write('gateway/cli.ts', entry('source'), T);
  write('db/connection.ts', 'export {};\n', T);
  write('drivers/index.ts', 'export {};\n', T);
  const ran = async () => (await run(process.execPath, ['bin/frontgate.mjs'], { cwd: install })).stdout.trim();

  it('runs the sources through tsx without a build, the build once it is newer than every source, the sources again after a change', async () => {
    expect(await ran()).toBe('source');
    write('dist/gateway/cli.js', entry('build'), T + 10);
    expect(await ran()).toBe('build');
    write('drivers/index.ts', 'export {};\n', T + 20);
    expect(await ran()).toBe('source');
    write('dist/gateway/cli.js', entry('build'), T + 30);
    expect(await ran()).toBe('build');
  }, 60_000);

  it('runs the build of a packaged install, which has no sources', async () => {
    rmSync(join(install, 'gateway'), { recursive: true });
    write('dist/gateway/cli.js', entry('build'), T);
    expect(await ran()).toBe('build');
  });
});

describe('gateway start', () => {
  it('loads neither MQTT, serial ports, Ajv nor the OpenAPI generator without a use for them; GET /api/openapi.json loads the generator', async () => {
    const lazy = ['mqtt', 'serialport', '@serialport/bindings-cpp', '@fastify/ajv-compiler', 'ajv', '@fastify/fast-json-stringify-compiler', '@fastify/swagger', 'yaml'];
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/support/start-modules.ts', ...lazy], { cwd: root });
    const result = JSON.parse(stdout) as { afterStart: string[]; afterOpenApi: string[]; openapi: { status: number; version: string; paths: number } };
    expect(result.afterStart).toEqual([]);
    expect(result.afterOpenApi).toContain('@fastify/swagger');
    expect(result.openapi).toMatchObject({ status: 200, version: '3.1.0' });
    expect(result.openapi.paths).toBeGreaterThan(50);
  }, 60_000);

  it('gives a read-write connection an 8 MiB page cache and no memory map', () => {
    const db = openDatabase(join(tempDir('db'), 'frontgate.db'));
    try {
      expect(PAGE_CACHE_KIB).toBe(8192);
      expect(db.sqlite.pragma('cache_size', { simple: true })).toBe(-8192);
      expect(db.sqlite.pragma('mmap_size', { simple: true })).toBe(0);
    } finally {
      closeDatabase(db);
    }
  });

  it('checks the password of an unknown username against a hash with the current parameters that nothing matches', async () => {
    const parameters = (hash: string) => hash.split('$').slice(0, 4).join('$');
    expect(parameters(UNMATCHABLE_HASH)).toBe(parameters(await hashPassword('correct-horse-battery')));
    expect(await verifyPassword('correct-horse-battery', UNMATCHABLE_HASH)).toBe(false);
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false);
  });
});
