/**
 * The reception desk's visitor screens against the pty gateway (test/e2e/pty-server.ts): its card reader, encoder,
 * Chinese ID reader and 2D scanner are simulators on real pseudo-terminals, driven through the control API.
 */
import { expect, test, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { SAMPLE_CCCD_QR, SAMPLE_MRZ_TD3 } from '../../drivers/simulators/samples.js';
import type { CardView, VisitCreate, VisitView } from '../../gateway/contract/index.js';
import { en } from '../../renderer/src/i18n/en.js';
import { visitsVi } from '../../renderer/src/i18n/features/visits.js';
import config, { PTY_CONTROL_URL, PTY_GATEWAY_URL } from '../../playwright.config.js';
import { ADMIN, RECEPTIONIST, capitalize, chooseLanguage, pick, signIn, uniqueWord } from './helpers.js';

const baseLaunch = config.use?.launchOptions ?? {};
test.use({
  baseURL: PTY_GATEWAY_URL,
  // A webcam that shows Chromium's test pattern, allowed without a prompt.
  launchOptions: { ...baseLaunch, args: [...(baseLaunch.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] },
  permissions: ['camera'],
});
// Each test walks a whole desk flow through real serial devices: more steps than the default 30 s allow on a busy machine.
test.describe.configure({ timeout: 90_000 });

interface Seed {
  units: { a1203: number; b0501: number };
  companies: { saoMai: number };
  people: { duc: number; mai: number };
  zones: { floor12: number; floor5: number; lobby: number };
  stations: { desk: number; kiosk: number };
}

/** Contact data of the seeded hosts: never on a desk page, never in an API response to the desk. */
const HOST_CONTACT = ['912 345 678', '912345678', 'duc@example.vn', '988 000 111', '988000111', 'mai@saomai.vn', '3822 0000', 'info@saomai.vn'];
/** A 1×1 PNG, as the webcam photo of visitors registered over the API. */
const PHOTO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const USER = { ADMIN, RECEPTIONIST, SECURITY: { username: 'bao.ve', password: 'correct-horse-3' } } as const;

async function control(path: string, body?: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${PTY_CONTROL_URL}${path}`, {
    method: body ? 'POST' : 'GET',
    ...(body && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(200);
  return response.json();
}
const present = (device: string, uid: string) => control('/present', { device, uid });
const removeCard = (device: string) => control('/remove', { device });
const scan = (device: string, text: string) => control('/scan', { device, text });
const seed = async () => (await control('/seed')) as Seed;

const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('');
const cccdNumber = () => `0790${Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)).join('')}`;
const visitorName = () => `Khách ${capitalize(uniqueWord(6))} ${capitalize(uniqueWord(5))}`;

async function staff(playwright: PlaywrightWorkerArgs['playwright'], user: { username: string; password: string }): Promise<APIRequestContext> {
  const api = await playwright.request.newContext({ baseURL: PTY_GATEWAY_URL });
  expect((await api.post('/api/auth/login', { data: user })).status()).toBe(200);
  return api;
}

async function register(api: APIRequestContext, body: VisitCreate): Promise<VisitView> {
  const response = await api.post('/api/visits', { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as VisitView;
}

async function issuePoolCard(api: APIRequestContext, visitId: number, uid: string): Promise<VisitView> {
  const response = await api.post(`/api/visits/${visitId}/card`, { data: { source: 'pool', uid } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as VisitView;
}

async function cardByUid(api: APIRequestContext, uid: string): Promise<CardView> {
  const { items } = (await (await api.get(`/api/cards?q=${uid}`)).json()) as { items: CardView[] };
  const card = items.find((c) => c.uid === uid);
  expect(card, `card ${uid}`).toBeDefined();
  return card as CardView;
}

async function visitOf(api: APIRequestContext, id: number): Promise<VisitView> {
  return (await (await api.get(`/api/visits/${id}`)).json()) as VisitView;
}

async function waitLive(page: Page) {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
}

async function openDesk(page: Page) {
  await page.getByTestId('nav-visitors').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.visits.board.title);
  await waitLive(page);
}

/** The board acts on taps of its desk reader once it knows which one that is (its device list has arrived). */
async function waitDeskReader(page: Page) {
  await expect(page.getByTestId('desk-reader-bar')).not.toHaveAttribute('data-reader-id', '');
}

async function chooseSegment(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).getByText(label, { exact: true }).click();
}

// Every test leaves the building empty, so the sample documents can register again.
test.afterEach(async ({ playwright }) => {
  const api = await staff(playwright, USER.ADMIN);
  const board = (await (await api.get('/api/visits/board')).json()) as { waiting: VisitView[]; onSite: VisitView[]; expected: VisitView[] };
  for (const visit of [...board.waiting, ...board.onSite, ...board.expected]) {
    if (visit.custody && visit.custody.returnedAt === null) await api.post(`/api/visits/${visit.id}/return-document`);
    if (visit.status === 'blocked' || visit.status === 'expected') await api.post(`/api/visits/${visit.id}/cancel`, { data: { reason: 'e2e clean-up' } });
    else if (visit.checkoutRequestedAt === null) await api.post(`/api/visits/${visit.id}/check-out`);
  }
  await api.dispose();
  for (const device of ['desk-reader', 'desk-encoder', 'kiosk-reader']) await removeCard(device);
});

test('desk check-in with a CCCD QR scan: the form fills in with its checks, a webcam photo, the host found without diacritics', async ({ page }) => {
  const { people } = await seed();
  await signIn(page, RECEPTIONIST);
  await expect(page.getByRole('navigation').getByRole('link').nth(1)).toHaveAttribute('data-testid', 'nav-visitors');
  await openDesk(page);
  await expect(page.getByTestId('desk-reader-bar')).toHaveAttribute('data-reader-id', 'desk-reader');
  await page.getByTestId('visitor-new').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.visits.register.title);
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');

  await scan('desk-scanner', SAMPLE_CCCD_QR);
  const scanned = page.getByTestId('scan-panel');
  await expect(scanned).toHaveAttribute('data-state', 'document');
  await expect(scanned).toHaveAttribute('data-doc-type', 'cccd');
  await expect(page.getByTestId('visit-full-name')).toHaveValue('NGUYEN VAN A');
  await expect(page.getByTestId('visit-doc-number')).toHaveValue('001090123456');
  await expect(page.getByTestId('visit-doc-type')).toHaveValue(en.visits.docTypes.cccd);
  await expect(page.getByTestId('visit-doc-source')).toHaveAttribute('data-source', 'scan');
  await expect(scanned.locator('[data-testid="document-check"][data-passed="true"]').first()).toBeVisible();
  await expect(scanned.locator('[data-testid="document-check"][data-passed="false"]')).toHaveCount(0);

  await expect(page.getByTestId('visit-photo')).toHaveAttribute('data-state', 'live');
  await page.getByTestId('visit-photo-take').click();
  await expect(page.getByTestId('visit-photo')).toHaveAttribute('data-state', 'taken');
  await expect(page.getByTestId('visit-photo-image')).toHaveAttribute('src', /^data:image\/jpeg;base64,/);

  await pick(page, 'visit-host', 'nguyen van duc', /Nguyễn Văn Đức/);
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/visits');
  await page.getByTestId('visit-register-submit').click();
  const body = (await sent).postDataJSON() as { document: { type: string; number: string; source: string; scanned: { checks: unknown[] } }; photo: string; host: unknown };
  expect(body.document).toMatchObject({ type: 'cccd', number: '001090123456', source: 'scan' });
  expect(body.document.scanned.checks.length).toBeGreaterThan(0);
  expect(body.photo).toMatch(/^data:image\/jpeg;base64,/);
  expect(body.host).toEqual({ personId: people.duc, unitId: null, companyId: null });

  const panel = page.getByTestId('visit-panel');
  await expect(panel).toHaveAttribute('data-status', 'checked_in');
  await expect(page.getByTestId('visit-host-label')).toHaveText('Nguyễn Văn Đức');
  await expect(page.getByTestId('visit-floors-view')).toHaveText('12');
  await expect(page.getByTestId('visit-doc-hint')).toContainText('3456');
  await expect(page.getByTestId('visit-summary').locator('[data-testid="document-check"][data-passed="true"]').first()).toBeVisible();
  await expect(page.getByTestId('visit-photo-show')).toBeVisible();
  const visitId = await panel.getAttribute('data-visit-id');

  // The same person again while still on site: the translated 409, with the way to the open visit.
  await page.goto('/visitors/new');
  await waitLive(page);
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');
  await scan('desk-scanner', SAMPLE_CCCD_QR);
  await expect(page.getByTestId('visit-doc-number')).toHaveValue('001090123456');
  await pick(page, 'visit-host', 'nguyen van duc', /Nguyễn Văn Đức/);
  await page.getByTestId('visit-register-submit').click();
  await expect(page.getByTestId('form-error')).toContainText(en.errors.visit_duplicate);
  await page.getByTestId('visit-open-duplicate').click();
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-visit-id', visitId ?? '');
});

test('desk check-in with a passport MRZ scan on a station whose camera is refused, host by unit code', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) });
  });
  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('visitor-new').click();
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('visit-photo-unavailable')).toHaveAttribute('data-reason', 'denied');
  await expect(page.getByTestId('visit-photo-unavailable')).toHaveText(en.visits.photo.unavailable.denied);

  await scan('desk-scanner', SAMPLE_MRZ_TD3);
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-doc-type', 'passport');
  await expect(page.getByTestId('visit-full-name')).toHaveValue(/ERIKSSON/);
  await expect(page.getByTestId('visit-doc-number')).toHaveValue('L898902C3');
  await expect(page.getByTestId('visit-doc-type')).toHaveValue(en.visits.docTypes.passport);
  await expect(page.getByTestId('scan-panel').locator('[data-testid="document-check"][data-passed="true"]').first()).toBeVisible();
  await expect(page.getByTestId('scan-panel').locator('[data-testid="document-check"][data-passed="false"]')).toHaveCount(0);

  await chooseSegment(page, 'visit-purpose', en.visits.purposes.delivery);
  await chooseSegment(page, 'visit-host-kind', en.visits.host.kinds.unit);
  await pick(page, 'visit-host', 'A-1203', 'A-1203');
  await page.getByTestId('visit-register-submit').click();
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-status', 'checked_in');
  await expect(page.getByTestId('visit-host-label')).toHaveText('A-1203');
  await expect(page.getByTestId('visit-floors-view')).toHaveText('12');
  await expect(page.getByTestId('visit-purpose-view')).toHaveText(en.visits.purposes.delivery);
  await expect(page.getByTestId('visit-photo-show')).toHaveCount(0);
});

test('desk check-in with the Chinese ID card reader, a business visitor who waits for a company, then is admitted', async ({ page }) => {
  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('visitor-new').click();
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');
  await control('/id-card', { device: 'desk-id-reader' });
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-doc-type', 'cn_id');
  await expect(page.getByTestId('visit-full-name')).toHaveValue('王芳');
  await expect(page.getByTestId('visit-doc-number')).toHaveValue('11010519491231002X');
  await expect(page.getByTestId('visit-doc-type')).toHaveValue(en.visits.docTypes.cn_id);
  await expect(page.getByTestId('scan-panel').locator('[data-testid="document-check"][data-passed="true"]').first()).toBeVisible();
  await expect(page.getByTestId('scan-panel').locator('[data-testid="document-check"][data-passed="false"]')).toHaveCount(0);

  await chooseSegment(page, 'visit-purpose', en.visits.purposes.business);
  await chooseSegment(page, 'visit-host-kind', en.visits.host.kinds.company);
  await pick(page, 'visit-host', 'sao mai', 'Công ty TNHH Sao Mai');
  await page.getByTestId('visit-register-submit').click();
  const panel = page.getByTestId('visit-panel');
  await expect(panel).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('visit-floors-view')).toHaveText('5');
  await expect(page.getByTestId('waiting-actions')).toBeVisible();
  const visitId = await panel.getAttribute('data-visit-id');

  // The waiting list: who waits for whom, and since when.
  await page.getByTestId('visit-back').click();
  await page.getByTestId('board-tab-waiting').click();
  const row = page.locator(`[data-testid="waiting-row"][data-visit-id="${visitId}"]`);
  await expect(row.getByTestId('visit-name')).toHaveText('王芳');
  await expect(row.getByTestId('waiting-host')).toHaveText('Công ty TNHH Sao Mai');
  await expect(row.getByTestId('visit-duration')).toBeVisible();
  await row.getByTestId('waiting-host-contacted').click();
  await expect(row.getByTestId('waiting-contacted')).toBeVisible();
  await row.getByTestId('waiting-admit').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('board-tab-onSite').click();
  await expect(page.locator(`[data-testid="onsite-row"][data-visit-id="${visitId}"]`).getByTestId('onsite-host')).toHaveText('Công ty TNHH Sao Mai');
});

test('an expected visitor checks in at the desk by the QR code of the invitation', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const start = new Date(Date.now() - 10 * 60_000).toISOString();
  const end = new Date(Date.now() + 3 * 3600_000).toISOString();
  const response = await api.post('/api/visits/expected', { data: { fullName: visitorName(), company: 'Công ty Hòa Bình', purpose: 'business', host: { personId: people.mai }, expectedStart: start, expectedEnd: end } });
  expect(response.status(), await response.text()).toBe(201);
  const expected = (await response.json()) as VisitView;

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('board-tab-expected').click();
  await expect(page.locator(`[data-testid="expected-row"][data-visit-id="${expected.id}"]`)).toContainText('Trần Thị Mai');
  await page.getByTestId('visitor-new').click();
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');
  await scan('desk-scanner', `FGV:${expected.ref}`);
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'expected');
  await expect(page.getByTestId('visit-full-name')).toHaveValue(expected.fullName);
  await expect(page.getByTestId('visit-company')).toHaveValue('Công ty Hòa Bình');
  await expect(page.getByTestId('visit-host')).toHaveValue(/Trần Thị Mai/);
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/visits');
  await page.getByTestId('visit-register-submit').click();
  expect(((await sent).postDataJSON() as { expectedRef: string }).expectedRef).toBe(expected.ref);
  const panel = page.getByTestId('visit-panel');
  await expect(panel).toHaveAttribute('data-visit-id', String(expected.id));
  await expect(panel).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('visit-ref')).toHaveText(expected.ref);

  // The same QR code again: that visit is no longer expected.
  await page.goto('/visitors/new');
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'idle');
  await waitLive(page);
  await scan('desk-scanner', `FGV:${expected.ref}`);
  await expect(page.getByTestId('scan-panel')).toHaveAttribute('data-state', 'not-expected');
  await page.getByTestId('scan-open-visit').click();
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-visit-id', String(expected.id));
  await api.dispose();
});

test('a blank card encoded on the desk encoder is active for the visit, and deactivated at check-out', async ({ page, playwright }) => {
  const { people, zones } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const name = visitorName();
  const visit = await register(api, { fullName: name, purpose: 'service', host: { personId: people.duc }, document: { type: 'cccd', number: cccdNumber(), source: 'manual' } });
  const uid = hex(8);

  await signIn(page, RECEPTIONIST, `/visitors/${visit.id}`);
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-status', 'checked_in');
  await expect(page.getByTestId('card-encode-hint')).toContainText('Desk card encoder');
  // Nothing on the encoder yet: the translated reason, and no card.
  await page.getByTestId('card-encode').click();
  await expect(page.getByTestId('card-error')).toContainText(en.errors.card_encode_failed);
  await expect(page.getByTestId('card-error')).toContainText(en.visits.card.encodeReasons.noCard);
  await expect(page.getByTestId('visit-card')).toHaveCount(0);
  await present('desk-encoder', uid);
  await page.getByTestId('card-encode').click();
  const card = page.getByTestId('visit-card');
  await expect(card).toHaveAttribute('data-status', 'active');
  await expect(card).toHaveAttribute('data-uid', uid);
  await expect(page.getByTestId('visit-card-status')).toHaveText(en.cards.statuses.active);

  const issued = await cardByUid(api, uid);
  expect(issued).toMatchObject({ status: 'active', holderKind: 'visitor', technology: 'mifare_classic' });
  expect(Date.parse(issued.validUntil ?? '')).toBe(Date.parse(visit.expectedEnd ?? 'missing'));
  expect(issued.zoneIds).toEqual(expect.arrayContaining([zones.floor12, zones.lobby]));
  expect(issued.zoneIds).not.toContain(zones.floor5);

  await page.getByTestId('visit-check-out').click();
  await page.getByTestId('confirm-yes').click();
  const notice = page.getByTestId('checkout-notice');
  await expect(notice).toHaveAttribute('data-closed', 'true');
  await expect(notice.getByTestId('checkout-card')).toHaveText(en.visits.checkOut.cardDeactivated.replace('{{uid}}', uid));
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-status', 'checked_out');
  expect((await cardByUid(api, uid)).status).not.toBe('active');
  await api.dispose();
});

test('a pool card tapped on the desk reader becomes the visitor card; the desk holds and hands back the ID document', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const visit = await register(api, { fullName: visitorName(), purpose: 'contractor', host: { personId: people.mai } });
  const uid = hex(10);

  await signIn(page, RECEPTIONIST, `/visitors/${visit.id}`);
  await waitLive(page);
  await expect(page.getByTestId('visit-floors-view')).toHaveText('5');
  await page.getByTestId('card-tap').click();
  await expect(page.getByTestId('card-tap-waiting')).toContainText('Desk card reader');
  await present('desk-reader', uid);
  await expect(page.getByTestId('visit-card')).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('visit-card-uid')).toHaveText(uid);
  expect((await cardByUid(api, uid)).status).toBe('active');

  await page.getByTestId('custody-slot').fill('B7');
  await page.getByTestId('custody-hold').click();
  await expect(page.getByTestId('custody-section')).toHaveAttribute('data-held', 'B7');
  await expect(page.getByTestId('custody-held')).toContainText('B7');
  await page.getByTestId('custody-return').click();
  await expect(page.getByTestId('custody-section')).toHaveAttribute('data-held', '');
  await expect(page.getByTestId('custody-returned')).toContainText('B7');
  await api.dispose();
});

test('check-out by tapping the visitor card on the desk reader deactivates the card at once', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const name = visitorName();
  const visit = await register(api, { fullName: name, purpose: 'service', host: { personId: people.duc } });
  const uid = hex(10);
  await issuePoolCard(api, visit.id, uid);

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await waitDeskReader(page);
  const row = page.locator(`[data-testid="onsite-row"][data-visit-id="${visit.id}"]`);
  await expect(row.getByTestId('onsite-card')).toHaveText(uid);

  // The check-out request is held back: the board shows who tapped at once, from the card it knows the visitor holds.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/visits/check-out-by-card', async (route) => {
    await held;
    await route.continue();
  });
  await present('desk-reader', uid);
  const pending = page.getByTestId('checkout-pending');
  await expect(pending).toHaveAttribute('data-visit-id', String(visit.id));
  await expect(pending.getByTestId('checkout-pending-title')).toHaveText(en.visits.checkOut.checking.replace('{{name}}', name));
  await expect(page.getByTestId('checkout-notice')).toHaveCount(0);
  release();
  const notice = page.getByTestId('checkout-notice');
  await expect(notice).toHaveAttribute('data-visit-id', String(visit.id));
  await expect(notice).toHaveAttribute('data-closed', 'true');
  await expect(pending).toHaveCount(0);
  await page.unroute('**/api/visits/check-out-by-card');
  await expect(notice.getByTestId('checkout-title')).toHaveText(en.visits.checkOut.closed.replace('{{name}}', name));
  await expect(notice.getByTestId('checkout-card')).toHaveText(en.visits.checkOut.cardDeactivated.replace('{{uid}}', uid));
  await expect(row).toHaveCount(0);
  expect((await cardByUid(api, uid)).status).not.toBe('active');
  expect((await visitOf(api, visit.id)).status).toBe('checked_out');
  await removeCard('desk-reader');

  // A card that serves no visit: the desk is told so, nothing changes.
  const stranger = hex(10);
  await present('desk-reader', stranger);
  await expect(page.getByTestId('card-checkout-error')).toHaveAttribute('data-uid', stranger);
  await expect(page.getByTestId('card-checkout-error')).toContainText(en.visits.checkOut.unknownCard.replace('{{uid}}', stranger));
  await api.dispose();
});

test('a card tapped in the first moments, before the board has its device list, is checked out once the list arrives', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const visit = await register(api, { fullName: visitorName(), purpose: 'service', host: { personId: people.duc } });
  const uid = hex(10);
  await issuePoolCard(api, visit.id, uid);

  // The device list is held back until the tap has reached the page.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const deviceList = (url: URL) => url.pathname === '/api/devices';
  await page.route(deviceList, async (route) => {
    await held;
    await route.continue();
  });
  const socket = page.waitForEvent('websocket');
  await signIn(page, RECEPTIONIST, '/visitors');
  await waitLive(page);
  await expect(page.getByTestId('desk-reader-bar')).toHaveAttribute('data-reader-id', '');
  const tapped = (await socket).waitForEvent('framereceived', (frame) => typeof frame.payload === 'string' && frame.payload.includes('card.presented') && frame.payload.includes(uid));
  await present('desk-reader', uid);
  await tapped;
  // Another station's reader taps meanwhile: it must neither be taken for the desk's nor push the desk's tap out.
  const other = hex(10);
  const otherTapped = (await socket).waitForEvent('framereceived', (frame) => typeof frame.payload === 'string' && frame.payload.includes('card.presented') && frame.payload.includes(other));
  await present('kiosk-reader', other);
  await otherTapped;
  await expect(page.getByTestId('checkout-notice')).toHaveCount(0);
  release();
  await waitDeskReader(page);
  const notice = page.getByTestId('checkout-notice');
  await expect(notice).toHaveAttribute('data-visit-id', String(visit.id));
  await expect(notice).toHaveAttribute('data-closed', 'true');
  expect((await visitOf(api, visit.id)).status).toBe('checked_out');
  expect((await cardByUid(api, uid)).status).not.toBe('active');
  await expect(page.getByTestId('card-checkout-error')).toHaveCount(0);
  await page.unroute(deviceList);
  await api.dispose();
});

test('ID custody blocks the close: a card check-out leaves the visit open with the reminder until the document is handed back', async ({ page, playwright }) => {
  const { units } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const visit = await register(api, { fullName: visitorName(), purpose: 'service', host: { unitId: units.a1203 }, document: { type: 'cccd', number: cccdNumber(), source: 'manual' }, custodySlot: '17' });
  const uid = hex(10);
  await issuePoolCard(api, visit.id, uid);

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await waitDeskReader(page);
  const row = page.locator(`[data-testid="onsite-row"][data-visit-id="${visit.id}"]`);
  await expect(row.getByTestId('onsite-slot')).toHaveText(en.visits.custody.slotShort.replace('{{slot}}', '17'));

  await present('desk-reader', uid);
  const notice = page.getByTestId('checkout-notice');
  await expect(notice).toHaveAttribute('data-closed', 'false');
  await expect(notice.getByTestId('checkout-reminder')).toContainText(en.visits.checkOut.returnDocument.replace('{{slot}}', '17'));
  await expect(notice.getByTestId('checkout-card')).toContainText(uid);
  const pending = await visitOf(api, visit.id);
  expect(pending.status).toBe('checked_in');
  expect(pending.checkoutRequestedAt).not.toBeNull();
  expect((await cardByUid(api, uid)).status).not.toBe('active');
  await expect(row.getByTestId('visit-status')).toHaveText(en.visits.statuses.leaving);

  await notice.getByTestId('checkout-return-document').click();
  await expect(notice).toHaveAttribute('data-closed', 'true');
  await expect(notice.getByTestId('checkout-reminder')).toHaveCount(0);
  await expect(row).toHaveCount(0);
  expect((await visitOf(api, visit.id)).status).toBe('checked_out');
  await api.dispose();
});

test('a visitor on the watchlist is stopped: security is alerted live, no card can be issued', async ({ page, browser, playwright }) => {
  const admin = await staff(playwright, USER.ADMIN);
  const name = `Đỗ Văn ${capitalize(uniqueWord(7))}`;
  const reason = `Trộm cắp tại sảnh (${uniqueWord(4)})`;
  expect((await admin.post('/api/watchlist', { data: { fullName: name, reason } })).status()).toBe(201);
  await admin.dispose();

  // A security station listens to the gateway's live events.
  const securityContext = await browser.newContext({ baseURL: PTY_GATEWAY_URL });
  const guard = await securityContext.newPage();
  await signIn(guard, USER.SECURITY);
  await guard.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { alerts: { visit: { fullName: string }; reason: string }[] };
        w.alerts = [];
        const ws = new WebSocket(`ws://${location.host}/api/events`, ['frontgate.v1']);
        ws.onopen = () => resolve();
        ws.onmessage = (message) => {
          const event = JSON.parse(String(message.data)) as { type: string; data: { visit: { fullName: string }; reason: string } };
          if (event.type === 'visit.alert') w.alerts.push(event.data);
        };
      }),
  );

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('visitor-new').click();
  await page.getByTestId('visit-full-name').fill(name);
  await page.getByTestId('visit-doc-number').fill(cccdNumber());
  await expect(page.getByTestId('visit-doc-source')).toHaveAttribute('data-source', 'manual');
  await chooseSegment(page, 'visit-host-kind', en.visits.host.kinds.unit);
  await pick(page, 'visit-host', 'A-1203', 'A-1203');
  await page.getByTestId('visit-register-submit').click();

  const panel = page.getByTestId('visit-panel');
  await expect(panel).toHaveAttribute('data-status', 'blocked');
  await expect(page.getByTestId('visit-blocked')).toContainText(en.visits.blocked.title);
  await expect(page.getByTestId('visit-status')).toHaveText(en.visits.statuses.blocked);
  await expect(page.getByTestId('visit-card-section')).toHaveCount(0);
  await expect(page.getByTestId('card-tap')).toHaveCount(0);
  await expect(page.getByTestId('visit-print-badge')).toHaveCount(0);
  const visitId = await panel.getAttribute('data-visit-id');

  await page.getByTestId('visit-back').click();
  await page.getByTestId('board-tab-waiting').click();
  await expect(page.locator(`[data-testid="waiting-row"][data-visit-id="${visitId}"]`)).toHaveAttribute('data-status', 'blocked');

  const alerts = () => guard.evaluate(() => (window as unknown as { alerts: { visit: { fullName: string }; reason: string }[] }).alerts);
  await expect.poll(async () => (await alerts()).map((a) => a.visit.fullName)).toContain(name);
  expect((await alerts()).find((a) => a.visit.fullName === name)?.reason).toBe(reason);
  await securityContext.close();
});

