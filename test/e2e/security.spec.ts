import { expect, test, type Page } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { ADMIN, RECEPTIONIST, capitalize, pick, signIn, uniqueWord } from './helpers.js';

/** The demo door reader (gateway/devices/manager.ts DEMO_DEVICES): taps on it are decided at the reader linked to it. */
const DOOR_DEVICE = 'sim-door-reader';

async function present(page: Page, uid: string) {
  const response = await page.request.post(`/api/devices/${DOOR_DEVICE}/simulate`, { data: { action: 'present', uid } });
  expect(response.status()).toBe(200);
}

async function removeCard(page: Page) {
  const response = await page.request.post(`/api/devices/${DOOR_DEVICE}/simulate`, { data: { action: 'remove' } });
  expect(response.status()).toBe(200);
}

async function waitLive(page: Page) {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
}

/** A random 10-hex-digit EM4100 UID. */
function randomUid(): string {
  return Array.from({ length: 10 }, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]).join('');
}

test('security sets up a door, issues a card, sees it granted live, revokes it and sees the next tap denied', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const word = uniqueWord(6);
  const zoneCode = `Z-${word.toUpperCase()}`;
  const zoneName = `Lobby ${capitalize(word)}`;
  const scheduleName = `Always ${word}`;
  const groupName = `Residents ${word}`;
  const readerId = `door-${word}`;
  const readerName = `Main door ${capitalize(word)}`;
  const uid = '0A0B0C0D0E';

  await signIn(page, ADMIN);
  await page.getByTestId('tile-access').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.access.title);

  // Zone
  await page.getByTestId('zone-new').click();
  await page.getByTestId('zone-code').fill(zoneCode);
  await page.getByTestId('zone-name').fill(zoneName);
  await page.getByTestId('zone-save').click();
  await expect(page.locator(`[data-testid="zone-row"][data-code="${zoneCode}"]`)).toContainText(zoneName);

  // A 24/7 schedule
  await page.getByTestId('access-tab-schedules').click();
  await page.getByTestId('schedule-new').click();
  await page.getByTestId('schedule-name').fill(scheduleName);
  await page.getByTestId('schedule-preset-247').click();
  await expect(page.getByTestId('schedule-interval')).toHaveCount(7);
  await page.getByTestId('schedule-save').click();
  const scheduleRow = page.locator(`[data-testid="schedule-row"][data-name="${scheduleName}"]`);
  await expect(scheduleRow).toContainText('00:00–24:00');

  // Access group: the zone during the schedule
  await page.getByTestId('access-tab-groups').click();
  await page.getByTestId('group-new').click();
  await page.getByTestId('group-name').fill(groupName);
  await pick(page, 'group-rule-zone-0', zoneName, `${zoneCode} · ${zoneName}`);
  await pick(page, 'group-rule-schedule-0', scheduleName, scheduleName);
  await page.getByTestId('group-save').click();
  await expect(page.locator(`[data-testid="group-row"][data-name="${groupName}"]`)).toContainText(zoneName);

  // Reader linked to the simulated door reader
  await page.getByTestId('access-tab-readers').click();
  await page.getByTestId('reader-new').click();
  await page.getByTestId('reader-id').fill(readerId);
  await page.getByTestId('reader-name').fill(readerName);
  await pick(page, 'reader-zone', zoneName, `${zoneCode} · ${zoneName}`);
  await pick(page, 'reader-device', DOOR_DEVICE, new RegExp(DOOR_DEVICE));
  await page.getByTestId('reader-save').click();
  await expect(page.locator(`[data-testid="reader-row"][data-reader-id="${readerId}"]`)).toContainText(readerName);

  // Register the card and activate it with the group
  await page.getByTestId('nav-cards').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.cards.title);
  await page.getByTestId('card-register').click();
  await page.getByTestId('register-uid').fill('0a:0b:0c:0d:0e');
  await page.getByTestId('register-save').click();
  const detail = page.getByTestId('card-detail');
  await expect(detail).toHaveAttribute('data-status', 'in_stock');
  await expect(detail.getByTestId('card-detail-uid')).toHaveText(uid);
  await detail.getByTestId('card-action-activate').click();
  await pick(page, 'activate-groups', groupName, groupName);
  await page.getByTestId('activate-save').click();
  await expect(detail).toHaveAttribute('data-status', 'active');
  await expect(detail.getByTestId('card-detail-status')).toHaveText(en.cards.statuses.active);
  await expect(detail.getByTestId('card-detail-groups')).toContainText(groupName);
  await page.keyboard.press('Escape');

  // Live feed: the tap is granted
  await page.getByTestId('nav-security').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.security.title);
  await waitLive(page);
  await present(page, uid);
  const first = page.getByTestId('feed-row').first();
  await expect(first).toHaveAttribute('data-uid', uid);
  await expect(first).toHaveAttribute('data-granted', 'true');
  await expect(first.getByTestId('feed-result')).toHaveText(en.security.granted);
  await expect(first.getByTestId('feed-reader-name')).toHaveText(readerName);
  await removeCard(page);

  // Revoke it, with a reason, on the Cards screen
  await page.getByTestId('nav-cards').click();
  await page.getByTestId('cards-search').fill(uid);
  await page.locator(`[data-testid="card-row"][data-uid="${uid}"]`).click();
  await detail.getByTestId('card-action-revoke').click();
  await page.getByTestId('transition-save').click();
  await expect(page.getByTestId('transition-form')).toContainText(en.issues.required);
  await page.getByTestId('transition-reason').fill(`Moved out (${word})`);
  await page.getByTestId('transition-save').click();
  await expect(detail).toHaveAttribute('data-status', 'revoked');
  await expect(detail.getByTestId('card-history-reason').first()).toHaveText(`Moved out (${word})`);
  await expect(detail.getByTestId('card-actions').getByRole('button')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('cards-1366.png') });
  await page.keyboard.press('Escape');
  await expect(page.locator(`[data-testid="card-row"][data-uid="${uid}"]`)).toHaveAttribute('data-status', 'revoked');
  await page.screenshot({ path: testInfo.outputPath('cards-list-1366.png') });

  // The next tap is denied live, with the translated reason; the earlier grant is still in the feed
  await page.getByTestId('nav-security').click();
  await waitLive(page);
  await expect(page.locator('[data-testid="feed-row"][data-granted="true"]')).toHaveCount(1);
  await present(page, uid);
  const denied = page.getByTestId('feed-row').first();
  await expect(denied).toHaveAttribute('data-granted', 'false');
  await expect(denied).toHaveAttribute('data-reason', 'not_active');
  await expect(denied.getByTestId('feed-result')).toHaveText(en.security.denied);
  await expect(denied.getByTestId('feed-reason')).toHaveText(en.security.reasons.not_active);
  await removeCard(page);
  await page.screenshot({ path: testInfo.outputPath('security-feed-1366.png') });

  // Denied only
  await page.getByTestId('feed-denied-only').click();
  await expect(page.getByTestId('feed-row')).toHaveCount(1);
  await expect(page.getByTestId('feed-row')).toHaveAttribute('data-granted', 'false');
});

