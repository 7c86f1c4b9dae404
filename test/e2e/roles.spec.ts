import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { RECEPTIONIST, signIn } from './helpers.js';

test('a receptionist sees only the desk tiles and is refused admin screens', async ({ page }) => {
  await signIn(page, RECEPTIONIST);
  await expect(page.getByTestId('current-role')).toHaveText(en.roles.receptionist);
  for (const tile of ['people', 'units', 'companies']) await expect(page.getByTestId(`tile-${tile}`)).toBeVisible();
  for (const tile of ['users', 'stations', 'settings', 'import', 'audit']) {
    await expect(page.getByTestId(`tile-${tile}`)).toHaveCount(0);
    await expect(page.getByTestId(`nav-${tile}`)).toHaveCount(0);
  }

  await page.goto('/users');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch('/api/users')).status);
  expect(status).toBe(403);
});

test('without people.contact, phone and email are hidden in the people form', async ({ page }) => {
  await signIn(page, RECEPTIONIST, '/people');
  await page.getByTestId('person-new').click();
  await expect(page.getByTestId('person-form').getByTestId('contact-hidden')).toHaveText(en.people.contactHidden);
  await expect(page.getByTestId('person-phone')).toHaveCount(0);
});