test('the badge: name, host, floors, photo and the QR code as an image, printed in the UI language and as a one-page PDF', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const name = visitorName();
  const visit = await register(api, { fullName: name, company: 'Công ty Bình Minh', purpose: 'service', host: { personId: people.duc }, photo: PHOTO });
  await api.dispose();
  await page.addInitScript(() => {
    const w = window as unknown as { print(): void; printed: number };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });

  await signIn(page, RECEPTIONIST, `/visitors/${visit.id}`);
  await page.getByTestId('visit-print-badge').click();
  const badge = page.getByTestId('badge');
  await expect(badge).toHaveAttribute('data-ref', visit.ref);
  await expect(badge.getByTestId('badge-name')).toHaveText(name);
  await expect(badge.getByTestId('badge-host')).toHaveText('Nguyễn Văn Đức');
  await expect(badge.getByTestId('badge-floors')).toHaveText('12');
  await expect(badge.getByTestId('badge-site')).toHaveText('Tòa nhà Sông Hồng');
  await expect(badge.getByTestId('badge-company')).toHaveText('Công ty Bình Minh');
  await expect(badge.getByTestId('badge-photo')).toHaveAttribute('src', PHOTO);
  await expect(badge.getByTestId('badge-valid-until')).not.toHaveText('—');
  const qr = badge.getByTestId('badge-qr');
  const src = (await qr.getAttribute('src')) ?? '';
  expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Buffer.from(src.split(',')[1] ?? '', 'base64').toString('utf8')).toContain('<svg');
  await expect(badge.locator('svg')).toHaveCount(0);
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  await page.getByTestId('badge-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1);

  await chooseLanguage(page, 'vi');
  await expect(badge).toContainText(visitsVi.badge.visitor);
  await expect(badge).toContainText(visitsVi.badge.host);
  await expect(page.getByTestId('badge-print')).toHaveText(visitsVi.badge.print);
  await chooseLanguage(page, 'en');
});

