/**
 * The lobby self-service kiosk against the pty gateway (test/e2e/pty-server.ts): its scanner, card reader and card
 * encoder are simulators on real pseudo-terminals, driven through the control API. The kiosk browser is the paired
 * kiosk station (its token in localStorage); staff actions go through the gateway's API as the receptionist.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { SAMPLE_CCCD_QR } from '../../drivers/simulators/samples.js';
import type { Locale, VisitPurpose } from '../../gateway/contract/index.js';
import config, { PTY_CONTROL_URL, PTY_GATEWAY_URL } from '../../playwright.config.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { RECEPTIONIST, capitalize, signIn, uniqueWord } from './helpers.js';

test.use({ baseURL: PTY_GATEWAY_URL });

const catalogs = { vi, zh, en } as const;
/** The seeded hosts' phone numbers and e-mail addresses (and the company's), in the forms they could appear in. */
const HOST_CONTACT = ['912 345 678', '912345678', 'duc@example.vn', '988 000 111', '988000111', 'mai@saomai.vn', '3822 0000', 'info@saomai.vn'];
const RESIDENT = 'Nguyễn Văn Đức';
const COMPANY = 'Công ty TNHH Sao Mai';
const STAFF = 'Trần Thị Mai';

interface Seed {
  people: { duc: number; mai: number };
  stations: { kiosk: number };
}

const fill = (template: string, values: Record<string, string>) => template.replace(/{{(\w+)}}/g, (_, k: string) => values[k] ?? '');
const visitorName = () => `${capitalize(uniqueWord())} ${capitalize(uniqueWord())}`;
/** A random UID: 4 bytes for a MIFARE card on the encoder, 5 for an EM4100 card on the reader. */
const randomUid = (bytes: number) =>
  Array.from({ length: bytes }, () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0'),
  )
    .join('')
    .toUpperCase();

async function control(request: APIRequestContext, action: string, body: Record<string, string>) {
  const response = await request.post(`${PTY_CONTROL_URL}${action}`, { data: body });
  expect(response.ok(), `${action} ${JSON.stringify(body)}`).toBe(true);
}

/** The paired kiosk station's browser: its token in localStorage before the app starts. */
async function openKiosk(page: Page, request: APIRequestContext, query = '') {
  const { token } = (await (await request.get(`${PTY_CONTROL_URL}/kiosk-token`)).json()) as { token: string };
  await page.addInitScript((t) => localStorage.setItem('frontgate.stationToken', t), token);
  await page.goto(`/kiosk${query}`);
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  // Scans and card taps arrive over the WebSocket: wait for it.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
}

/** The receptionist's desk board, open on another PC (its own browser context: no kiosk token there), live. */
async function openDeskBoard(browser: Browser) {
  const context = await browser.newContext({ baseURL: PTY_GATEWAY_URL, viewport: { width: 1366, height: 768 } });
  const desk = await context.newPage();
  await signIn(desk, RECEPTIONIST, '/visitors');
  await expect(desk.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  return { desk, close: () => context.close() };
}

/** Signs in on the pty gateway's API as the receptionist (for what the desk does around a kiosk visit). */
async function asReceptionist(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: RECEPTIONIST });
  expect(login.ok()).toBe(true);
}

/** The card register (as the receptionist) knows the card, and it no longer opens anything. */
async function expectCardInactive(request: APIRequestContext, uid: string) {
  const cards = (await (await request.get(`/api/cards?q=${uid}`)).json()) as { items: { uid: string; status: string }[] };
  const status = cards.items.find((c) => c.uid === uid)?.status;
  expect(status).toBeDefined();
  expect(status).not.toBe('active');
}

async function sign(page: Page) {
  const pad = page.getByTestId('selfservice-signature');
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad not visible');
  await page.mouse.move(box.x + 40, box.y + 60);
  await page.mouse.down();
  for (const [dx, dy] of [
    [120, 150],
    [220, 70],
    [320, 160],
    [430, 80],
  ] as const) {
    await page.mouse.move(box.x + dx, box.y + dy, { steps: 6 });
  }
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-signed', 'true');
}

