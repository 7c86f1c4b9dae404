import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { ADMIN, RECEPTIONIST, chooseLanguage, signIn } from './helpers.js';

// The e2e gateway has no central office configured: sync is off and changes wait in the outbox.
test('the sync light is on every staff screen and opens the Sync screen for an admin, in every language', async ({ page }) => {
  await signIn(page, ADMIN);
  const light = page.getByTestId('sync-status');
  await expect(light).toHaveAttribute('data-state', 'not_configured');
  await page.getByTestId('tile-people').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'not_configured');

  await page.getByTestId('sync-light-link').click();
  await expect(page).toHaveURL(/\/sync$/);
  await expect(page.getByTestId('page-title')).toHaveText(en.sync.title);
  await expect(page.getByTestId('sync-state')).toHaveText(en.sync.state.not_configured);
  await expect(page.getByTestId('sync-not-configured')).toHaveText(en.sync.status.notConfigured);
  await expect(page.getByTestId('sync-dead-empty')).toHaveText(en.sync.dead.empty);
  await expect(page.getByTestId('sync-retry')).toHaveCount(0);

  await chooseLanguage(page, 'vi');
  await expect(page.getByTestId('page-title')).toHaveText(vi.sync.title);
  await expect(page.getByTestId('sync-state')).toHaveText(vi.sync.state.not_configured);
  await expect(page.getByTestId('nav-sync')).toHaveText(vi.sync.nav.label);
  await chooseLanguage(page, 'zh');
  await expect(page.getByTestId('page-title')).toHaveText(zh.sync.title);
  await expect(page.getByTestId('sync-dead-empty')).toHaveText(zh.sync.dead.empty);
  await chooseLanguage(page, 'en');
});

test('a receptionist sees the light but not the Sync screen', async ({ page }) => {
  await signIn(page, RECEPTIONIST);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'not_configured');
  await expect(page.getByTestId('sync-light-link')).toHaveCount(0);
  await expect(page.getByTestId('nav-sync')).toHaveCount(0);
  await page.goto('/sync');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('sync-status-panel')).toHaveCount(0);
});