test('a visitor past the expected end is highlighted on the desk board and counted as an overstay', async ({ page, playwright }) => {
  const { people } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const name = visitorName();
  const end = Date.now() + 2_000;
  const visit = await register(api, { fullName: name, purpose: 'service', host: { personId: people.duc }, expectedEnd: new Date(end).toISOString() });
  const other = await register(api, { fullName: visitorName(), purpose: 'service', host: { personId: people.duc } });
  // The expected end passes (the gateway refuses an end in the past at registration).
  await expect.poll(() => Date.now() > end + 500, { timeout: 10_000 }).toBe(true);

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  const row = page.locator(`[data-testid="onsite-row"][data-visit-id="${visit.id}"]`);
  await expect(row).toHaveAttribute('data-overstay', 'true');
  await expect(row.getByTestId('onsite-overstay')).toHaveText(en.visits.overstay);
  const onTime = page.locator(`[data-testid="onsite-row"][data-visit-id="${other.id}"]`);
  await expect(onTime).toHaveAttribute('data-overstay', 'false');
  await expect(onTime.getByTestId('onsite-overstay')).toHaveCount(0);
  await expect(page.getByTestId('board-overstays')).toHaveText(new RegExp(`^${en.visits.board.overstays.replace('{{count}}', '\\d+')}$`));
  await api.post(`/api/visits/${visit.id}/check-out`);
  await api.post(`/api/visits/${other.id}/check-out`);
  await api.dispose();
});

