/**
 * Visitor-entered text can never execute: hostile names and companies, registered over the API at the desk and at
 * the kiosk, are shown as text on every visitor screen and printout (desk board, visit panel, badge, evacuation
 * list, visit log, security alerts; a kiosk sign-in on the desk board). No dialog opens, no injected element exists, the text is visible.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import config, { PTY_CONTROL_URL, PTY_GATEWAY_URL } from '../../playwright.config.js';
import { ADMIN, RECEPTIONIST, signIn } from './helpers.js';

test.use({ baseURL: PTY_GATEWAY_URL });
test.describe.configure({ timeout: 90_000 });

const HOSTILE_NAME = `<img src=x onerror="window.__xss=1;alert(1)"> Khách ${Date.now()}`;
const HOSTILE_COMPANY = `"><svg onload="window.__xss=2;alert(2)"></svg><script>window.__xss=3</script>`;
const INJECTED = 'img[src="x"], svg[onload], script:not([src]):not([type="module"])';

async function staffApi(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }, user: { username: string; password: string }) {
  const api = await playwright.request.newContext({ baseURL: PTY_GATEWAY_URL });
  expect((await api.post('/api/auth/login', { data: user })).status()).toBe(200);
  return api;
}

/** Fails the test on any dialog and checks, after the page settled, that nothing injected ran or exists. */
async function expectInert(page: Page, visible: string) {
  await expect(page.getByText(visible, { exact: false }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator(INJECTED).count()).toBe(0);
}

test('hostile visitor text stays text on every desk screen and printout', async ({ page, playwright }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  const seed = (await (await fetch(`${PTY_CONTROL_URL}/seed`)).json()) as { people: { duc: number } };
  const desk = await staffApi(playwright, RECEPTIONIST);
  const created = await desk.post('/api/visits', { data: { fullName: HOSTILE_NAME, company: HOSTILE_COMPANY, purpose: 'service', host: { personId: seed.people.duc }, custodySlot: '<b>7</b>' } });
  expect(created.status(), await created.text()).toBe(201);
  const visit = (await created.json()) as { id: number };
  const visibleName = HOSTILE_NAME.slice(0, 30);

  await signIn(page, RECEPTIONIST);
  for (const path of ['/visitors', `/visitors/${visit.id}`, `/visitors/${visit.id}/badge`, '/visitors/on-site/print', '/visits/log']) {
    await page.goto(path);
    await expectInert(page, visibleName);
  }
  await desk.post(`/api/visits/${visit.id}/return-document`);
  await desk.post(`/api/visits/${visit.id}/check-out`);
});

test('a hostile name on the security alert list and from a kiosk sign-in stays text', async ({ page, playwright, browser }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  const seed = (await (await fetch(`${PTY_CONTROL_URL}/seed`)).json()) as { people: { duc: number } };
  const admin = await staffApi(playwright, ADMIN);
  const blockedName = `<img src=x onerror="window.__xss=4"> Chặn ${Date.now()}`;
  const entry = (await (await admin.post('/api/watchlist', { data: { fullName: blockedName, idNumber: null, reason: '<script>window.__xss=5</script>' } })).json()) as { id: number };

  await signIn(page, ADMIN, '/visits/alerts');
  const desk = await staffApi(playwright, RECEPTIONIST);
  const stopped = (await (await desk.post('/api/visits', { data: { fullName: blockedName, purpose: 'service', host: { personId: seed.people.duc } } })).json()) as { id: number; status: string };
  expect(stopped.status).toBe('blocked');
  await expectInert(page, 'Chặn');

  // A visitor who signed in at the kiosk with a hostile name, as the desk then sees them.
  const { token } = (await (await fetch(`${PTY_CONTROL_URL}/kiosk-token`)).json()) as { token: string };
  const kioskName = `<img src=x onerror="window.__xss=6"> Kiosk ${Date.now()}`;
  const signature = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const kioskApi = await playwright.request.newContext({ baseURL: PTY_GATEWAY_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const receipt = await kioskApi.post('/api/kiosk/check-in', { data: { locale: 'en', fullName: kioskName, purpose: 'service', host: { personId: seed.people.duc }, rulesAccepted: true, signature } });
  expect(receipt.status(), await receipt.text()).toBe(201);
  const kioskPage = await browser.newPage({ baseURL: PTY_GATEWAY_URL, viewport: config.use?.viewport ?? null });
  kioskPage.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await signIn(kioskPage, RECEPTIONIST, '/visitors');
  // The whole name, as text (the desk's reader picker also says "Kiosk card reader").
  await expectInert(kioskPage, kioskName);
  await kioskPage.close();

  await admin.post(`/api/visits/${stopped.id}/cancel`, { data: { reason: 'test' } });
  await admin.post(`/api/watchlist/${entry.id}/deactivate`);
  await kioskApi.post('/api/kiosk/check-out', { data: { ref: ((await receipt.json()) as { ref: string }).ref } });
});
