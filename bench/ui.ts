/**
 * Screens in headless Chromium (Debian's, with the e2e launch arguments) against a real gateway that serves a private
 * renderer build (never dist/renderer, which the e2e specs serve):
 *  - card tap → visitor shown: a visitor card presented on the desk reader (an EM4100 simulator on a socat pty) until
 *    the desk board shows that visitor's check-out, against a WebSocket echo round trip from the same page;
 *  - the desk board (/visitors) and the kiosk (/kiosk): JavaScript loaded (gzip -9 of every JS response) and time to
 *    interactive over cold loads (a new browser context each). Definitions in docs/performance.md ("Screens").
 * FRONTGATE_BENCH_RENDERER_DIR=<dir> reuses an existing build instead of building one.
 */
import { chromium, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { WebSocketServer } from 'ws';
import { createSimulator, type Simulator } from '../drivers/simulators/index.js';
import { startGateway, type Gateway } from '../gateway/app.js';
import { systemClock } from '../gateway/clock.js';
import { loadConfig } from '../gateway/config.js';
import { EventBus } from '../gateway/events.js';
import { createUser } from '../gateway/services/staff.js';
import playwrightConfig from '../playwright.config.js';
import { playwrightDisabledFeatures, withoutOmniboxPopups } from '../test/support/chromium.js';
import { createPtyPair, type PtyPair } from '../test/support/pty.js';
import type { Figure } from './report.js';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN = { username: 'admin', password: 'correct-horse-1' };
const RECEPTIONIST = { username: 'le.tan', password: 'correct-horse-2' };
const WARM_UP = 3;
/** Quiet main thread (no long task) this long after the primary control is ready: interactive. */
const QUIET_MS = 500;
/** The console message with which the page says it is interactive (see `instrument`). */
const INTERACTIVE_MARK = '__fgTti: interactive';

/** Wall-clock milliseconds with sub-millisecond resolution: the same expression in node and in the page. */
const now = () => performance.timeOrigin + performance.now();

const percentile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `vite build` into a temporary directory (or the directory named by FRONTGATE_BENCH_RENDERER_DIR). */
function rendererBuild(): { dir: string; temporary: boolean } {
  const reuse = process.env.FRONTGATE_BENCH_RENDERER_DIR;
  if (reuse) return { dir: resolve(reuse), temporary: false };
  const dir = mkdtempSync(join(tmpdir(), 'fg-bench-renderer-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { dir, temporary: true };
}

/** Debian's Chromium with the e2e launch arguments (playwright.config.ts), without its address-bar pop-up. */
async function launchChromium(): Promise<Browser> {
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const options = { ...launch, executablePath: launch.executablePath ?? '/usr/bin/chromium' };
  return chromium.launch(withoutOmniboxPopups(options, await playwrightDisabledFeatures(options)));
}

/** gzip -9 size of every .js file in the build: what a browser would load if it loaded everything. */
function allJsGzip(dir: string): number {
  let total = 0;
  for (const name of readdirSync(join(dir, 'assets'))) if (name.endsWith('.js')) total += gzipSync(readFileSync(join(dir, 'assets', name)), { level: 9 }).length;
  return total;
}

interface Desk {
  gateway: Gateway;
  reader: Simulator;
  pty: PtyPair;
  kioskToken: string;
  /** On-site visits, each holding a visitor card (uid). */
  visits: { id: number; uid: string }[];
  dataDir: string;
}

/** A gateway with a desk card reader on a pty, a paired kiosk, and `count` on-site visitors holding cards. */
async function startDesk(rendererDir: string, count: number): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-bench-ui-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      port: 0,
      logLevel: 'silent',
      simulateDevices: false,
      rendererDir,
      siteName: 'Tòa nhà Sông Hồng',
      authRateLimitPerMinute: 10_000,
      kioskRateLimitPerMinute: 10_000,
    },
  });
  const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
  const ctx = { db: gateway.db, clock: systemClock, bus: new EventBus(), auth: { kind: 'anonymous' as const, station: null }, actor: { userId: null, username: 'bench', stationId: null, stationName: null } };
  await createUser(ctx, { username: ADMIN.username, displayName: 'Admin', role: 'admin', grants: [], password: ADMIN.password, locale: 'vi' });
  await createUser(ctx, { username: RECEPTIONIST.username, displayName: 'Lê Tân', role: 'receptionist', grants: [], password: RECEPTIONIST.password, locale: 'vi' });

  const cookie = await login(gateway.url, ADMIN);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { cookie: `${cookie.name}=${cookie.value}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`ui bench: ${method} ${path} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  type WithId = { id: number };
  const unit = await api<WithId>('POST', '/api/units', { code: 'A-1203', kind: 'apartment', floor: 12 });
  const host = await api<WithId>('POST', '/api/people', { kind: 'resident', fullName: 'Nguyễn Văn Đức', units: [{ unitId: unit.id, relation: 'owner' }] });
  const desk = (await api<{ station: WithId }>('POST', '/api/stations', { name: 'Quầy lễ tân', kind: 'desk' })).station;
  const kioskCode = await api<{ code: string }>('POST', '/api/stations', { name: 'Sảnh kiosk', kind: 'kiosk' });
  const kioskToken = (await api<{ token: string }>('POST', '/api/stations/pair', { code: kioskCode.code })).token;

  const pty = await createPtyPair();
  // Sends the frame once per presentCard (a real reader repeats it while the card is held; one frame is the first).
  const reader = await createSimulator('em4100', pty.a, { repeatMs: 0 });
  await api('POST', '/api/devices', { id: 'desk-reader', name: 'Desk card reader', driver: 'em4100', role: 'desk_reader', stationId: desk.id, portPath: pty.b });
  for (let attempt = 0; ; attempt++) {
    const { items } = await api<{ items: { id: string; status: { state: string } }[] }>('GET', '/api/devices');
    if (items.find((d) => d.id === 'desk-reader')?.status.state === 'connected') break;
    if (attempt > 100) throw new Error('ui bench: the desk reader did not connect');
    await sleep(100);
  }

  const visits: { id: number; uid: string }[] = [];
  for (let i = 0; i < count; i++) {
    const visit = await api<WithId>('POST', '/api/visits', { fullName: `Khách Thử ${i + 1}`, purpose: 'service', host: { personId: host.id } });
    const uid = `BE${(0x10000 + i).toString(16).toUpperCase().padStart(8, '0')}`;
    await api('POST', `/api/visits/${visit.id}/card`, { source: 'pool', uid });
    visits.push({ id: visit.id, uid });
  }
  return { gateway, reader, pty, kioskToken, visits, dataDir };
}

