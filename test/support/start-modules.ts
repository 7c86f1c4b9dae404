/**
 * Child of test/gateway/startup.test.ts (`node --import tsx`): starts a gateway without MQTT, serial devices or
 * upstream, and prints which of the given packages are loaded after start and after the first GET /api/openapi.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway } from '../../gateway/app.js';
import { loadConfig } from '../../gateway/config.js';

const packages = process.argv.slice(2);
const loaded = () => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  return packages.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
};
const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-start-modules-'));
const config = loadConfig({ env: {}, overrides: { dataDir, port: 0, logLevel: 'silent', simulateDevices: false } });
const gateway = await startGateway(config, { logger: pino({ level: 'silent' }), listen: false });
const afterStart = loaded();
const openapi = await gateway.app.inject({ method: 'GET', url: '/api/openapi.json' });
const document = openapi.json() as { openapi?: string; paths?: Record<string, unknown> };
const afterOpenApi = loaded();
await gateway.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ afterStart, afterOpenApi, openapi: { status: openapi.statusCode, version: document.openapi, paths: Object.keys(document.paths ?? {}).length } }));
