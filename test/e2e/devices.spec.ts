import { expect, test, type Page } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { ADMIN, RECEPTIONIST, chooseLanguage, signIn } from './helpers.js';

/** The e2e gateway runs in demo mode: one simulated device of each kind (gateway/devices/manager.ts DEMO_DEVICES). */
const DEMO = ['sim-desk-reader', 'sim-encoder', 'sim-id-reader', 'sim-scanner', 'sim-door-reader'];
const CCCD = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';

const row = (page: Page, id: string) => page.locator(`[data-testid="device-row"][data-device-id="${id}"]`);
const demo = (page: Page, id: string) => page.locator(`[data-testid="device-demo"][data-device-id="${id}"]`);
const newest = (page: Page) => page.getByTestId('activity-entry').first();

async function openDevices(page: Page) {
  await page.getByTestId('tile-devices').click();
  await expect(page.getByTestId('page-title')).toHaveText(en.devices.title);
  // Activity arrives over the WebSocket: wait for it before acting.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
}

test('an admin sees the simulated devices connected, in demo mode', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  await expect(page.getByTestId('devices-demo-banner')).toContainText(en.devices.demoTitle);
  await expect(page.getByTestId('device-row')).toHaveCount(DEMO.length);
  for (const id of DEMO) {
    await expect(row(page, id).getByTestId('device-status')).toHaveAttribute('data-state', 'connected');
    await expect(row(page, id).getByTestId('device-status')).toHaveText(en.devices.states.connected);
  }
  await expect(row(page, 'sim-desk-reader').getByTestId('device-role')).toHaveText(en.devices.roles.desk_reader);
  await expect(row(page, 'sim-desk-reader').getByTestId('device-driver')).toHaveText(en.devices.drivers.em4100);
  await expect(row(page, 'sim-desk-reader').getByTestId('device-address')).toHaveText('sim:desk-reader');
  await expect(page.getByTestId('device-new')).toBeVisible();
  await expect(page.getByTestId('device-test')).toHaveCount(DEMO.length);

  await row(page, 'sim-encoder').getByTestId('device-test').click();
  await expect(page.getByTestId('device-test-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('device-test-result')).toContainText(en.devices.testOk);
  await page.getByTestId('device-test-close').click();
});

test('presenting a card on the desk reader shows its UID in the live activity', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  await expect(page.getByTestId('activity-empty')).toBeVisible();
  const controls = demo(page, 'sim-desk-reader');
  await expect(controls.getByTestId('demo-uid')).toHaveValue('62E3086CED');
  await controls.getByTestId('demo-present').click();
  const entry = page.locator('[data-testid="activity-entry"][data-type="card.presented"]').first();
  await expect(entry.getByTestId('activity-uid')).toHaveText('62E3086CED');
  await expect(entry).toContainText(en.devices.events.cardPresented);
  await expect(entry).toContainText('Desk card reader (simulated EM4100)');
  // Switching language translates the panel in place; the activity is kept.
  await chooseLanguage(page, 'vi');
  await expect(entry).toContainText(vi.devices.events.cardPresented);
  await expect(entry.getByTestId('activity-uid')).toHaveText('62E3086CED');
  await chooseLanguage(page, 'en');
  await controls.getByTestId('demo-remove').click();
  await expect(page.locator('[data-testid="activity-entry"][data-type="card.removed"]').first().getByTestId('activity-uid')).toHaveText('62E3086CED');

  // A bad UID is refused before it reaches the gateway.
  await controls.getByTestId('demo-uid').fill('XYZ');
  await controls.getByTestId('demo-present').click();
  await expect(controls).toContainText(en.validation.card_uid);
});

test('the Chinese ID card reader shows the parsed card with a passed GB 11643 check', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  await demo(page, 'sim-id-reader').getByTestId('demo-id-card').click();
  const entry = newest(page);
  await expect(entry).toHaveAttribute('data-type', 'id.scanned');
  await expect(entry.getByTestId('activity-name')).toHaveText('王芳');
  await expect(entry.getByTestId('activity-number')).toHaveText('11010519491231002X');
  await expect(entry.getByTestId('activity-sex')).toHaveText(en.devices.sexes.female);
  await expect(entry.getByTestId('activity-expiry')).toHaveText(en.devices.document.longTerm);
  const gb = entry.locator('[data-testid="activity-check"][data-check="gb11643"]');
  await expect(gb).toHaveAttribute('data-passed', 'true');
  await expect(gb).toContainText('✓');
  await expect(gb.getByTestId('activity-check-name')).toHaveText(en.devices.checkNames.gb11643);
});