async function login(url: string, user: { username: string; password: string }): Promise<{ name: string; value: string }> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (!response.ok) throw new Error(`ui bench: login ${user.username} → ${response.status}`);
  const [pair = ''] = (response.headers.get('set-cookie') ?? '').split(';');
  const at = pair.indexOf('=');
  return { name: pair.slice(0, at), value: pair.slice(at + 1) };
}

/**
 * Offset of the page's clock from node's (page − node), from the round trip with the smallest time: the page's
 * reading is taken to fall at the middle of it, so the error is at most half that round trip.
 */
async function clockOffset(page: Page): Promise<{ offset: number; error: number }> {
  let best = { offset: 0, error: Infinity };
  for (let i = 0; i < 40; i++) {
    const before = now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = now();
    if ((after - before) / 2 < best.error) best = { offset: inPage - (before + after) / 2, error: (after - before) / 2 };
  }
  return best;
}

interface TapWatch {
  /** The visitor first on screen: the pending notice (who tapped) or, if it never showed, the outcome notice. */
  dom?: number;
  painted?: number;
  /** The outcome notice (the gateway checked the visit out) in the DOM. */
  confirmed?: number;
}
type WatchWindow = Window & { __fgTap?: TapWatch };

/**
 * Watches for the desk board's notices of visit `id`: when the visitor first enters the DOM (the pending notice the
 * board shows as soon as the reader reports the card, or the outcome notice) and when the frame showing it has been
 * produced (a task posted from the next animation frame); and when the outcome notice is in. Page clock, ms.
 */
const watchFor = (id: number) => `(() => {
  const watch = {};
  window.__fgTap = watch;
  const at = () => performance.timeOrigin + performance.now();
  const observer = new MutationObserver(() => {
    if (watch.dom === undefined && document.querySelector('[data-testid="checkout-pending"][data-visit-id="${id}"], [data-testid="checkout-notice"][data-visit-id="${id}"]')) {
      watch.dom = at();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { watch.painted = at(); };
        channel.port2.postMessage(null);
      });
    }
    if (watch.confirmed === undefined && document.querySelector('[data-testid="checkout-notice"][data-visit-id="${id}"]')) {
      watch.confirmed = at();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-visit-id'] });
})()`;

