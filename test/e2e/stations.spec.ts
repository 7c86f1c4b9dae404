import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { ADMIN, capitalize, signIn, uniqueWord } from './helpers.js';

test('an admin creates a station, and a kiosk browser pairs with the one-time code', async ({ page, browser }) => {
  const name = `Lobby ${capitalize(uniqueWord())}`;
  await signIn(page, ADMIN);
  await page.getByTestId('tile-stations').click();
  await page.getByTestId('station-new').click();
  await page.getByTestId('station-name').fill(name);
  await page.getByTestId('station-save').click();
  const code = (await page.getByTestId('pairing-code').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await page.getByTestId('pairing-code-close').click();
  await expect(page.getByTestId('station-row').filter({ hasText: name })).toContainText(en.stations.notPaired);

  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto('/kiosk');
  await kiosk.getByTestId('lang-en').click();
  await kiosk.getByTestId('pair-code').fill('WRONG234');
  await kiosk.getByTestId('pair-submit').click();
  await expect(kiosk.getByTestId('pair-error')).toHaveText(en.errors.pairing_code_invalid);
  await kiosk.getByTestId('pair-code').fill(code.toLowerCase());
  await kiosk.getByTestId('pair-submit').click();
  await expect(kiosk.getByTestId('kiosk-welcome')).toBeVisible();
  await expect(kiosk.getByTestId('kiosk-station')).toHaveText(en.kiosk.station.replace('{{name}}', name));
  expect(await kiosk.evaluate(() => localStorage.getItem('frontgate.stationToken'))).toBeTruthy();
  await kiosk.reload();
  await expect(kiosk.getByTestId('kiosk-welcome')).toBeVisible();
  await expect(kiosk.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');

  await page.reload();
  await expect(page.getByTestId('station-row').filter({ hasText: name })).toContainText(en.stations.paired);
  await kiosk.context().close();
});