interface Visitor {
  locale: Locale;
  name: string;
  hostQuery: string;
  hostLabel: string;
  purpose: VisitPurpose;
}

/** Steps 2–5 after the identity step: host, purpose, rules with signature, photo (none here) and submit. */
async function hostToSubmit(page: Page, v: Visitor) {
  const t = catalogs[v.locale].selfService;
  const title = page.getByTestId('selfservice-title');
  await expect(title).toHaveText(t.host.title);
  await page.getByTestId('selfservice-host-search').fill(v.hostQuery);
  await page.getByTestId('selfservice-host-option').filter({ hasText: v.hostLabel }).first().click();
  await expect(title).toHaveText(t.purpose.title);
  await page.getByTestId(`selfservice-purpose-${v.purpose}`).click();
  await expect(title).toHaveText(t.rules.title);
  await expect(page.getByTestId('selfservice-rules-text')).not.toBeEmpty();
  await expect(page.getByTestId('selfservice-signature-needed')).toHaveText(t.signature.empty);
  await expect(page.getByTestId('selfservice-accept')).toBeDisabled();
  await sign(page);
  await page.getByTestId('selfservice-accept').click();
  await expect(title).toHaveText(t.photo.title);
  // The test browser has no camera: the step says so and lets the visitor go on.
  await expect(page.getByTestId('selfservice-camera-unavailable')).toHaveText(t.photo.unavailable);
  await expect(page.getByTestId('selfservice-submit')).toHaveText(t.photo.submitNoPhoto);
  await page.getByTestId('selfservice-submit').click();
}

/** A whole typed check-in; returns the visit reference from the done screen. */
async function checkIn(page: Page, v: Visitor): Promise<string> {
  const t = catalogs[v.locale].selfService;
  await page.getByTestId(`selfservice-lang-${v.locale}`).click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(t.identity.title);
  await page.getByTestId('selfservice-name').fill(v.name);
  await page.getByTestId('selfservice-next').click();
  await hostToSubmit(page, v);
  return expectReceipt(page, v);
}

async function expectReceipt(page: Page, v: Visitor): Promise<string> {
  const t = catalogs[v.locale].selfService;
  await expect(page.getByTestId('selfservice-done')).toBeVisible();
  await expect(page.getByTestId('selfservice-title')).toHaveText(t.done.title);
  const status = v.purpose === 'business' ? 'waiting' : 'checked_in';
  await expect(page.getByTestId('selfservice-done-status')).toHaveAttribute('data-status', status);
  await expect(page.getByTestId('selfservice-done-headline')).toHaveText(fill(status === 'waiting' ? t.done.waiting : t.done.checkedIn, { name: v.name }));
  await expect(page.getByTestId('selfservice-done-host')).toHaveText(v.hostLabel);
  await expect(page.getByTestId('selfservice-done-valid-until')).not.toHaveText('—');
  const ref = (await page.getByTestId('selfservice-done-ref').innerText()).trim();
  expect(ref).toMatch(/^V[0-9A-HJKMNP-TV-Z]{10}$/);
  // The QR badge is an <img> of the gateway's SVG; the SVG itself never becomes part of the page.
  const qr = page.getByTestId('selfservice-qr');
  await expect(qr).toHaveJSProperty('tagName', 'IMG');
  const src = (await qr.getAttribute('src')) ?? '';
  expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
  const svg = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64').toString('utf8');
  expect(svg).toContain('<svg');
  expect(await page.content()).not.toContain(svg.slice(0, 60));
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  return ref;
}

/** Every visible button, input and canvas is at least 56 px high and has a data-testid. */
async function expectTouchTargets(page: Page) {
  const problems = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, canvas, a, [role="button"]')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .filter((el) => el.getBoundingClientRect().height < 56 || !el.dataset.testid)
      .map((el) => `${el.dataset.testid ?? el.outerHTML.slice(0, 80)}: ${Math.round(el.getBoundingClientRect().height)}px`),
  );
  expect(problems).toEqual([]);
}

/** Collects the bodies of every /api/kiosk/* response the page receives. */
function recordKioskResponses(page: Page): () => Promise<string[]> {
  const bodies: Promise<string>[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/kiosk/')) bodies.push(response.text().catch(() => ''));
  });
  return () => Promise.all(bodies);
}

