/**
 * Support for the "entered text can never execute" specs (staff-xss*.spec.ts): hostile strings, a page guard that
 * records dialogs, the DOM scan that finds anything injected, and a gateway of their own (a fresh SQLite data
 * directory, serving dist/renderer, in demo device mode, syncing to a fake central office that refuses every event
 * with a hostile code and reason), so that the hostile data seeded here shows up in no other spec's lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect as baseExpect, type APIRequestContext, type BrowserContextOptions, type Page } from '@playwright/test';
import pino from 'pino';
import { startGateway, type Gateway } from '../../gateway/app.js';
import { systemClock } from '../../gateway/clock.js';
import { loadConfig } from '../../gateway/config.js';
import { EventBus } from '../../gateway/events.js';
import { createUser } from '../../gateway/services/staff.js';

/** The 2-core test machine is shared: pages of lazily loaded screens may take a while to render. */
export const expect = baseExpect.configure({ timeout: 20_000 });

/**
 * Each sets window.__xss (and opens a dialog) if it ever runs. The specs run with CSP bypassed, so that an escaping
 * bug cannot hide behind the Content-Security-Policy (which would block inline handlers on its own).
 */
export const HOSTILE = {
  img: `<img src=x onerror="window.__xss=1;alert(1)">`,
  svg: `"><svg onload="window.__xss=2;alert(2)"></svg>`,
  script: `<script>window.__xss=3;alert(3)</script>`,
  js: `javascript:window.__xss=4;alert(4)`,
  /** Right-to-left override and zero-width characters: kept and shown as they are. */
  bidi: `\u202Eexe.txt\u200B\u200D`,
  /** Short enough for 20- and 40-character fields. */
  shortImg: `<img src=x onerror=window.__xss=5>`,
  shortTag: `<b>0312</b>`,
} as const;

export const XSS_PASSWORD = 'correct-horse-xss-1';
/** The fake central office's answer to every event. */
export const UPSTREAM_CODE = `<img src=x onerror="window.__xss=7">`;
export const UPSTREAM_REASON = `${HOSTILE.script} ${HOSTILE.svg} refused`;
export const UPSTREAM_COMMAND_ERROR = `${HOSTILE.img} commands down`;

export interface DialogGuard {
  dialogs: string[];
}

/** Records (and dismisses) every dialog the page opens: an alert() from injected code would land here. */
export function guardDialogs(page: Page): DialogGuard {
  const guard: DialogGuard = { dialogs: [] };
  page.on('dialog', (dialog) => {
    guard.dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  return guard;
}

/** What in the live DOM could only come from data that became markup: inline handlers, script URLs, inline scripts. */
function scanForInjection(): { xss: unknown; injected: string[] } {
  const injected: string[] = [];
  const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcdoc']);
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) injected.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}">`);
      if (urlAttributes.has(name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(attr.value)) injected.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}">`);
    }
  }
  for (const script of Array.from(document.querySelectorAll('script'))) if (!script.src) injected.push(`inline <script>: ${script.textContent ?? ''}`);
  for (const el of Array.from(document.querySelectorAll('img[src="x"], iframe, object, embed, base'))) injected.push(`<${el.tagName.toLowerCase()}>`);
  return { xss: (window as unknown as { __xss?: unknown }).__xss ?? null, injected };
}

/**
 * The page shows `visible` (some hostile text, as text), no injected script ran (no sentinel, no dialog) and nothing
 * injected exists in the DOM.
 */
export async function expectInert(page: Page, guard: DialogGuard, ...visible: string[]): Promise<void> {
  for (const text of visible) await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
  expect(await page.evaluate(scanForInjection), page.url()).toEqual({ xss: null, injected: [] });
  expect(guard.dialogs, page.url()).toEqual([]);
}

/** A fake central office: refuses every event with a hostile code and reason; its command feed fails with a hostile message. */
async function startRefusingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v1/events') {
        const batch = JSON.parse(body) as { events: { id: string }[] };
        res.end(JSON.stringify({ accepted: [], rejected: batch.events.map((e) => ({ id: e.id, code: UPSTREAM_CODE, reason: UPSTREAM_REASON })) }));
      } else {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: 'down', message: UPSTREAM_COMMAND_ERROR } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface XssGateway {
  gateway: Gateway;
  url: string;
  stop(): Promise<void>;
}

