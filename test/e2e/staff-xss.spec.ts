/**
 * Entered text can never execute, on the staff screens: hostile names, notes and reasons, seeded over the real API
 * into a gateway of this spec's own (test/e2e/xss-support.ts), are shown as text on the directory, cards, access
 * configuration, staff, stations, watchlist, settings, live feeds, imports, audit and sync screens, with their
 * drawers, forms and pickers open. No script runs (window.__xss stays unset, no dialog), nothing injected exists in
 * the DOM, the text is visible. CSP is bypassed here so that the renderer's own escaping is what is tested.
 * (Visitor screens: visitor-xss.spec.ts; sign-in, invitation printout, kiosk and the CSP: staff-xss-printouts.spec.ts.)
 */
import { CARD_ACTIVE, CARD_STOCK, HOSTILE, READER_ID, TEXT, UPSTREAM_CODE, UPSTREAM_COMMAND_ERROR, UPSTREAM_REASON, expect, expectInert, test } from './xss-support.js';

test.describe.configure({ timeout: 120_000 });

test('markup in codes and identifiers is refused by validation, with a clear 400', async ({ seed }) => {
  for (const [field, answer] of Object.entries(seed.refused)) expect(answer, field).toEqual({ status: 400, code: 'validation_failed' });
});

test('the directory: people, units and companies, lists and edit drawers', async ({ page, guard }) => {
  await page.goto('/people');
  // The header on every screen carries the hostile site name and staff name.
  await expectInert(page, guard, TEXT.person, TEXT.department, TEXT.company, TEXT.site, TEXT.staffName);
  await page.getByTestId('person-row').filter({ hasText: 'Nguyễn Văn Đức' }).click();
  await expect(page.getByTestId('person-name')).toHaveValue(TEXT.person);
  await expect(page.getByTestId('person-company')).toHaveValue(TEXT.company);
  await expect(page.getByTestId('person-form').locator('textarea').first()).toHaveValue(TEXT.personNote);
  await expectInert(page, guard, `Edit ${TEXT.person}`);

  await page.goto('/units');
  await expectInert(page, guard, 'XSS-701', TEXT.unitBuilding);
  await page.getByTestId('unit-row').filter({ hasText: 'XSS-701' }).click();
  await expect(page.getByTestId('unit-building')).toHaveValue(TEXT.unitBuilding);
  await expect(page.getByTestId('unit-form').locator('textarea').first()).toHaveValue(TEXT.unitNote);
  await expectInert(page, guard);

  await page.goto('/companies');
  await expectInert(page, guard, TEXT.company, TEXT.companyTaxCode);
  await page.getByTestId('company-row').filter({ hasText: 'Sao Mai' }).click();
  await expect(page.getByTestId('company-name')).toHaveValue(TEXT.company);
  await expectInert(page, guard, `Edit ${TEXT.company}`);
});

