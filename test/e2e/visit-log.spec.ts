/**
 * Visit administration: the visit log (search with and without accents, dates, purpose, CSV), expected visitors with
 * their QR invitation, live watchlist alerts for security, and the visitor data settings (retention, rules, purge).
 * Hosts and visits are created through the API after signing in; everything else goes through the UI.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { visitAdminVi } from '../../renderer/src/i18n/features/visitAdmin.js';
import { ADMIN, RECEPTIONIST, capitalize, chooseLanguage, pick, signIn, uniqueWord } from './helpers.js';

const va = en.visitAdmin;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** POSTs JSON and returns the parsed body, failing the test on an unexpected status. */
async function post<T>(request: APIRequestContext, path: string, data: unknown, status = 201): Promise<T> {
  const response = await request.post(path, { data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

async function get<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

interface Visit {
  id: number;
  ref: string;
  status: string;
  fullName: string;
  override: { reason: string } | null;
}

/** A unit on floor 7 and a resident there, to be visited. Needs units.write and people.write. */
async function createHost(request: APIRequestContext, word: string): Promise<{ unitId: number; personId: number; personName: string; unitCode: string }> {
  const unitCode = `VL${word.slice(0, 6).toUpperCase()}`;
  const unit = await post<{ id: number }>(request, '/api/units', { code: unitCode, kind: 'office', floor: 7 });
  const personName = `Host ${capitalize(word)}`;
  const person = await post<{ id: number }>(request, '/api/people', { kind: 'resident', fullName: personName, units: [{ unitId: unit.id, relation: 'resident' }] });
  return { unitId: unit.id, personId: person.id, personName, unitCode };
}

/** YYYY-MM-DD of an instant in the building's time zone (as the date filter reads it). */
function siteDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

async function waitLive(page: Page) {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
}

const rows = (page: Page) => page.getByTestId('visit-log-row');

test('visit log: search with or without accents, date range, purpose, CSV export, open a visit', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const word = uniqueWord(8);
  const tag = capitalize(word);
  await signIn(page, ADMIN);
  const { timezone } = await get<{ timezone: string }>(page.request, '/api/site');
  const host = await createHost(page.request, word);
  const hostRef = { personId: host.personId };

  const idNumber = `0790${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const hoa = await post<Visit>(page.request, '/api/visits', {
    fullName: `Nguyễn Thị Hòa ${tag}`,
    company: 'Công ty Sông Đà',
    document: { type: 'cccd', number: idNumber, source: 'manual' },
    purpose: 'service',
    host: hostRef,
  });
  const binh = await post<Visit>(page.request, '/api/visits', { fullName: `Trần Văn Bình ${tag}`, purpose: 'delivery', host: hostRef });
  const start = new Date(Date.now() + 3 * DAY);
  const later = await post<Visit>(page.request, '/api/visits/expected', {
    fullName: `Lê Minh Châu ${tag}`,
    purpose: 'business',
    host: hostRef,
    expectedStart: start.toISOString(),
    expectedEnd: new Date(start.getTime() + 2 * HOUR).toISOString(),
  });
  const otherHost = await createHost(page.request, uniqueWord(8));
  const dao = await post<Visit>(page.request, '/api/visits', { fullName: `Đào Thu Trang ${tag}`, purpose: 'contractor', host: { unitId: otherHost.unitId } });
  expect(hoa.status).toBe('checked_in');

  await page.getByTestId('nav-visitLog').click();
  await expect(page.getByTestId('page-title')).toHaveText(va.log.title);

  // Without accents, the way a receptionist types on an English keyboard
  await page.getByTestId('visit-log-search').fill('nguyen thi hoa');
  await expect(page.locator(`[data-testid="visit-log-row"][data-id="${hoa.id}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="visit-log-row"][data-id="${hoa.id}"]`).getByTestId('visit-log-name')).toHaveText(`Nguyễn Thị Hòa ${tag}`);
  await page.getByTestId('visit-log-search').fill(`nguyen thi hoa ${word}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(hoa.id));
  await expect(rows(page).first()).toContainText(en.visits.purposes.service);
  await expect(rows(page).first().getByTestId('visit-log-host-label')).toHaveText(host.personName);

  // The exact ID number (the gateway compares keyed hashes, so part of a number finds nothing)
  await page.getByTestId('visit-log-search').fill('');
  await page.getByTestId('visit-log-id-number').fill(idNumber);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(hoa.id));
  await page.getByTestId('visit-log-id-number').fill(idNumber.slice(0, 9));
  await expect(page.getByTestId('list-empty')).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  await page.getByTestId('visit-log-id-number').fill('');

  // All four of this test, then by purpose
  await page.getByTestId('visit-log-search').fill(word);
  await expect(rows(page)).toHaveCount(4);
  await pick(page, 'visit-log-purpose', '', en.visits.purposes.delivery);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(binh.id));
  await expect(rows(page).first()).toHaveAttribute('data-purpose', 'delivery');
  await pick(page, 'visit-log-purpose', '', en.visits.purposes.business);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(later.id));
  await page.getByTestId('visit-log-clear').click();
  await page.getByTestId('visit-log-search').fill(word);
  await expect(rows(page)).toHaveCount(4);

  // By host: the person, then the other unit
  await pick(page, 'visit-log-host', host.personName, new RegExp(host.personName));
  await expect(rows(page)).toHaveCount(3);
  await expect(page.locator(`[data-testid="visit-log-row"][data-id="${dao.id}"]`)).toHaveCount(0);
  await page.getByTestId('visit-log-host-kind').getByText(va.hostKinds.unit).click();
  await expect(rows(page)).toHaveCount(4);
  await pick(page, 'visit-log-host', otherHost.unitCode, otherHost.unitCode);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(dao.id));
  await expect(rows(page).first().getByTestId('visit-log-host-label')).toHaveText(otherHost.unitCode);
  await page.getByTestId('visit-log-clear').click();
  await page.getByTestId('visit-log-search').fill(word);
  await expect(rows(page)).toHaveCount(4);

  // Date range in the building's time zone: the day of the expected visit, then today
  const thatDay = siteDay(start, timezone);
  await page.getByTestId('visit-log-from').fill(thatDay);
  await page.getByTestId('visit-log-to').fill(thatDay);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-id', String(later.id));
  await expect(rows(page).first()).toHaveAttribute('data-status', 'expected');
  const today = siteDay(new Date(), timezone);
  await page.getByTestId('visit-log-from').fill(today);
  await page.getByTestId('visit-log-to').fill(today);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.locator(`[data-testid="visit-log-row"][data-id="${later.id}"]`)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('visit-log-1366.png'), fullPage: true });

  // CSV of the current filter (today, this test's name): every row, UTF-8 with the accents intact
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('visit-log-export').click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^visit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  expect(lines[0]).toContain(va.log.ref);
  expect(lines[0]).toContain(va.log.arrived);
  const dataLines = lines.slice(1);
  await expect(page.getByTestId('list-total')).toHaveText(en.common.total.replace('{{count}}', '3'));
  expect(dataLines).toHaveLength(3);
  expect(dataLines.some((l) => l.includes(`Nguyễn Thị Hòa ${tag}`) && l.includes(hoa.ref) && l.includes(en.visits.statuses.checked_in))).toBe(true);
  expect(dataLines.some((l) => l.includes(`Trần Văn Bình ${tag}`) && l.includes(en.visits.purposes.delivery))).toBe(true);
  expect(dataLines.some((l) => l.includes(`Đào Thu Trang ${tag}`) && l.includes(otherHost.unitCode))).toBe(true);
  expect(dataLines.some((l) => l.includes(later.ref))).toBe(false);

  // A row opens the visit on the desk's visitor page
  await rows(page).first().click();
  await expect(page).toHaveURL(/\/visitors\/\d+$/);
});

test('hostile visitor names are shown as text in the visit log', async ({ page }) => {
  const word = uniqueWord(8);
  const other = uniqueWord(8);
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await signIn(page, ADMIN);
  const host = await createHost(page.request, word);
  const hostile = `<img src=x onerror=alert(1)> ${capitalize(word)}`;
  const script = `<script>alert(2)</script> ${capitalize(other)}`;
  await post<Visit>(page.request, '/api/visits', { fullName: hostile, purpose: 'service', host: { personId: host.personId } });
  await post<Visit>(page.request, '/api/visits', { fullName: script, company: '"><svg onload=alert(3)>', purpose: 'contractor', host: { unitId: host.unitId } });

  await page.goto('/visits/log');
  await page.getByTestId('visit-log-search').fill(word);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByTestId('visit-log-name')).toHaveText(hostile);
  await page.getByTestId('visit-log-search').fill(other);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().getByTestId('visit-log-name')).toHaveText(script);
  await expect(rows(page).first()).toContainText('"><svg onload=alert(3)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('svg[onload]')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('a receptionist pre-registers an expected visitor, sends the QR invitation and cancels it', async ({ page, context, playwright, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const word = uniqueWord(8);
  const admin = await playwright.request.newContext({ baseURL });
  await post(admin, '/api/auth/login', ADMIN, 200);
  const host = await createHost(admin, word);
  await admin.dispose();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await signIn(page, RECEPTIONIST);
  await page.getByTestId('tile-visitExpected').click();
  await expect(page.getByTestId('page-title')).toHaveText(va.expected.title);

  // The contract's schema checks the form before it is sent
  await page.getByTestId('expect-submit').click();
  await expect(page.getByTestId('expect-form')).toContainText(en.issues.required);
  await expect(page.getByTestId('expect-form')).toContainText(va.expected.hostRequired);

  const name = `Phạm Quốc Bảo ${capitalize(word)}`;
  await page.getByTestId('expect-name').fill(name);
  await page.getByTestId('expect-phone').fill('0901 234 567');
  await page.getByTestId('expect-company').fill('Công ty Hòa Bình');
  await pick(page, 'expect-host', word, new RegExp(host.personName));
  await page.getByTestId('expect-floors').fill('7, x');
  await page.getByTestId('expect-submit').click();
  await expect(page.getByTestId('expect-form')).toContainText(va.expected.floorsInvalid);
  await page.getByTestId('expect-floors').fill('7');
  await page.getByTestId('expect-submit').click();

  const row = page.getByTestId('expected-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  const ref = await row.getAttribute('data-ref');
  expect(ref).toMatch(/^V[0-9A-HJKMNP-TV-Z]{10}$/);
  await expect(row.getByTestId('expected-ref')).toHaveText(ref ?? '');
  await expect(page.getByTestId('expect-name')).toHaveValue('');
  await page.screenshot({ path: testInfo.outputPath('expected-visitors-1366.png'), fullPage: true });

  // The invitation: QR code as an image only, the reference, the host, the time window
  await row.getByTestId('expected-invitation').click();
  await expect(page).toHaveURL(/\/visits\/expected\/\d+\/invitation$/);
  const invitation = page.getByTestId('invitation');
  await expect(invitation).toHaveAttribute('data-ref', ref ?? '');
  await expect(page.getByTestId('invitation-ref')).toHaveText(ref ?? '');
  await expect(page.getByTestId('invitation-host')).toHaveText(host.personName);
  await expect(page.getByTestId('invitation-floors')).toHaveText('7');
  await expect(page.getByTestId('invitation-greeting')).toContainText(name);
  const qr = page.getByTestId('invitation-qr');
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
  const src = (await qr.getAttribute('src')) ?? '';
  expect(Buffer.from(src.split(',')[1] ?? '', 'base64').toString('utf8')).toContain('<svg');
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(invitation.locator('svg')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('invitation-1366.png'), fullPage: true });

  // Copy the reference for a message to the visitor
  await page.getByTestId('invitation-copy').click();
  await expect(page.getByTestId('invitation-copy')).toHaveText(va.invitation.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ref);

  // In the UI's language
  const site = await get<{ name: string }>(page.request, '/api/site');
  await chooseLanguage(page, 'vi');
  await expect(page.getByTestId('invitation-heading')).toHaveText(visitAdminVi.invitation.heading.replace('{{site}}', site.name));
  await chooseLanguage(page, 'en');

  // Cancel it with a reason: it leaves the list and the reference is no longer expected
  await page.getByTestId('invitation-back').click();
  await row.getByTestId('expected-cancel').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('reason-form')).toContainText(en.issues.required);
  await page.getByTestId('reason-input').fill('Meeting moved to next week');
  await page.getByTestId('reason-confirm').click();
  await expect(row).toHaveCount(0);
  const cancelled = await get<Visit>(page.request, `/api/visits/ref/${ref ?? ''}`);
  expect(cancelled.status).toBe('cancelled');
});

test('security sees a watchlist alert live on any screen and lets the visitor in or refuses', async ({ page, playwright, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const word = uniqueWord(8);
  const tag = capitalize(word);
  await signIn(page, ADMIN);
  const host = await createHost(page.request, word);
  const first = `Blocked ${tag} Alpha`;
  const second = `Blocked ${tag} Beta`;
  const entries = [
    await post<{ id: number }>(page.request, '/api/watchlist', { fullName: first, reason: `Threatened staff (${word})` }),
    await post<{ id: number }>(page.request, '/api/watchlist', { fullName: second, reason: `Banned by the board (${word})` }),
  ];

  // The admin (visits.override) is on an unrelated screen; the desk registers the visitor from elsewhere
  await page.getByTestId('nav-units').click();
  await waitLive(page);
  const desk = await playwright.request.newContext({ baseURL });
  await post(desk, '/api/auth/login', RECEPTIONIST, 200);
  const stopped = await post<Visit>(desk, '/api/visits', { fullName: first, purpose: 'service', host: { personId: host.personId } });
  expect(stopped.status).toBe('blocked');

  const notice = page.locator(`[data-testid="visit-alert-notification"][data-visit-id="${stopped.id}"]`);
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId('visit-alert-title')).toHaveText(va.alerts.notificationTitle.replace('{{name}}', first));
  await expect(notice.getByTestId('visit-alert-reason')).toHaveText(`Threatened staff (${word})`);
  await expect(notice.getByTestId('visit-alert-host')).toHaveText(host.personName);
  await expect(notice.getByTestId('visit-alert-station')).toHaveText(va.alerts.noStation);
  await page.screenshot({ path: testInfo.outputPath('watchlist-alert-1366.png') });

  // Let in, from the notification: a reason is required
  await notice.getByTestId('visit-alert-let-in').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('reason-form')).toContainText(en.issues.required);
  await page.getByTestId('reason-input').fill('Escorted by the building manager');
  await page.getByTestId('reason-confirm').click();
  await expect(notice).toHaveCount(0);
  const overridden = await get<Visit>(page.request, `/api/visits/${stopped.id}`);
  expect(overridden.status).toBe('checked_in');
  expect(overridden.override?.reason).toBe('Escorted by the building manager');

  // A second one: the notification leads to the alerts screen, which lists it as new; refused from the list
  const refused = await post<Visit>(desk, '/api/visits', { fullName: second, purpose: 'delivery', host: { unitId: host.unitId } });
  expect(refused.status).toBe('blocked');
  const secondNotice = page.locator(`[data-testid="visit-alert-notification"][data-visit-id="${refused.id}"]`);
  await expect(secondNotice.getByTestId('visit-alert-reason')).toHaveText(`Banned by the board (${word})`);
  await secondNotice.getByTestId('visit-alert-details').click();
  await expect(page.getByTestId('page-title')).toHaveText(va.alerts.title);
  const refusedRow = page.locator(`[data-testid="blocked-row"][data-id="${refused.id}"]`);
  await expect(refusedRow.getByTestId('blocked-name')).toHaveText(second);
  await expect(refusedRow.getByTestId('blocked-live')).toBeVisible();
  await expect(refusedRow.getByTestId('blocked-reason')).toHaveText(`Banned by the board (${word})`);
  await expect(page.locator(`[data-testid="blocked-row"][data-id="${stopped.id}"]`)).toHaveCount(0);
  // The list carries the alert here, so the notification steps aside
  await expect(secondNotice).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('visit-alerts-1366.png') });
  await refusedRow.getByTestId('blocked-refuse').click();
  await page.getByTestId('reason-input').fill('On the board ban list');
  await page.getByTestId('reason-confirm').click();
  await expect(refusedRow).toHaveCount(0);
  expect((await get<Visit>(page.request, `/api/visits/${refused.id}`)).status).toBe('cancelled');

  await desk.dispose();
  for (const entry of entries) await post(page.request, `/api/watchlist/${entry.id}/deactivate`, {}, 200);
});

test('visit settings: retention, default length and building rules are saved; purge now reports how many', async ({ page }, testInfo) => {
  const word = uniqueWord(8);
  await signIn(page, ADMIN);
  const before = await get<{ retentionDays: number; defaultVisitMinutes: number; rules: Record<'vi' | 'zh' | 'en', string> }>(page.request, '/api/visits/settings');
  const retention = before.retentionDays >= 3650 ? before.retentionDays - 1 : before.retentionDays + 1;
  const minutes = before.defaultVisitMinutes === 180 ? 195 : 180;

  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('visit-settings-form');
  await expect(page.getByTestId('visit-settings-retention')).toHaveValue(String(before.retentionDays));
  await expect(page.getByTestId('visit-settings-rules-vi')).toHaveValue(before.rules.vi);

  await page.getByTestId('visit-settings-retention').fill('0');
  await page.getByTestId('visit-settings-save').click();
  await expect(form).toContainText(en.issues.min_value.replace('{{n}}', '1'));

  await page.getByTestId('visit-settings-retention').fill(String(retention));
  await page.getByTestId('visit-settings-minutes').fill(String(minutes));
  await page.getByTestId('visit-settings-rules-en').fill(`Wear your badge at all times (${word}).`);
  await page.getByTestId('visit-settings-rules-vi').fill(`Luôn đeo thẻ khách (${word}).`);
  await page.getByTestId('visit-settings-rules-zh').fill(`请始终佩戴访客卡（${word}）。`);
  await page.getByTestId('visit-settings-save').click();
  await expect(page.getByText(en.common.saved)).toBeVisible();

  const after = await get<typeof before>(page.request, '/api/visits/settings');
  expect(after).toEqual({
    retentionDays: retention,
    defaultVisitMinutes: minutes,
    rules: { en: `Wear your badge at all times (${word}).`, vi: `Luôn đeo thẻ khách (${word}).`, zh: `请始终佩戴访客卡（${word}）。` },
  });
  await page.reload();
  await expect(page.getByTestId('visit-settings-retention')).toHaveValue(String(retention));
  await expect(page.getByTestId('visit-settings-rules-zh')).toHaveValue(`请始终佩戴访客卡（${word}）。`);

  // Purge now: the screen reports the gateway's count
  await page.getByTestId('visit-purge').click();
  const purgeResponse = page.waitForResponse((r) => r.url().endsWith('/api/visits/purge') && r.request().method() === 'POST');
  await page.getByTestId('confirm-yes').click();
  const response = await purgeResponse;
  expect(response.status()).toBe(200);
  const { purged } = (await response.json()) as { purged: number };
  await expect(page.getByTestId('visit-purge-result')).toHaveText(va.settings.purged.replace('{{n}}', String(purged)));
  await expect(page.getByTestId('visit-purge-result')).toHaveAttribute('data-purged', String(purged));
  await page.screenshot({ path: testInfo.outputPath('visit-settings-1366.png'), fullPage: true });

  // Put the previous settings back for other tests on this gateway
  const restore = await page.request.put('/api/visits/settings', { data: before });
  expect(restore.status()).toBe(200);
});
