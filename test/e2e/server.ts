/**
 * The gateway Playwright tests run against: a real gateway on a fresh SQLite data directory, serving the built
 * renderer (dist/renderer), with two seeded staff accounts. Run by playwright.config.ts's webServer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from '../../gateway/app.js';
import { systemClock } from '../../gateway/clock.js';
import { loadConfig } from '../../gateway/config.js';
import { EventBus } from '../../gateway/events.js';
import { createUser } from '../../gateway/services/staff.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4899' } } });
const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-e2e-'));
const root = join(import.meta.dirname, '../..');
const config = loadConfig({
  env: {},
  cwd: root,
  overrides: { dataDir, port: values.port, logLevel: 'warn', defaultLocale: 'en', siteName: 'Tòa nhà Sông Hồng', rendererDir: process.env.FRONTGATE_E2E_RENDERER_DIR ?? 'dist/renderer', authRateLimitPerMinute: 1000 },
});
const gateway = await startGateway(config);

const seed = { db: gateway.db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null } };
const actor = { userId: null, username: 'e2e-seed', stationId: null, stationName: null };
await createUser({ ...seed, actor }, { username: 'admin', displayName: 'Admin', role: 'admin', grants: [], password: 'correct-horse-1', locale: 'en' });
await createUser({ ...seed, actor }, { username: 'le.tan', displayName: 'Lê Tân', role: 'receptionist', grants: [], password: 'correct-horse-2', locale: 'en' });
console.log(`e2e gateway at ${gateway.url} (data ${dataDir})`);

const stop = () => {
  gateway.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