function expectNoHostContact(text: string) {
  for (const contact of HOST_CONTACT) expect(text, contact).not.toContain(contact);
}

test('self check-in in Vietnamese: a host found without diacritics, and no contact data on the page or in the API', async ({ page, request }) => {
  const kioskResponses = recordKioskResponses(page);
  await openKiosk(page, request);
  await expectTouchTargets(page);
  const t = vi.selfService;
  const name = `Lê ${visitorName()}`;
  await page.getByTestId('selfservice-lang-vi').click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(t.identity.title);
  await expect(page.getByTestId('selfservice-progress')).toContainText(fill(t.progress, { n: '1', total: '5' }));
  await expect(page.getByTestId('selfservice-next')).toContainText(t.nav.next);
  // A name is required; the message is the visitor's own language.
  await page.getByTestId('selfservice-next').click();
  await expect(page.getByText(t.errors.fullName)).toBeVisible();
  await page.getByTestId('selfservice-name').fill(name);
  await page.getByTestId('selfservice-phone').fill('+84 90 111 2233');
  await page.getByTestId('selfservice-next').click();

  await expect(page.getByTestId('selfservice-title')).toHaveText(t.host.title);
  await page.getByTestId('selfservice-host-search').fill('nguyen van duc');
  const resident = page.getByTestId('selfservice-host-option').filter({ hasText: RESIDENT });
  await expect(resident).toHaveAttribute('data-kind', 'person');
  await expect(resident.getByTestId('selfservice-host-label')).toHaveText(RESIDENT);
  await expect(resident.getByTestId('selfservice-host-detail')).toHaveCount(0);
  await expect(resident).toContainText(t.host.kinds.person);
  // A staff member is told apart by her company, and by nothing else.
  await page.getByTestId('selfservice-host-search').fill('tran thi mai');
  const staff = page.getByTestId('selfservice-host-option').filter({ hasText: STAFF });
  await expect(staff.getByTestId('selfservice-host-detail')).toHaveText(COMPANY);
  expectNoHostContact(await page.content());

  await page.getByTestId('selfservice-host-search').fill('nguyen van duc');
  await resident.click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(t.purpose.title);
  await expect(page.getByTestId('selfservice-purpose-service')).toContainText(t.purpose.service);
  await page.getByTestId('selfservice-purpose-service').click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(t.rules.title);
  await expect(page.getByTestId('selfservice-rules-text')).toContainText('Nội quy');
  await expect(page.getByTestId('selfservice-accept')).toBeDisabled();
  await sign(page);
  // "Clear" empties the signature; accepting needs a new one.
  await page.getByTestId('selfservice-signature-clear').click();
  await expect(page.getByTestId('selfservice-signature')).toHaveAttribute('data-signed', 'false');
  await expect(page.getByTestId('selfservice-accept')).toBeDisabled();
  await sign(page);
  await page.getByTestId('selfservice-accept').click();
  await expect(page.getByTestId('selfservice-camera-unavailable')).toHaveText(t.photo.unavailable);
  // The network drops once: a translated message, nothing lost, and trying again works.
  await page.route('**/api/kiosk/check-in', (route) => route.abort('connectionrefused'), { times: 1 });
  await page.getByTestId('selfservice-submit').click();
  await expect(page.getByTestId('selfservice-error')).toHaveText(t.errors.network);
  await expect(page.getByTestId('selfservice-photo')).toBeVisible();
  await page.getByTestId('selfservice-submit').click();
  await expectReceipt(page, { locale: 'vi', name, hostQuery: '', hostLabel: RESIDENT, purpose: 'service' });
  // No card was on the kiosk's encoder: the desk will give one.
  await expect(page.getByTestId('selfservice-card-error')).toHaveText(t.done.cardError);
  await expect(page.getByTestId('selfservice-done-valid-until')).toBeVisible();

  expectNoHostContact(await page.content());
  const bodies = await kioskResponses();
  expect(bodies.some((b) => b.includes(RESIDENT))).toBe(true);
  for (const body of bodies) expectNoHostContact(body);

  await page.getByTestId('selfservice-finish').click();
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
});