test('the evacuation list: everyone on site and waiting, with host, floor and the print time, live and printable', async ({ page, playwright }) => {
  const { people, companies } = await seed();
  const api = await staff(playwright, USER.RECEPTIONIST);
  const onSite = await register(api, { fullName: visitorName(), purpose: 'service', host: { personId: people.duc } });
  const waiting = await register(api, { fullName: visitorName(), purpose: 'business', host: { companyId: companies.saoMai } });

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('evacuation-open').click();
  const list = page.getByTestId('evacuation-list');
  await expect(page.getByTestId('page-title')).toHaveText(en.visits.evacuation.title);
  const onSiteRow = page.getByTestId('evacuation-table-onsite').locator(`[data-visit-id="${onSite.id}"]`);
  await expect(onSiteRow.getByTestId('evacuation-name')).toHaveText(onSite.fullName);
  await expect(onSiteRow.getByTestId('evacuation-host')).toHaveText('Nguyễn Văn Đức');
  await expect(onSiteRow.getByTestId('evacuation-floors')).toHaveText('12');
  const lobbyRow = page.getByTestId('evacuation-table-lobby').locator(`[data-visit-id="${waiting.id}"]`);
  await expect(lobbyRow.getByTestId('evacuation-host')).toHaveText('Công ty TNHH Sao Mai');
  await expect(lobbyRow.getByTestId('evacuation-floors')).toHaveText('5');
  await expect(page.getByTestId('evacuation-time')).toContainText(en.visits.evacuation.asOf.replace('{{time}}', ''));
  const rows = await list.getByTestId('evacuation-row').count();
  await expect(page.getByTestId('evacuation-count')).toHaveAttribute('data-count', String(rows));

  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Live: a check-out elsewhere takes the visitor off the list.
  expect((await api.post(`/api/visits/${onSite.id}/check-out`)).status()).toBe(200);
  await expect(onSiteRow).toHaveCount(0);
  await expect(page.getByTestId('evacuation-count')).toHaveAttribute('data-count', String(rows - 1));
  await api.dispose();
});

