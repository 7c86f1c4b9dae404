/**
 * Dead letters on the Sync screen, against a central office of its own: the events it refuses are listed with its
 * code and reason; "Re-send" puts one back into the queue (delivered once the office accepts), "Discard" asks for a
 * reason and the event is never sent. The gateway is this spec's own (a fresh data directory), so its outbox holds
 * only the events made here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import pino from 'pino';
import { startGateway, type Gateway } from '../../gateway/app.js';
import { systemClock } from '../../gateway/clock.js';
import { loadConfig } from '../../gateway/config.js';
import { EventBus } from '../../gateway/events.js';
import { createUser } from '../../gateway/services/staff.js';
import { en } from '../../renderer/src/i18n/en.js';
import { signIn } from './helpers.js';

const ADMIN = { username: 'admin', password: 'correct-horse-sync-1' };
const REFUSAL = { code: 'unknown_site', reason: 'This site is not registered at the central office yet' };

/** A central office that refuses every event until `accepting`, then stores what it accepts (by id). */
function centralOffice() {
  const office = { accepting: false, stored: new Map<string, { type: string; aggregateId: string }>() };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v1/events') {
        const { events } = JSON.parse(body) as { events: { id: string; type: string; aggregate: { id: string } }[] };
        if (office.accepting) {
          for (const e of events) office.stored.set(e.id, { type: e.type, aggregateId: e.aggregate.id });
          res.end(JSON.stringify({ accepted: events.map((e) => e.id), rejected: [] }));
        } else res.end(JSON.stringify({ accepted: [], rejected: events.map((e) => ({ id: e.id, ...REFUSAL })) }));
      } else if (req.method === 'GET' && req.url?.startsWith('/v1/commands')) {
        res.end(JSON.stringify({ commands: [], cursor: null }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  return { office, server };
}

let gateway: Gateway;
let office: ReturnType<typeof centralOffice>['office'];
let server: Server;
let dataDir: string;

test.beforeAll(async () => {
  ({ office, server } = centralOffice());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dataDir = mkdtempSync(join(tmpdir(), 'frontgate-e2e-sync-'));
  const config = loadConfig({
    env: {},
    cwd: join(import.meta.dirname, '../..'),
    overrides: {
      dataDir,
      port: 0,
      logLevel: 'silent',
      defaultLocale: 'en',
      rendererDir: process.env.FRONTGATE_E2E_RENDERER_DIR ?? 'dist/renderer',
      authRateLimitPerMinute: 1000,
      upstreamUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      upstreamToken: 'e2e-sync-token',
    },
  });
  gateway = await startGateway(config, { logger: pino({ level: 'silent' }), backupStartDelayMs: 3_600_000 });
  await createUser(
    { db: gateway.db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous', station: null }, actor: { userId: null, username: 'e2e-seed', stationId: null, stationName: null } },
    { username: ADMIN.username, displayName: 'Admin', role: 'admin', grants: [], password: ADMIN.password, locale: 'en' },
  );
});

test.afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('refused events are dead letters: re-sent once the central office accepts, or discarded with a reason and never sent', async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: gateway.url });
  expect((await api.post('/api/auth/login', { data: ADMIN })).status()).toBe(200);
  // Two changes, two aggregates, two events the central office refuses.
  const first = (await (await api.post('/api/watchlist', { data: { fullName: 'Trần Văn Cấm', reason: 'Gây rối' } })).json()) as { id: number };
  const second = (await (await api.post('/api/watchlist', { data: { fullName: 'Lý Thị Chặn', reason: 'Trộm cắp' } })).json()) as { id: number };

  const context = await browser.newContext({ baseURL: gateway.url });
  const page = await context.newPage();
  await signIn(page, ADMIN, '/sync');
  const rows = page.getByTestId('sync-dead-row');
  await expect(rows).toHaveCount(2, { timeout: 20_000 });
  await expect(rows.first()).toContainText(REFUSAL.code);
  await expect(rows.first()).toContainText(REFUSAL.reason);
  // The "about" cell names the aggregate: "<aggregate type> <id>".
  const letters = (await (await api.get('/api/sync/dead-letters')).json()) as { items: { aggregateType: string; aggregateId: string }[] };
  const aggregateType = letters.items[0]!.aggregateType;
  const rowOf = (id: number) => rows.filter({ has: page.getByRole('cell', { name: `${aggregateType} ${id}`, exact: true }) });
  await expect(rowOf(first.id)).toHaveCount(1);
  await expect(rowOf(second.id)).toHaveCount(1);
  expect(office.stored.size).toBe(0);

  // The office fixed its side: the first one is re-sent and delivered, and leaves the list.
  office.accepting = true;
  await rowOf(first.id).getByTestId('sync-dead-resend').click();
  await expect(rows).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => [...office.stored.values()].map((e) => e.aggregateId), { timeout: 20_000 }).toEqual([String(first.id)]);

  // The second must never be sent: discarding asks for a reason first.
  await rowOf(second.id).getByTestId('sync-dead-discard').click();
  const confirm = page.getByTestId('sync-discard-confirm');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('sync-discard-reason').fill('Entered by mistake; removed at the central office by hand');
  await confirm.click();
  await expect(page.getByTestId('sync-dead-empty')).toHaveText(en.sync.dead.empty, { timeout: 20_000 });

  // Nothing more reaches the office: the discarded event stays unsent, and the discard is in the audit log.
  const status = (await (await api.get('/api/sync/status')).json()) as { deadLetters: number };
  expect(status.deadLetters).toBe(0);
  expect([...office.stored.values()].map((e) => e.aggregateId)).toEqual([String(first.id)]);
  const audit = (await (await api.get('/api/audit?entity=outbox&action=sync.dead_letter.discard')).json()) as { items: { action: string }[] };
  expect(audit.items).toHaveLength(1);
  await context.close();
  await api.dispose();
});