test('the scanner reads a CCCD QR, and a CCCD whose birth year disagrees with its number is refused', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  const controls = demo(page, 'sim-scanner');

  await controls.getByTestId('demo-scan-cccd').click();
  let entry = newest(page);
  await expect(entry).toHaveAttribute('data-type', 'id.scanned');
  await expect(entry.getByTestId('activity-name')).toHaveText('NGUYEN VAN A');
  await expect(entry.getByTestId('activity-number')).toHaveText('001090123456');
  await expect(entry.locator('[data-testid="activity-check"][data-passed="false"]')).toHaveCount(0);

  await controls.getByTestId('demo-scan-text').fill(CCCD.replace('01011990', '01011991'));
  await controls.getByTestId('demo-scan').click();
  await expect(page.getByTestId('activity-entry')).toHaveCount(2);
  entry = newest(page);
  await expect(entry.getByTestId('activity-scan-error')).toHaveAttribute('data-code', 'check-failed');
  await expect(entry.getByTestId('activity-error-message')).toHaveText(en.devices.scanErrors.checkFailed);
  const year = entry.locator('[data-testid="activity-check"][data-check="number-matches-birth-year"]');
  await expect(year).toHaveAttribute('data-passed', 'false');
  await expect(year).toContainText(en.devices.checkNames.numberMatchesBirthYear);
  await expect(entry.getByTestId('activity-name')).toHaveCount(0);
  await expect(entry.getByTestId('activity-document')).toHaveCount(0);
});

test('the passport MRZ sample is parsed with its check digits', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  await demo(page, 'sim-scanner').getByTestId('demo-scan-mrz').click();
  const entry = newest(page);
  await expect(entry.getByTestId('activity-name')).toHaveText('ANNA MARIA ERIKSSON');
  await expect(entry.getByTestId('activity-document')).toHaveAttribute('data-doc-type', 'passport');
  await expect(entry.locator('[data-testid="activity-check"][data-check="compositeCheckDigit"]')).toHaveAttribute('data-passed', 'true');

  // Garbage on the line is dropped by the driver; the device stays connected.
  await demo(page, 'sim-scanner').getByTestId('demo-garbage').click();
  await expect(row(page, 'sim-scanner').getByTestId('device-status')).toHaveAttribute('data-state', 'connected');
});

test('a receptionist sees the devices and the demo controls, but cannot configure them', async ({ page }) => {
  await signIn(page, RECEPTIONIST);
  await expect(page.getByTestId('nav-devices')).toBeVisible();
  await openDevices(page);
  await expect(page.getByTestId('device-row')).toHaveCount(DEMO.length);
  await expect(row(page, 'sim-id-reader').getByTestId('device-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('device-new')).toHaveCount(0);
  await expect(page.getByTestId('device-edit')).toHaveCount(0);
  await expect(page.getByTestId('device-test')).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch('/api/devices/ports')).status);
  expect(status).toBe(403);
});

test('an admin adds a real device (ending demo mode), edits it and removes it again', async ({ page }) => {
  await signIn(page, ADMIN);
  await openDevices(page);
  await page.getByTestId('device-new').click();
  const form = page.getByTestId('device-form');
  await form.getByTestId('device-save').click();
  await expect(form).toContainText(en.validation.port_or_usb_id);

  await form.getByTestId('device-form-name').fill('Lobby reader');
  await form.getByTestId('device-form-id').fill('lobby-reader');
  await form.getByTestId('device-form-vid').fill('xyz');
  await form.getByTestId('device-save').click();
  await expect(form).toContainText(en.validation.usb_id);
  await form.getByTestId('device-form-vid').fill('');
  await form.getByTestId('device-form-port').fill('/dev/ttyFRONTGATE-E2E');
  await form.getByTestId('device-save').click();
  await expect(form).toHaveCount(0);

  const added = row(page, 'lobby-reader');
  await expect(page.getByTestId('device-row')).toHaveCount(1);
  await expect(page.getByTestId('devices-demo-banner')).toHaveCount(0);
  await expect(added.getByTestId('device-address')).toHaveText('/dev/ttyFRONTGATE-E2E');
  await expect(added.getByTestId('device-status')).not.toHaveAttribute('data-state', 'connected');
  await expect(added.getByTestId('device-demo')).toHaveCount(0);

  await added.getByTestId('device-edit').click();
  await expect(form.getByTestId('device-form-id')).toBeDisabled();
  await form.getByTestId('device-form-name').fill('Lobby reader 2');
  await form.getByTestId('device-save').click();
  await expect(added.getByTestId('device-name')).toHaveText('Lobby reader 2');

  await added.getByTestId('device-edit').click();
  await form.getByTestId('device-delete').click();
  await page.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('device-row')).toHaveCount(DEMO.length);
  await expect(page.getByTestId('devices-demo-banner')).toBeVisible();
});
