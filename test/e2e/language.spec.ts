import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { ADMIN, chooseLanguage, signIn, signInAtLoginScreen } from './helpers.js';

test('the language switch changes every text, on the login screen and inside, and is remembered', async ({ page }) => {
  await page.goto('/login');
  const title = page.getByTestId('auth-title');
  await chooseLanguage(page, 'vi');
  await expect(title).toHaveText(vi.login.title);
  await expect(page.getByTestId('login-submit')).toHaveText(vi.login.submit);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi-VN');
  await chooseLanguage(page, 'zh');
  await expect(title).toHaveText(zh.login.title);
  await expect(page.getByTestId('login-submit')).toHaveText(zh.login.submit);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await chooseLanguage(page, 'en');
  await expect(title).toHaveText(en.login.title);

  await signInAtLoginScreen(page, ADMIN);
  const subtitle = page.getByTestId('home-subtitle');
  await expect(subtitle).toHaveText(en.home.subtitle);
  await chooseLanguage(page, 'vi');
  await expect(subtitle).toHaveText(vi.home.subtitle);
  await expect(page.getByTestId('tile-people')).toContainText(vi.nav.people);
  await chooseLanguage(page, 'zh');
  await expect(subtitle).toHaveText(zh.home.subtitle);
  await expect(page.getByTestId('tile-people')).toContainText(zh.nav.people);
  await expect(page.getByTestId('current-role')).toHaveText(zh.roles.admin);

  await page.reload();
  await expect(page.getByTestId('home-subtitle')).toHaveText(zh.home.subtitle);
  expect(await page.evaluate(() => localStorage.getItem('frontgate.locale'))).toBe('zh');
  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('home-subtitle')).toHaveText(en.home.subtitle);
});

test('form validation messages follow the language (zod messages localized)', async ({ page }) => {
  await signIn(page, ADMIN, '/units');
  await page.getByTestId('unit-new').click();
  await page.getByTestId('unit-save').click();
  const form = page.getByTestId('unit-form');
  await expect(form.getByText(en.issues.required).first()).toBeVisible();
  await page.getByTestId('unit-code').fill('bad code!');
  await page.getByTestId('unit-save').click();
  await expect(form.getByText(en.validation.unit_code)).toBeVisible();
});