test('desk pages and the API responses they load never carry a host’s phone or e-mail, nor the visitor’s phone without the permission', async ({ page }) => {
  const bodies: Promise<string>[] = [];
  const endpoints = new Set<string>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/') || response.request().method() === 'OPTIONS') return;
    endpoints.add(`${response.request().method()} ${url.pathname.replace(/\/\d+/g, '/:id')}`);
    bodies.push(response.text().catch(() => ''));
  });
  const expectNoContact = async () => {
    const html = await page.content();
    for (const secret of HOST_CONTACT) expect(html, secret).not.toContain(secret);
  };

  await signIn(page, RECEPTIONIST);
  await openDesk(page);
  await page.getByTestId('visitor-new').click();
  await page.getByTestId('visit-full-name').fill(visitorName());
  await page.getByTestId('visit-phone').fill('+84 901 234 567');
  await pick(page, 'visit-host', 'tran thi', /Trần Thị Mai/);
  await expectNoContact();
  await chooseSegment(page, 'visit-host-kind', en.visits.host.kinds.company);
  await pick(page, 'visit-host', 'sao mai', 'Công ty TNHH Sao Mai');
  await chooseSegment(page, 'visit-purpose', en.visits.purposes.business);
  await expectNoContact();
  await page.getByTestId('visit-register-submit').click();
  await expect(page.getByTestId('visit-panel')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('visit-host-label')).toHaveText('Công ty TNHH Sao Mai');
  await expect(page.getByTestId('visit-phone-view')).toHaveCount(0);
  await expectNoContact();
  expect(await page.content()).not.toContain('901 234 567');

  await page.getByTestId('visit-print-badge').click();
  await expect(page.getByTestId('badge-host')).toHaveText('Công ty TNHH Sao Mai');
  await expectNoContact();
  await page.goto('/visitors');
  await page.getByTestId('board-tab-waiting').click();
  await expect(page.getByTestId('waiting-row').first()).toBeVisible();
  await expectNoContact();
  await page.getByTestId('evacuation-open').click();
  await expect(page.getByTestId('evacuation-row').first()).toBeVisible();
  await expectNoContact();

  for (const endpoint of ['GET /api/people', 'GET /api/companies', 'POST /api/visits', 'GET /api/visits/:id', 'GET /api/visits/:id/badge', 'GET /api/visits/board']) {
    expect([...endpoints]).toContain(endpoint);
  }
  const texts = await Promise.all(bodies);
  for (const text of texts) {
    for (const secret of [...HOST_CONTACT, '901 234 567']) expect(text, secret).not.toContain(secret);
  }
});