test('cards: the list, a card with its history, the issue form and its pickers, cards by unit', async ({ page, guard }) => {
  await page.goto('/cards');
  await expectInert(page, guard, TEXT.person, TEXT.printedNumber, HOSTILE.shortTag);
  await page.locator(`[data-testid="card-row"][data-uid="${CARD_ACTIVE}"]`).click();
  const detail = page.getByTestId('card-detail');
  await expect(detail.getByTestId('card-detail-groups')).toContainText(TEXT.group);
  await expect(detail.getByTestId('card-history-reason').filter({ hasText: TEXT.suspendReason }).first()).toBeVisible();
  await expectInert(page, guard, TEXT.activateReason, TEXT.suspendReason);

  // Issuing the stock card: the holder and access-group pickers list hostile names as options.
  await page.keyboard.press('Escape');
  await page.locator(`[data-testid="card-row"][data-uid="${CARD_STOCK}"]`).click();
  await page.getByTestId('card-action-activate').click();
  await page.getByTestId('activate-person').click();
  await expect(page.getByRole('option').filter({ hasText: TEXT.person })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('activate-groups').click();
  await expect(page.getByRole('option', { name: TEXT.group })).toBeVisible();
  await expectInert(page, guard);
  await page.keyboard.press('Escape');
  await page.getByTestId('activate-zones').click();
  await expect(page.getByRole('option').filter({ hasText: TEXT.zone })).toBeVisible();
  await expectInert(page, guard);

  await page.goto('/cards/units');
  await expect(page.locator('[data-testid="unit-cards-row"][data-unit="XSS-701"]')).toBeVisible();
  await expectInert(page, guard, 'XSS-701');
});

test('access configuration: zones, readers, schedules, holidays, groups and controllers', async ({ page, guard }) => {
  await page.goto('/access?tab=zones');
  await expectInert(page, guard, TEXT.zone);
  await page.getByTestId('access-tab-readers').click();
  await expectInert(page, guard, TEXT.reader, READER_ID);
  await page.getByTestId('access-tab-schedules').click();
  await expectInert(page, guard, TEXT.schedule);
  await page.getByTestId('access-tab-holidays').click();
  await expectInert(page, guard, TEXT.holiday);
  await page.getByTestId('access-tab-groups').click();
  await expectInert(page, guard, TEXT.group, TEXT.groupDescription);
  await page.getByTestId('group-row').first().click();
  await expect(page.getByTestId('group-name')).toHaveValue(TEXT.group);
  await expect(page.getByTestId('group-description')).toHaveValue(TEXT.groupDescription);
  await expect(page.getByTestId('group-rule-zone-0')).toHaveValue(`XSS-F7 · ${TEXT.zone}`);
  await expect(page.getByTestId('group-rule-schedule-0')).toHaveValue(TEXT.schedule);
  await expectInert(page, guard);
  await page.keyboard.press('Escape');
  await page.getByTestId('access-tab-controllers').click();
  await expectInert(page, guard, TEXT.controller);
});

test('staff accounts, stations, the watchlist and site settings', async ({ page, guard }) => {
  await page.goto('/users');
  await expectInert(page, guard, TEXT.staffName);
  await page.getByTestId('user-row').filter({ hasText: 'xss.admin' }).click();
  await expectInert(page, guard, `Edit ${TEXT.staffName}`);

  await page.goto('/stations');
  await expectInert(page, guard, TEXT.station);
  await page.goto('/watchlist');
  await expectInert(page, guard, TEXT.watchName, TEXT.watchReason);

  await page.goto('/settings');
  await expect(page.getByTestId('settings-form').locator('input').first()).toHaveValue(TEXT.site);
  await expect(page.getByTestId('visit-settings-rules-en')).toHaveValue(`${HOSTILE.script}\n${TEXT.rulesLine}`);
  await expectInert(page, guard);
});

test('the live feeds: a door decision at a hostile-named reader, a hostile code on the scanner, a hostile device', async ({ page, guard, seed, playwright }) => {
  await page.goto('/security');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  const controller = await playwright.request.newContext({ baseURL: seed.url, extraHTTPHeaders: { authorization: `Bearer ${seed.controllerToken}` } });
  const decided = await controller.post('/api/access/decide', { data: { readerId: READER_ID, uid: CARD_ACTIVE } });
  expect(decided.status(), await decided.text()).toBe(200);
  await controller.dispose();
  const row = page.getByTestId('feed-row').first();
  await expect(row.getByTestId('feed-reader-name')).toHaveText(TEXT.reader);
  await expect(row.getByTestId('feed-holder')).toContainText(TEXT.person);
  await page.getByTestId('feed-reader').click();
  await expect(page.getByRole('option', { name: TEXT.reader })).toBeVisible();
  await expectInert(page, guard);
  await page.keyboard.press('Escape');

  // Devices: the simulated scanner reads a hostile QR code; then a configured device with a hostile name and port.
  await page.goto('/devices');
  // The Devices screen collects activity once it is shown, over the live connection.
  await expect(page.getByTestId('activity-empty')).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
  const code = `${HOSTILE.script}${HOSTILE.img} ${HOSTILE.js} mã quét`;
  expect((await page.request.post('/api/devices/sim-scanner/simulate', { data: { action: 'scan', text: code } })).status()).toBe(200);
  await expect(page.locator('[data-testid="activity-entry"][data-type="code.scanned"]').first().getByTestId('activity-code')).toHaveText(code);
  await expectInert(page, guard);
  const device = { id: 'xss-scanner', name: `${HOSTILE.img} Máy quét`, driver: 'serial-scanner', role: 'scanner', portPath: `/dev/${HOSTILE.shortImg}` };
  expect((await page.request.post('/api/devices', { data: device })).status()).toBe(201);
  await page.reload();
  const configured = page.locator('[data-testid="device-row"][data-device-id="xss-scanner"]');
  await expect(configured.getByTestId('device-name')).toHaveText(device.name);
  await expect(configured.getByTestId('device-address')).toContainText(device.portPath);
  await expectInert(page, guard);
});

test('imports: hostile cells in the row-error table, a hostile column and file name in the file errors', async ({ page, guard }) => {
  await page.goto('/import');
  const rows = ['full_name,kind,phone,email,unit_code,relation,company,department,note', `"${HOSTILE.img.replaceAll('"', '""')} Import",<script>,javascript:alert(1),"""><svg onload=alert(1)>",${HOSTILE.shortImg},owner,,,`];
  await page.getByTestId('import-kind').getByText('People', { exact: true }).click();
  await page.getByTestId('import-file').setInputFiles({ name: `${HOSTILE.shortImg}.csv`, mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'rejected');
  await expect(page.getByTestId('import-errors')).toBeVisible();
  await expectInert(page, guard, `${HOSTILE.shortImg}.csv`, '<script>', 'javascript:alert(1)', '"><svg onload=alert(1)>', HOSTILE.shortImg);

  const header = `full_name,kind,<img src=x onerror=alert(9)>`;
  await page.getByTestId('import-file').setInputFiles({ name: 'columns.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nA,resident,x\n`) });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-file-error').first()).toBeVisible();
  await expectInert(page, guard, '<img src=x onerror=alert(9)>');
});

test('audit log and sync: hostile names in the user filter and record JSON, hostile refusals from upstream', async ({ page, guard }) => {
  await page.goto('/audit');
  await page.getByTestId('audit-user').click();
  await expect(page.getByRole('option').filter({ hasText: TEXT.staffName })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('audit-entity').click();
  await page.getByRole('option', { name: 'Watchlist' }).click();
  await page.getByTestId('audit-row').first().click();
  // Before/after are JSON: quotes come out escaped, tags as typed.
  await expectInert(page, guard, HOSTILE.script, 'Người bị chặn');
  await page.keyboard.press('Escape');

  await page.goto('/sync');
  await expect(page.getByTestId('sync-dead-row').first()).toBeVisible();
  await expectInert(page, guard, UPSTREAM_REASON, UPSTREAM_CODE, UPSTREAM_COMMAND_ERROR);
});