test('a receptionist sees cards read-only and cannot open access setup', async ({ page, playwright, baseURL }) => {
  // An admin registers a card over the API.
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post('/api/auth/login', { data: ADMIN })).status()).toBe(200);
  const uid = randomUid();
  expect((await admin.post('/api/cards', { data: { uid, technology: 'em4100' } })).status()).toBe(201);
  await admin.dispose();

  await signIn(page, RECEPTIONIST);
  await expect(page.getByTestId('tile-cards')).toBeVisible();
  await expect(page.getByTestId('tile-security')).toBeVisible();
  for (const tile of ['access', 'watchlist']) {
    await expect(page.getByTestId(`tile-${tile}`)).toHaveCount(0);
    await expect(page.getByTestId(`nav-${tile}`)).toHaveCount(0);
  }

  await page.getByTestId('tile-cards').click();
  await expect(page.getByTestId('card-register')).toHaveCount(0);
  await page.getByTestId('cards-search').fill(uid);
  const row = page.locator(`[data-testid="card-row"][data-uid="${uid}"]`);
  await expect(row).toHaveAttribute('data-status', 'in_stock');
  await expect(page.getByTestId('card-select')).toHaveCount(0);
  await row.click();
  const detail = page.getByTestId('card-detail');
  await expect(detail.getByTestId('card-detail-uid')).toHaveText(uid);
  await expect(detail.getByTestId('card-read-only')).toHaveText(en.cards.readOnly);
  await expect(detail.getByTestId('card-actions')).toHaveCount(0);
  await expect(detail.getByRole('button')).toHaveCount(0);

  await page.goto('/access');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('zones-table')).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch('/api/access/zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"X","name":"X","kind":"door"}' })).status);
  expect(status).toBe(403);
});