/** A gateway of its own with one admin (`admin` / XSS_PASSWORD), whose upstream refuses everything. */
export async function startXssGateway(): Promise<XssGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-e2e-xss-'));
  const upstream = await startRefusingUpstream();
  const config = loadConfig({
    env: {},
    cwd: join(import.meta.dirname, '../..'),
    overrides: {
      dataDir,
      port: 0,
      logLevel: 'silent',
      defaultLocale: 'en',
      siteName: 'Tòa nhà Sông Hồng',
      rendererDir: process.env.FRONTGATE_E2E_RENDERER_DIR ?? 'dist/renderer',
      authRateLimitPerMinute: 1000,
      kioskRateLimitPerMinute: 10_000,
      upstreamUrl: upstream.url,
      upstreamToken: 'xss-upstream-token',
    },
  });
  const gateway = await startGateway(config, { logger: pino({ level: 'silent' }), backupStartDelayMs: 3_600_000 });
  const actor = { userId: null, username: 'e2e-seed', stationId: null, stationName: null };
  await createUser(
    { db: gateway.db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous', station: null }, actor },
    { username: 'admin', displayName: 'Admin', role: 'admin', grants: [], password: XSS_PASSWORD, locale: 'en' },
  );
  return {
    gateway,
    url: gateway.url,
    async stop() {
      await gateway.close();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every hostile value the seed stores, by where it goes. Lengths fit each field's limit. */
export const TEXT = {
  site: `${HOSTILE.img} Tòa Sông Hồng ${HOSTILE.bidi}`,
  staffName: `${HOSTILE.svg} Quản trị`,
  unitBuilding: HOSTILE.shortImg,
  unitNote: `${HOSTILE.script} ghi chú căn hộ`,
  company: `${HOSTILE.svg} Công ty Sao Mai`,
  companyTaxCode: HOSTILE.shortTag,
  person: `${HOSTILE.img} Nguyễn Văn Đức ${HOSTILE.bidi}`,
  department: `${HOSTILE.script} Kỹ thuật`,
  personNote: HOSTILE.js,
  zone: `${HOSTILE.svg} Tầng 7`,
  schedule: `${HOSTILE.script} Giờ hành chính`,
  holiday: `${HOSTILE.img} Tết`,
  group: `${HOSTILE.img} Nhóm cư dân`,
  groupDescription: `${HOSTILE.js} mô tả`,
  reader: `${HOSTILE.svg} Cửa sảnh`,
  controller: `${HOSTILE.script} Bộ điều khiển`,
  printedNumber: HOSTILE.shortImg,
  activateReason: `${HOSTILE.img} cấp thẻ`,
  suspendReason: `${HOSTILE.script} tạm khóa`,
  watchName: `${HOSTILE.img} Người bị chặn`,
  watchReason: `${HOSTILE.script} lý do chặn`,
  station: `${HOSTILE.svg} Quầy kiosk`,
  rulesLine: `${HOSTILE.img} Nội quy tòa nhà`,
  expectedName: `${HOSTILE.img} Khách hẹn trước`,
  expectedCompany: `${HOSTILE.svg} Nhà thầu`,
  expectedNote: HOSTILE.js,
} as const;

/** The signed-in user of the browser tests: an admin whose display name is hostile (in every screen's header). */
export const HOSTILE_ADMIN = { username: 'xss.admin', password: XSS_PASSWORD } as const;
export const CARD_ACTIVE = 'AA00112233';
export const CARD_STOCK = 'BB00112233';
export const READER_ID = 'xss-door';

export interface Seeded {
  url: string;
  unitId: number;
  companyId: number;
  personId: number;
  zoneId: number;
  groupId: number;
  cardActiveId: number;
  cardStockId: number;
  expectedVisitId: number;
  controllerToken: string;
  kioskToken: string;
  /** What the API refused by validation: path → status and error code. */
  refused: Record<string, { status: number; code: string }>;
  /** The browser state of the hostile-named admin, signed in once (each sign-in costs a password hash). */
  hostileAdmin: Exclude<BrowserContextOptions['storageState'], string | undefined>;
}

/** POSTs/PUTs through the real API and returns the JSON, failing with the body unless the status is 2xx. */
async function call<T>(api: APIRequestContext, method: 'POST' | 'PUT', path: string, data: unknown, headers?: Record<string, string>): Promise<T> {
  const response = await api.fetch(path, { method, data, ...(headers && { headers }) });
  if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

async function refusedBy(api: APIRequestContext, method: 'POST' | 'PUT', path: string, data: unknown) {
  const response = await api.fetch(path, { method, data });
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: response.status(), code: body.error?.code ?? '' };
}

type WithId = { id: number };

/** Seeds hostile text into every kind of record a staff screen shows, as the seeded admin, over HTTP. */
export async function seedHostileData(api: APIRequestContext, url: string, signIn: () => Promise<APIRequestContext>): Promise<Seeded> {
  expect((await api.post('/api/auth/login', { data: { username: 'admin', password: XSS_PASSWORD } })).status()).toBe(200);
  // Codes and identifiers have strict formats: markup is refused there, with a translatable validation error.
  const refused = {
    unitCode: await refusedBy(api, 'POST', '/api/units', { code: '<script>', kind: 'apartment', floor: 1 }),
    zoneCode: await refusedBy(api, 'POST', '/api/access/zones', { code: '<img src=x>', name: 'x', kind: 'door' }),
    readerId: await refusedBy(api, 'PUT', `/api/access/readers/${encodeURIComponent('<svg>')}`, { id: '<svg>', name: 'x', zoneId: 1 }),
    cardUid: await refusedBy(api, 'POST', '/api/cards', { uid: '<script>alert(1)</script>', technology: 'em4100' }),
    username: await refusedBy(api, 'POST', '/api/users', { username: '<img src=x onerror=alert(1)>', displayName: 'x', role: 'admin', password: XSS_PASSWORD }),
    phone: await refusedBy(api, 'POST', '/api/people', { kind: 'resident', fullName: 'x', phone: 'javascript:alert(1)' }),
    email: await refusedBy(api, 'POST', '/api/people', { kind: 'resident', fullName: 'x', email: '"><svg onload=alert(1)>@example.vn' }),
    deviceId: await refusedBy(api, 'POST', '/api/devices', { id: '<script>', name: 'x', driver: 'serial-scanner', role: 'scanner', portPath: '/dev/null' }),
  };

  await call(api, 'PUT', '/api/site', { name: TEXT.site, timezone: 'Asia/Ho_Chi_Minh', defaultLocale: 'en' });
  await call(api, 'POST', '/api/users', { username: HOSTILE_ADMIN.username, displayName: TEXT.staffName, role: 'admin', password: HOSTILE_ADMIN.password, locale: 'en' });
  const hostileAdmin = await signIn();
  const unit = await call<WithId>(api, 'POST', '/api/units', { code: 'XSS-701', kind: 'apartment', building: TEXT.unitBuilding, floor: 7, note: TEXT.unitNote });
  const company = await call<WithId>(api, 'POST', '/api/companies', { name: TEXT.company, taxCode: TEXT.companyTaxCode, unitId: unit.id, note: HOSTILE.js });
  const person = await call<WithId>(api, 'POST', '/api/people', {
    kind: 'resident',
    fullName: TEXT.person,
    phone: '+84 912 000 111',
    email: 'duc.xss@example.vn',
    companyId: company.id,
    department: TEXT.department,
    units: [{ unitId: unit.id, relation: 'owner' }],
    note: TEXT.personNote,
  });
  const zone = await call<WithId>(api, 'POST', '/api/access/zones', { code: 'XSS-F7', name: TEXT.zone, kind: 'floor', floor: 7 });
  const schedule = await call<WithId>(api, 'POST', '/api/access/schedules', { name: TEXT.schedule, intervals: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' })) });
  await call(api, 'PUT', '/api/access/holidays/2027-02-06', { date: '2027-02-06', name: TEXT.holiday });
  const group = await call<WithId>(api, 'POST', '/api/access/groups', { name: TEXT.group, description: TEXT.groupDescription, rules: [{ zoneId: zone.id, scheduleId: schedule.id }] });
  await call(api, 'PUT', `/api/access/readers/${READER_ID}`, { id: READER_ID, name: TEXT.reader, zoneId: zone.id, direction: 'in' });
  const controller = await call<{ token: string }>(api, 'POST', '/api/access/controllers', { name: TEXT.controller });

  const cardActive = await call<WithId>(api, 'POST', '/api/cards', { uid: CARD_ACTIVE, technology: 'em4100', printedNumber: TEXT.printedNumber });
  await call(api, 'POST', `/api/cards/${cardActive.id}/activate`, { holderKind: 'resident', personId: person.id, unitId: unit.id, accessGroupIds: [group.id], reason: TEXT.activateReason });
  await call(api, 'POST', `/api/cards/${cardActive.id}/status`, { action: 'suspend', reason: TEXT.suspendReason });
  await call(api, 'POST', `/api/cards/${cardActive.id}/status`, { action: 'resume', reason: TEXT.suspendReason });
  const cardStock = await call<WithId>(api, 'POST', '/api/cards', { uid: CARD_STOCK, technology: 'em4100', printedNumber: HOSTILE.shortTag });

  await call(api, 'POST', '/api/watchlist', { fullName: TEXT.watchName, reason: TEXT.watchReason });
  const kiosk = await call<{ code: string }>(api, 'POST', '/api/stations', { name: TEXT.station, kind: 'kiosk' });
  const paired = await call<{ token: string }>(api, 'POST', '/api/stations/pair', { code: kiosk.code });
  const settings = await (await api.get('/api/visits/settings')).json();
  await call(api, 'PUT', '/api/visits/settings', { ...settings, rules: { vi: TEXT.rulesLine, zh: TEXT.rulesLine, en: `${HOSTILE.script}\n${TEXT.rulesLine}` } });
  const now = Date.now();
  const expected = await call<WithId>(api, 'POST', '/api/visits/expected', {
    fullName: TEXT.expectedName,
    company: TEXT.expectedCompany,
    purpose: 'contractor',
    host: { personId: person.id },
    expectedStart: new Date(now + 60 * 60_000).toISOString(),
    expectedEnd: new Date(now + 3 * 60 * 60_000).toISOString(),
    note: TEXT.expectedNote,
  });
  return {
    url,
    unitId: unit.id,
    companyId: company.id,
    personId: person.id,
    zoneId: zone.id,
    groupId: group.id,
    cardActiveId: cardActive.id,
    cardStockId: cardStock.id,
    expectedVisitId: expected.id,
    controllerToken: controller.token,
    kioskToken: paired.token,
    refused,
    hostileAdmin: await hostileAdmin.storageState(),
  };
}

/**
 * The specs' test: `seed` is the hostile data on a gateway of its own (one per worker), the pages' baseURL is that
 * gateway, CSP is bypassed (see HOSTILE), and `guard` records the page's dialogs.
 */
export const test = base.extend<{ guard: DialogGuard }, { seed: Seeded }>({
  seed: [
    async ({ playwright }, use) => {
      const gw = await startXssGateway();
      const contexts = [await playwright.request.newContext({ baseURL: gw.url })];
      const signIn = async () => {
        const context = await playwright.request.newContext({ baseURL: gw.url });
        contexts.push(context);
        expect((await context.post('/api/auth/login', { data: HOSTILE_ADMIN })).status()).toBe(200);
        return context;
      };
      try {
        await use(await seedHostileData(contexts[0] as APIRequestContext, gw.url, signIn));
      } finally {
        for (const context of contexts) await context.dispose();
        await gw.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ seed }, use) => use(seed.url),
  // Signed in as the hostile-named admin; the kiosk and sign-in tests start from an empty state instead.
  storageState: async ({ seed }, use) => use(seed.hostileAdmin),
  bypassCSP: true,
  guard: async ({ page }, use) => use(guardDialogs(page)),
});
