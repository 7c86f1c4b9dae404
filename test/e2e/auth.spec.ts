import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { ADMIN, chooseLanguage, signInAtLoginScreen } from './helpers.js';

test('an admin signs in, sees the header and every tile, and signs out', async ({ page }) => {
  await signInAtLoginScreen(page, ADMIN);
  await expect(page.getByTestId('current-role')).toHaveText(en.roles.admin);
  await expect(page.getByTestId('site-name')).not.toBeEmpty();
  for (const tile of ['people', 'units', 'companies', 'import', 'users', 'stations', 'audit', 'settings']) {
    await expect(page.getByTestId(`tile-${tile}`)).toBeVisible();
  }
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');

  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expect(page.getByTestId('login-notice')).toHaveText(en.login.signedOut);
  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  expect(me).toBe(401);
});

test('a wrong password is refused with a translated message and no session', async ({ page }) => {
  await page.goto('/login');
  await chooseLanguage(page, 'en');
  await page.getByTestId('login-username').fill('le.tan');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText(en.errors.invalid_credentials);
  await expect(page.getByTestId('home-title')).toHaveCount(0);
});