test.describe('at 1080×1920 portrait', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  test('self check-in in Chinese: a business visitor picks a company and waits for the host; the desk hears of it at once', async ({ page, request, browser }) => {
    const { desk, close: closeDesk } = await openDeskBoard(browser);
    await openKiosk(page, request);
    const t = zh.selfService;
    await expect(page.getByTestId('selfservice-lang-zh')).toContainText(t.welcome.start);
    await expect(page.getByTestId('selfservice-sign-out')).toContainText(t.welcome.signOut);
    await page.getByTestId('selfservice-lang-zh').click();
    await expect(page.getByTestId('selfservice-title')).toHaveText(t.identity.title);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectTouchTargets(page);
    const name = `王 ${visitorName()}`;
    await page.getByTestId('selfservice-name').fill(name);
    await page.getByTestId('selfservice-company').fill('上海贸易有限公司');
    await page.getByTestId('selfservice-next').click();
    const v: Visitor = { locale: 'zh', name, hostQuery: 'Sao Mai', hostLabel: COMPANY, purpose: 'business' };
    await expect(page.getByTestId('selfservice-title')).toHaveText(t.host.title);
    await page.getByTestId('selfservice-host-search').fill(v.hostQuery);
    await expect(page.getByTestId('selfservice-host-option').filter({ hasText: COMPANY })).toContainText(t.host.kinds.company);
    await expectTouchTargets(page);
    await page.getByTestId('selfservice-host-search').fill('');
    // The gateway's kiosk rate limit answers once: the visitor is asked to wait, and the next try goes through.
    await page.route(
      '**/api/kiosk/check-in',
      (route) => route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }) }),
      { times: 1 },
    );
    await hostToSubmit(page, v);
    await expect(page.getByTestId('selfservice-error')).toHaveText(t.errors.rate_limited);
    await page.getByTestId('selfservice-submit').click();
    const ref = await expectReceipt(page, v);
    await expect(page.getByTestId('selfservice-card-error')).toHaveText(t.done.cardError);
    await expectTouchTargets(page);

    // The desk: a notice naming the visitor and the company (nothing else of the host), and the row in the waiting list.
    const notice = desk.getByTestId('kiosk-arrival-notification').filter({ hasText: name });
    await expect(notice).toHaveAttribute('data-action', 'waiting');
    await expect(notice).toContainText(en.visits.board.kioskArrivalTitle);
    await expect(notice).toContainText(fill(en.visits.board.kioskArrivalWaiting, { name, host: COMPANY }));
    expectNoHostContact(await notice.innerText());
    const visitId = await notice.getAttribute('data-visit-id');
    await desk.getByTestId('board-tab-waiting').click();
    await expect(desk.locator(`[data-testid="waiting-row"][data-visit-id="${visitId}"]`)).toContainText(name);
    await closeDesk();

    // Signing out at the kiosk, switched to Chinese on the sign-out screen.
    await page.getByTestId('selfservice-finish').click();
    await page.getByTestId('selfservice-sign-out').click();
    await page.getByTestId('selfservice-switch-zh').click();
    await expect(page.getByTestId('selfservice-title')).toHaveText(t.signOut.title);
    await page.getByTestId('selfservice-signout-ref').fill(ref);
    await page.getByTestId('selfservice-signout-submit').click();
    await expect(page.getByTestId('selfservice-title')).toHaveText(fill(t.signOut.goodbye, { name }));
    await expect(page.getByTestId('selfservice-goodbye-text')).toHaveText(t.signOut.thanks);
  });
});

