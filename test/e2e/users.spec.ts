import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { ADMIN, capitalize, chooseLanguage, signIn, uniqueWord } from './helpers.js';

test('an admin creates a guard account with an extra permission, then disables it', async ({ page, browser }) => {
  const word = uniqueWord();
  const username = `bv.${word}`;
  const displayName = `Bảo Vệ ${capitalize(word)}`;
  const password = `guard-pass-${word}`;

  await signIn(page, ADMIN);
  await page.getByTestId('tile-users').click();
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-username').fill(username);
  await page.getByTestId('user-display-name').fill(displayName);
  await page.getByTestId('user-role').click();
  await page.getByRole('option', { name: en.roles.security, exact: true }).click();
  await page.getByLabel(en.permissions.people_contact).check();
  await page.getByTestId('user-password').fill('short');
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('user-form').getByText(en.issues.min_chars.replace('{{n}}', '10'), { exact: true })).toBeVisible();
  await page.getByTestId('user-password').fill(password);
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('user-form')).toHaveCount(0);

  const row = page.getByTestId('user-row').filter({ hasText: username });
  await expect(row).toContainText(en.roles.security);
  await expect(row).toContainText(en.permissions.people_contact);
  await expect(row).toContainText(en.users.active);

  const guard = await (await browser.newContext()).newPage();
  await signIn(guard, { username, password });
  await expect(guard.getByTestId('tile-audit')).toBeVisible();
  await expect(guard.getByTestId('tile-users')).toHaveCount(0);
  await guard.context().close();

  await row.click();
  await page.getByTestId('user-disabled').check();
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId('user-row').filter({ hasText: username })).toContainText(en.users.disabled);

  const refused = await (await browser.newContext()).newPage();
  await refused.goto('/login');
  await chooseLanguage(refused, 'en');
  await refused.getByTestId('login-username').fill(username);
  await refused.getByTestId('login-password').fill(password);
  await refused.getByTestId('login-submit').click();
  await expect(refused.getByTestId('login-error')).toHaveText(en.errors.account_disabled);
  await refused.context().close();
});
