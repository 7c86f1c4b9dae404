import { expect, type Page } from '@playwright/test';
import type { Locale } from '../../gateway/contract/common.js';

/** Users seeded by test/e2e/server.ts. */
export const ADMIN = { username: 'admin', password: 'correct-horse-1' } as const;
export const RECEPTIONIST = { username: 'le.tan', password: 'correct-horse-2' } as const;

/** Letters only, so full-text search treats it as one ordinary word. Unique per call. */
export function uniqueWord(length = 7): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = '';
  for (let i = 0; i < length; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  await page.getByTestId(`lang-${locale}`).click();
  await expect(page.getByTestId(`lang-${locale}`)).toHaveAttribute('aria-pressed', 'true');
}

/** Signs in through the login screen, in English, and waits for the home screen: for the specs about signing in. */
export async function signInAtLoginScreen(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/login');
  await expect(page.getByTestId('login-form')).toBeVisible();
  await chooseLanguage(page, 'en');
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('home-title')).toBeVisible();
}

/**
 * Signs in over the API (the page's browser context keeps the session cookie), then opens `path` (a staff screen: the
 * home screen unless told otherwise) and waits for it. The site's language (English on the e2e gateways) applies.
 * One page load instead of the login screen's two, for the specs that are not about signing in.
 */
export async function signIn(page: Page, user: { username: string; password: string }, path = '/'): Promise<void> {
  const response = await page.request.post('/api/auth/login', { data: user });
  expect(response.status(), await response.text()).toBe(200);
  await page.goto(path);
  // The whole first load of the app, signed in (the login screen's two waits in one): allow a busy machine more than
  // the default 7 s for it.
  await expect(page.getByTestId('current-role')).toBeVisible({ timeout: 15_000 });
  if (path === '/') await expect(page.getByTestId('home-title')).toBeVisible();
}

/** Opens a Mantine Select/picker, types, and picks the option with exactly this label. */
export async function pick(page: Page, testId: string, search: string, option: string | RegExp): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}