test('self check-in in English by unit code (the host step again when the host is gone), then sign-out by typing the reference', async ({ page, request }) => {
  await openKiosk(page, request);
  const name = visitorName();
  const v: Visitor = { locale: 'en', name, hostQuery: 'a-1203', hostLabel: 'A-1203', purpose: 'delivery' };
  // The host cannot be chosen any more when the visitor submits: back to the host step, everything else kept.
  await page.route(
    '**/api/kiosk/check-in',
    (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation_failed', message: 'unit gone', fields: [{ path: ['host', 'unitId'], code: 'unknown_host', message: 'unit gone' }] } }),
      }),
    { times: 1 },
  );
  await page.getByTestId('selfservice-lang-en').click();
  await page.getByTestId('selfservice-name').fill(name);
  await page.getByTestId('selfservice-next').click();
  await hostToSubmit(page, v);
  await expect(page.getByTestId('selfservice-host')).toBeVisible();
  await expect(page.getByTestId('selfservice-error')).toHaveText(en.selfService.errors.host);
  await page.getByTestId('selfservice-host-option').filter({ hasText: 'A-1203' }).click();
  await expect(page.getByTestId('selfservice-purpose-delivery')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('selfservice-purpose-delivery').click();
  await expect(page.getByTestId('selfservice-signature')).toHaveAttribute('data-signed', 'true');
  await page.getByTestId('selfservice-accept').click();
  await page.getByTestId('selfservice-submit').click();
  const ref = await expectReceipt(page, v);
  await page.getByTestId('selfservice-finish').click();

  await page.getByTestId('selfservice-sign-out').click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(en.selfService.signOut.title);
  await page.getByTestId('selfservice-signout-ref').fill('V123');
  await page.getByTestId('selfservice-signout-submit').click();
  await expect(page.getByText(en.selfService.errors.ref)).toBeVisible();
  await page.getByTestId('selfservice-signout-ref').fill(ref.toLowerCase());
  await page.getByTestId('selfservice-signout-submit').click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(fill(en.selfService.signOut.goodbye, { name }));
  await expect(page.getByTestId('selfservice-goodbye-text')).toHaveText(en.selfService.signOut.thanks);
  await expect(page.getByTestId('selfservice-collect-document')).toHaveCount(0);
  await page.getByTestId('selfservice-finish').click();

  // Signing out twice is refused with a clear message.
  await page.getByTestId('selfservice-sign-out').click();
  await page.getByTestId('selfservice-signout-ref').fill(ref);
  await page.getByTestId('selfservice-signout-submit').click();
  await expect(page.getByTestId('selfservice-error')).toHaveText(en.selfService.errors.alreadySignedOut);
});

test('tapping the visitor card on the kiosk reader signs out (Vietnamese)', async ({ page, request }) => {
  await openKiosk(page, request);
  const name = visitorName();
  const ref = await checkIn(page, { locale: 'vi', name, hostQuery: 'sao mai', hostLabel: COMPANY, purpose: 'contractor' });
  await page.getByTestId('selfservice-finish').click();

  // The desk hands out a pool card for this visit (the kiosk's encoder had no blank card).
  const uid = randomUid(5);
  await asReceptionist(request);
  const visit = (await (await request.get(`/api/visits/ref/${ref}`)).json()) as { id: number };
  const issued = await request.post(`/api/visits/${visit.id}/card`, { data: { source: 'pool', uid, technology: 'em4100' } });
  expect(issued.ok(), await issued.text()).toBe(true);

  await page.getByTestId('selfservice-sign-out').click();
  await page.getByTestId('selfservice-switch-vi').click();
  await expect(page.getByTestId('selfservice-title')).toHaveText(vi.selfService.signOut.title);
  await control(request, '/present', { device: 'kiosk-reader', uid });
  try {
    await expect(page.getByTestId('selfservice-goodbye')).toBeVisible();
    await expect(page.getByTestId('selfservice-title')).toHaveText(fill(vi.selfService.signOut.goodbye, { name }));
    await expect(page.getByTestId('selfservice-goodbye-text')).toHaveText(vi.selfService.signOut.thanks);
  } finally {
    await control(request, '/remove', { device: 'kiosk-reader' });
  }
  const after = (await (await request.get(`/api/visits/ref/${ref}`)).json()) as { status: string };
  expect(after.status).toBe('checked_out');
  await expectCardInactive(request, uid);
});