/** Card taps on the desk reader until the desk board shows the visitor's check-out; then the WebSocket echo. */
async function tapFigures(browser: Browser, desk: Desk, taps: number): Promise<Figure[]> {
  const { gateway, reader, visits } = desk;
  const cookie = await login(gateway.url, RECEPTIONIST);
  // The page talks to the echo server on another port: the gateway's CSP (connect-src 'self') would refuse it.
  const context = await browser.newContext({ baseURL: gateway.url, viewport: { width: 1366, height: 768 }, bypassCSP: true });
  await context.addCookies([{ ...cookie, url: gateway.url }]);
  const page = await context.newPage();
  await page.goto('/visitors');
  await page.locator('[data-testid="desk-reader-bar"][data-reader-id="desk-reader"]').waitFor();
  await page.locator('[data-testid="connection-status"][data-state="open"]').waitFor();
  await page.locator(`[data-testid="onsite-row"][data-visit-id="${visits[0]!.id}"]`).waitFor();

  // Where the time goes: the gateway's card.presented event (node clock) and the check-out request (page clock).
  const presented = new Map<string, number>();
  const unsubscribe = gateway.bus.subscribe((event) => {
    if (event.type === 'card.presented') presented.set(event.data.uid, now());
  });
  const clock = await clockOffset(page);
  const latencies: number[] = [];
  const domLatencies: number[] = [];
  const parts = { device: [] as number[], request: [] as number[], render: [] as number[], confirmed: [] as number[] };
  for (const [i, visit] of visits.slice(0, taps + WARM_UP).entries()) {
    await page.evaluate(() => performance.clearResourceTimings());
    await page.evaluate(watchFor(visit.id));
    const written = now();
    reader.presentCard(visit.uid);
    await page.waitForFunction(() => (window as WatchWindow).__fgTap?.painted !== undefined && (window as WatchWindow).__fgTap?.confirmed !== undefined, null, { timeout: 15_000 });
    const seen = (await page.evaluate(() => (window as WatchWindow).__fgTap)) as Required<TapWatch>;
    const request = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/visits/check-out-by-card')) as PerformanceResourceTiming | undefined;
      return entry && { start: performance.timeOrigin + entry.startTime, end: performance.timeOrigin + entry.responseEnd };
    });
    if (i >= WARM_UP) {
      latencies.push(seen.painted - clock.offset - written);
      domLatencies.push(seen.dom - clock.offset - written);
      parts.confirmed.push(seen.confirmed - clock.offset - written);
      const event = presented.get(visit.uid);
      if (event !== undefined) parts.device.push(event - written);
      if (request) {
        parts.request.push(request.end - request.start);
        parts.render.push(seen.confirmed - request.end);
      }
    }
    // The board reloads after the check-out; let it settle before the next visitor taps.
    await page.locator(`[data-testid="onsite-row"][data-visit-id="${visit.id}"]`).waitFor({ state: 'detached' });
    await sleep(150);
  }
  const drift = (await clockOffset(page)).offset - clock.offset;
  unsubscribe();

  // Baseline: a WebSocket echo round trip between the same page and a bare `ws` server in this process.
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  await new Promise<void>((r) => echo.once('listening', () => r()));
  const echoUrl = `ws://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  const echoes = await page.evaluate(
    async ({ url, count }) => {
      const ws = new WebSocket(url);
      await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
      const rtts: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        const back = new Promise((r) => (ws.onmessage = r));
        ws.send(JSON.stringify({ type: 'card.presented', i }));
        await back;
        rtts.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
      ws.close();
      return rtts;
    },
    { url: echoUrl, count: taps + WARM_UP },
  );
  await new Promise((r) => echo.close(r));
  const rtts = echoes.slice(WARM_UP);
  await context.close();

  console.error(
    `ui: clock offset page−node ${clock.offset.toFixed(2)} ms (±${clock.error.toFixed(2)}), drift over the run ${drift.toFixed(2)} ms; ` +
      `tap → in the DOM p50 ${percentile(domLatencies, 0.5).toFixed(1)} / p95 ${percentile(domLatencies, 0.95).toFixed(1)} ms`,
  );
  const baselineName = 'WebSocket echo round trip, same page';
  const name = `card tap on the desk reader (pty) → visitor shown on the desk board, ${taps} taps`;
  const part = (label: string, values: number[]): Figure => ({
    group: 'ui',
    name: `  of which ${label}: p95 (p50 ${percentile(values, 0.5).toFixed(1)} ms)`,
    value: percentile(values, 0.95),
    unit: 'ms',
    baseline: null,
    baselineName: null,
    target: null,
  });
  return [
    { group: 'ui', name: `${name}: p50`, value: percentile(latencies, 0.5), unit: 'ms', baseline: percentile(rtts, 0.5), baselineName, target: null },
    { group: 'ui', name: `${name}: p95`, value: percentile(latencies, 0.95), unit: 'ms', baseline: percentile(rtts, 0.95), baselineName, target: { op: '<=', value: 50 } },
    part('frame written → gateway card.presented (pty, driver, event bus)', parts.device),
    part('check-out request round trip (gateway write path)', parts.request),
    part('check-out response → outcome notice in the DOM (parse, render)', parts.render),
    { ...part('x', parts.confirmed), name: `card tap → check-out confirmed on the desk board (outcome notice in the DOM): p95 (p50 ${percentile(parts.confirmed, 0.5).toFixed(1)} ms)` },
  ];
}

interface Tti {
  ready?: number;
  lastLongTaskEnd: number;
  longTasks: number;
}
type TtiWindow = Window & { __fgTti?: Tti };

/**
 * Installed before the page's scripts: long tasks (PerformanceObserver) and the first animation frame in which the
 * primary control is visible and enabled. The DOM is watched for the control (a MutationObserver and a query per
 * batch of changes); its box and visibility are read only in the frame after a change once it exists, so that the
 * measuring adds no layout of its own. Once the control is ready and QUIET_MS have passed without a long task, the
 * page logs INTERACTIVE_MARK on the console (a timer checks every 50 ms): the bench waits for that message instead of
 * polling the page with Playwright's waitForFunction, which put Playwright's injected script into the page and
 * evaluated it in the middle of the load being timed (158 ms on the main thread in a trace at load ≈ 8). Times are
 * from navigation start. Plain JavaScript in a string: a function from this file would carry tsx's helpers
 * (`__name`) that the page lacks.
 */
const instrument = (selector: string) => `(() => {
  const state = { lastLongTaskEnd: 0, longTasks: 0 };
  window.__fgTti = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.lastLongTaskEnd = Math.max(state.lastLongTaskEnd, entry.startTime + entry.duration);
      state.longTasks++;
    }
  }).observe({ type: 'longtask', buffered: true });
  function ready() {
    const element = document.querySelector(${JSON.stringify(selector)});
    if (!(element instanceof HTMLElement) || element.matches(':disabled, [data-disabled], [data-loading], [aria-disabled="true"]')) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }
  let pending = false;
  function frame(at) {
    pending = false;
    if (state.ready !== undefined || !ready()) return;
    state.ready = at;
    observer.disconnect();
  }
  const observer = new MutationObserver(() => {
    if (pending || state.ready !== undefined || !document.querySelector(${JSON.stringify(selector)})) return;
    pending = true;
    requestAnimationFrame(frame);
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  (function quiet() {
    if (state.ready !== undefined && performance.now() - Math.max(state.ready, state.lastLongTaskEnd) >= ${QUIET_MS}) console.debug(${JSON.stringify(INTERACTIVE_MARK)});
    else setTimeout(quiet, 50);
  })();
})();`;

interface Screen {
  label: string;
  url: string;
  /** The control a person uses first on it. */
  primary: string;
  prepare(context: BrowserContext): Promise<void>;
}

/** One cold load (a new browser context: empty cache and storage): time to interactive and the JS it loaded. */
async function loadOnce(browser: Browser, screen: Screen) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await screen.prepare(context);
  const page = await context.newPage();
  await page.addInitScript({ content: instrument(screen.primary) });
  // The page's main-thread CPU time (Chromium's ThreadTime metric): what a loaded machine cannot inflate.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
  const cpuBefore = await cpu();
  // The bodies are read once the screen is interactive: reading each as it arrived (CDP Network.getResponseBody)
  // moved ≈ 1 MB over the DevTools protocol in the middle of the load being measured, and made it slower
  // (docs/performance.md, "Screens").
  const scripts: Response[] = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('javascript') || new URL(response.url()).pathname.endsWith('.js')) scripts.push(response);
  });
  const interactive = page.waitForEvent('console', { predicate: (message) => message.text() === INTERACTIVE_MARK, timeout: 30_000 });
  interactive.catch(() => undefined); // awaited below, once the page is there
  await page.goto(screen.url);
  await interactive.catch(async (error: Error) => {
    const state = await page.evaluate(() => ({ ...(window as TtiWindow).__fgTti, at: performance.now(), url: location.pathname }));
    throw new Error(`ui bench: ${screen.label} never became interactive: ${JSON.stringify(state)}`, { cause: error });
  });
  const state = (await page.evaluate(() => (window as TtiWindow).__fgTti)) as Required<Tti>;
  const cpuMs = (await cpu()) - cpuBefore;
  // Whatever the screen fetches once interactive (lazy chunks, catalogs) counts too.
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(scripts.map((response) => response.body().catch(() => null)))).filter((b): b is Buffer => b !== null);
  await context.close();
  return {
    tti: Math.max(state.ready, state.lastLongTaskEnd),
    cpuMs,
    js: { gzip: files.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0), raw: files.reduce((sum, b) => sum + b.length, 0), files: files.length },
  };
}

/** A page with one button and no script, from a bare HTTP server: what a cold load costs this browser at all. */
async function staticPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><meta charset="utf-8"><title>baseline</title><button id="go">Go</button>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

async function screenFigures(browser: Browser, desk: Desk, rendererDir: string, loads: number): Promise<Figure[]> {
  const baseURL = desk.gateway.url;
  const cookie = await login(baseURL, RECEPTIONIST);
  const bare = await staticPage();
  const screens: Screen[] = [
    { label: 'desk board (/visitors, receptionist)', url: `${baseURL}/visitors`, primary: '[data-testid="visitor-new"]', prepare: (context) => context.addCookies([{ ...cookie, url: baseURL }]) },
    {
      label: 'kiosk (/kiosk, paired)',
      url: `${baseURL}/kiosk`,
      primary: '[data-testid="selfservice-lang-vi"]',
      prepare: async (context) => void (await context.addInitScript((token) => localStorage.setItem('frontgate.stationToken', token), desk.kioskToken)),
    },
    { label: 'baseline', url: bare.url, primary: '#go', prepare: async () => undefined },
  ];
  const results = screens.map(() => ({ ttis: [] as number[], cpu: [] as number[], js: { gzip: 0, raw: 0, files: 0 } }));
  // Round robin, so that the machine's load falls on every screen alike; the first round warms the gateway and the
  // OS file cache and is not counted.
  for (let round = 0; round <= loads; round++) {
    for (const [i, screen] of screens.entries()) {
      const { tti, cpuMs, js } = await loadOnce(browser, screen);
      if (round === 0) continue;
      results[i]!.ttis.push(tti);
      results[i]!.cpu.push(cpuMs);
      if (js.gzip > results[i]!.js.gzip) results[i]!.js = js;
    }
  }
  await bare.close();
  const baseline = results[2]!.ttis;
  const baselineCpu = results[2]!.cpu;
  const everything = allJsGzip(rendererDir);
  const kb = (bytes: number) => bytes / 1024;
  const baselineName = 'static page with one button, same browser';
  return screens.slice(0, 2).flatMap((screen, i): Figure[] => {
    const { ttis, cpu, js } = results[i]!;
    return [
      {
        group: 'ui',
        name: `${screen.label}: JS loaded, gzip -9 (${js.files} files, ${Math.round(kb(js.raw))} KB raw)`,
        value: kb(js.gzip),
        unit: 'KB',
        baseline: kb(everything),
        baselineName: 'all JS in the build, gzip -9',
        target: { op: '<=', value: 250 },
      },
      { group: 'ui', name: `${screen.label}: time to interactive, cold, ${loads} loads: median`, value: percentile(ttis, 0.5), unit: 'ms', baseline: percentile(baseline, 0.5), baselineName, target: null },
      { group: 'ui', name: `${screen.label}: time to interactive, cold, ${loads} loads: p95`, value: percentile(ttis, 0.95), unit: 'ms', baseline: percentile(baseline, 0.95), baselineName, target: { op: '<=', value: 1000 } },
      { group: 'ui', name: `  of which main-thread CPU time until interactive: median`, value: percentile(cpu, 0.5), unit: 'ms', baseline: percentile(baselineCpu, 0.5), baselineName, target: null },
    ];
  });
}

export async function uiFigures(quick: boolean): Promise<Figure[]> {
  const taps = quick ? 12 : 50;
  const loads = quick ? 4 : 15;
  const build = rendererBuild();
  let desk: Desk | undefined;
  let browser: Browser | undefined;
  try {
    // Visitors beyond those who tap stay on the board, so the last tap still finds a full list.
    desk = await startDesk(build.dir, taps + WARM_UP + (quick ? 10 : 30));
    browser = await launchChromium();
    return [...(await tapFigures(browser, desk, taps)), ...(await screenFigures(browser, desk, build.dir, loads))];
  } finally {
    await browser?.close();
    if (desk) {
      await desk.gateway.close();
      await desk.reader.close().catch(() => undefined);
      await desk.pty.close();
      rmSync(desk.dataDir, { recursive: true, force: true });
    }
    if (build.temporary) rmSync(build.dir, { recursive: true, force: true });
  }
}