test('an ID scanned on the kiosk scanner fills the form; signing in twice shows the translated duplicate error and keeps the data', async ({ page, request }) => {
  await openKiosk(page, request);
  const t = zh.selfService;
  const scanIn = async () => {
    await page.getByTestId('selfservice-lang-zh').click();
    await expect(page.getByTestId('selfservice-identity')).toBeVisible();
    await control(request, '/scan', { device: 'kiosk-scanner', text: SAMPLE_CCCD_QR });
    await expect(page.getByTestId('selfservice-scanned-text')).toHaveText(fill(t.identity.scanned, { type: t.docTypes.cccd, hint: '3456' }));
    await expect(page.getByTestId('selfservice-name')).toHaveValue('NGUYEN VAN A');
    await page.getByTestId('selfservice-next').click();
    await hostToSubmit(page, { locale: 'zh', name: 'NGUYEN VAN A', hostQuery: 'nguyen van duc', hostLabel: RESIDENT, purpose: 'service' });
  };
  await scanIn();
  const ref = await expectReceipt(page, { locale: 'zh', name: 'NGUYEN VAN A', hostQuery: '', hostLabel: RESIDENT, purpose: 'service' });
  await page.getByTestId('selfservice-finish').click();

  await scanIn();
  await expect(page.getByTestId('selfservice-error')).toHaveText(t.errors.visit_duplicate);
  await expect(page.getByTestId('selfservice-photo')).toBeVisible();
  // Nothing entered is lost: back through the steps, the scan and the signature are still there.
  await page.getByTestId('selfservice-back').click();
  await expect(page.getByTestId('selfservice-signature')).toHaveAttribute('data-signed', 'true');
  await expect(page.getByTestId('selfservice-accept')).toBeEnabled();
  await page.getByTestId('selfservice-back').click();
  await expect(page.getByTestId('selfservice-purpose-service')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('selfservice-back').click();
  await expect(page.getByTestId('selfservice-host-chosen')).toHaveText(fill(t.host.chosen, { label: RESIDENT }));
  await page.getByTestId('selfservice-back').click();
  await expect(page.getByTestId('selfservice-name')).toHaveValue('NGUYEN VAN A');
  await expect(page.getByTestId('selfservice-scanned')).toBeVisible();
  await page.getByTestId('selfservice-start-over').click();

  // Clean up: the first visit signs out with its QR badge, scanned right at the welcome screen — before anyone picks a
  // language, so the goodbye is in the kiosk's own (English here); the Chinese goodbye is in the portrait test.
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  await control(request, '/scan', { device: 'kiosk-scanner', text: `FGV:${ref}` });
  await expect(page.getByTestId('selfservice-goodbye')).toBeVisible();
  await expect(page.getByTestId('selfservice-title')).toHaveText(fill(en.selfService.signOut.goodbye, { name: 'NGUYEN VAN A' }));
  await expect(page.getByTestId('selfservice-goodbye-text')).toHaveText(en.selfService.signOut.thanks);
});

test('a pre-registration QR scanned on the kiosk fills in the name and host and is sent as the expected visit; the desk hears of it', async ({ page, request, browser }) => {
  const { desk, close: closeDesk } = await openDeskBoard(browser);
  const seed = (await (await request.get(`${PTY_CONTROL_URL}/seed`)).json()) as Seed;
  await asReceptionist(request);
  const name = visitorName();
  const now = Date.now();
  const expected = await request.post('/api/visits/expected', {
    data: { fullName: name, purpose: 'service', host: { personId: seed.people.duc }, expectedStart: new Date(now - 60_000).toISOString(), expectedEnd: new Date(now + 3_600_000).toISOString() },
  });
  expect(expected.ok(), await expected.text()).toBe(true);
  const { ref } = (await expected.json()) as { ref: string };

  await openKiosk(page, request);
  await page.getByTestId('selfservice-lang-en').click();
  await control(request, '/scan', { device: 'kiosk-scanner', text: `FGV:${ref}` });
  await expect(page.getByTestId('selfservice-invitation')).toContainText(fill(en.selfService.identity.invitation, { ref }));
  // The invitation fills in the expected visitor's name and host.
  await expect(page.getByTestId('selfservice-name')).toHaveValue(name);
  await page.getByTestId('selfservice-next').click();
  await expect(page.getByTestId('selfservice-host-chosen')).toContainText(RESIDENT);
  await hostToSubmit(page, { locale: 'en', name, hostQuery: 'nguyen van duc', hostLabel: RESIDENT, purpose: 'service' });
  const receiptRef = await expectReceipt(page, { locale: 'en', name, hostQuery: '', hostLabel: RESIDENT, purpose: 'service' });
  expect(receiptRef).toBe(ref);
  const visit = (await (await request.get(`/api/visits/ref/${ref}`)).json()) as { status: string; channel: string; rulesAcceptedAt: string | null };
  expect(visit.status).toBe('checked_in');
  expect(visit.channel).toBe('preregistered');
  expect(visit.rulesAcceptedAt).not.toBeNull();

  // Invited, yet signed in at the kiosk: the desk is told, and the visitor is on the on-site list.
  const notice = desk.getByTestId('kiosk-arrival-notification').filter({ hasText: name });
  await expect(notice).toHaveAttribute('data-action', 'checked_in');
  await expect(notice).toContainText(fill(en.visits.board.kioskArrival, { name, host: RESIDENT }));
  expectNoHostContact(await notice.innerText());
  await expect(desk.locator(`[data-testid="onsite-row"][data-visit-id="${await notice.getAttribute('data-visit-id')}"]`)).toContainText(name);
  await closeDesk();
});

test('with a webcam, the visitor takes a photo, which reaches the visit', async ({ playwright, request }) => {
  // Chromium's fake camera (a test pattern), allowed without a prompt; otherwise launched as playwright.config.ts says.
  const launch = config.use?.launchOptions ?? {};
  const browser = await playwright.chromium.launch({ ...launch, args: [...(launch.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
  try {
    const context = await browser.newContext({ baseURL: PTY_GATEWAY_URL, viewport: { width: 1366, height: 768 }, permissions: ['camera'] });
    const page = await context.newPage();
    await openKiosk(page, request);
    const t = en.selfService;
    const name = visitorName();
    await page.getByTestId('selfservice-lang-en').click();
    await page.getByTestId('selfservice-name').fill(name);
    await page.getByTestId('selfservice-next').click();
    await page.getByTestId('selfservice-host-search').fill('A-1203');
    await page.getByTestId('selfservice-host-option').filter({ hasText: 'A-1203' }).click();
    await page.getByTestId('selfservice-purpose-service').click();
    await sign(page);
    await page.getByTestId('selfservice-accept').click();
    await expect(page.getByTestId('selfservice-camera')).toBeVisible();
    await page.getByTestId('selfservice-photo-take').click();
    const preview = page.getByTestId('selfservice-photo-preview');
    await expect(preview).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
    await expect(page.getByTestId('selfservice-camera')).toHaveCount(0);
    await expect(page.getByTestId('selfservice-submit')).toHaveText(t.photo.submit);
    await page.getByTestId('selfservice-submit').click();
    const ref = await expectReceipt(page, { locale: 'en', name, hostQuery: '', hostLabel: 'A-1203', purpose: 'service' });

    await asReceptionist(request);
    const visit = (await (await request.get(`/api/visits/ref/${ref}`)).json()) as { hasPhoto: boolean; rulesAcceptedAt: string | null };
    expect(visit.hasPhoto).toBe(true);
    expect(visit.rulesAcceptedAt).not.toBeNull();
  } finally {
    await browser.close();
  }
});

test('a visitor the watchlist stops is only asked to see the reception desk, with no word about why', async ({ page, request }) => {
  const name = visitorName();
  const reason = `Gây rối ${uniqueWord()}`;
  const login = await request.post('/api/auth/login', { data: { username: 'bao.ve', password: 'correct-horse-3' } });
  expect(login.ok()).toBe(true);
  const added = await request.post('/api/watchlist', { data: { fullName: name, reason } });
  expect(added.ok(), await added.text()).toBe(true);

  const kioskResponses = recordKioskResponses(page);
  await openKiosk(page, request);
  await page.getByTestId('selfservice-lang-en').click();
  await page.getByTestId('selfservice-name').fill(name);
  await page.getByTestId('selfservice-next').click();
  await hostToSubmit(page, { locale: 'en', name, hostQuery: 'nguyen van duc', hostLabel: RESIDENT, purpose: 'service' });
  await expect(page.getByTestId('selfservice-see-desk')).toHaveText(en.selfService.done.seeDesk);
  await expect(page.getByTestId('selfservice-qr')).toHaveCount(0);
  await expect(page.getByTestId('selfservice-done-ref')).toHaveCount(0);
  const html = (await page.content()).toLowerCase();
  const bodies = (await kioskResponses()).join('\n').toLowerCase();
  for (const secret of [reason.toLowerCase(), 'watchlist', 'blocked']) {
    expect(html).not.toContain(secret);
    expect(bodies).not.toContain(secret);
  }
});

test('walking away wipes everything entered and returns to the language screen', async ({ page, request }) => {
  // The kiosk waits 4 s (?idle=4), then counts down 4 s. Time in the page runs as usual, except where the test lets
  // those seconds pass at once on the page's clock: the same timers fire, without 20 s of real waiting.
  const IDLE_MS = 4_000;
  await page.clock.install();
  await openKiosk(page, request, '?idle=4');
  const name = visitorName();
  await page.getByTestId('selfservice-lang-vi').click();
  await page.getByTestId('selfservice-name').fill(name);

  // The countdown asks first; a touch keeps the data.
  await page.clock.runFor(IDLE_MS);
  await expect(page.getByTestId('selfservice-idle')).toBeVisible();
  await expect(page.getByTestId('selfservice-idle')).toContainText(vi.selfService.idle.title);
  await page.getByTestId('selfservice-idle-stay').click();
  await expect(page.getByTestId('selfservice-idle')).toBeHidden();
  await expect(page.getByTestId('selfservice-name')).toHaveValue(name);

  // Nobody touches: the screen is wiped, in the kiosk's own language again.
  await page.clock.runFor(IDLE_MS);
  await expect(page.getByTestId('selfservice-idle')).toBeVisible();
  await expect(page.getByTestId('selfservice-name')).toHaveValue(name);
  await page.clock.runFor(IDLE_MS);
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  await expect(page.getByTestId('selfservice-welcome-title')).toHaveText(fill(en.kiosk.welcome, { site: 'Tòa nhà Sông Hồng' }));
  await page.getByTestId('selfservice-lang-vi').click();
  await expect(page.getByTestId('selfservice-name')).toHaveValue('');
  await expect(page.getByTestId('selfservice-scanned')).toHaveCount(0);

  // The done screen clears itself too, receipt and all.
  await page.getByTestId('selfservice-start-over').click();
  const ref = await checkIn(page, { locale: 'en', name: visitorName(), hostQuery: 'A-1203', hostLabel: 'A-1203', purpose: 'service' });
  await page.clock.runFor(2 * IDLE_MS);
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  expect(await page.content()).not.toContain(ref);
});

test('a blank card on the kiosk encoder becomes the visitor card; the QR badge on the kiosk scanner signs out', async ({ page, request }) => {
  const uid = randomUid(4);
  await openKiosk(page, request);
  await control(request, '/present', { device: 'kiosk-encoder', uid });
  const name = visitorName();
  const ref = await checkIn(page, { locale: 'en', name, hostQuery: 'nguyen van duc', hostLabel: RESIDENT, purpose: 'service' }).finally(() =>
    control(request, '/remove', { device: 'kiosk-encoder' }),
  );
  // (Any encode failure shows its code here rather than as a missing element.)
  expect(await page.getByTestId('selfservice-card-error').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))).toEqual([]);
  await expect(page.getByTestId('selfservice-card-uid')).toHaveText(uid);
  await expect(page.getByTestId('selfservice-card')).toContainText(en.selfService.done.takeCard);
  await page.getByTestId('selfservice-finish').click();
  await page.getByTestId('selfservice-sign-out').click();
  await expect(page.getByTestId('selfservice-signout')).toBeVisible();
  await control(request, '/scan', { device: 'kiosk-scanner', text: `FGV:${ref}` });
  await expect(page.getByTestId('selfservice-goodbye')).toBeVisible();
  await expect(page.getByTestId('selfservice-title')).toHaveText(fill(en.selfService.signOut.goodbye, { name }));

  // The desk sees the visit closed and the card no longer active.
  await asReceptionist(request);
  const visit = (await (await request.get(`/api/visits/ref/${ref}`)).json()) as { status: string };
  expect(visit.status).toBe('checked_out');
  await expectCardInactive(request, uid);
});
