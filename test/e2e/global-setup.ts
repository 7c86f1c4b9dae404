/**
 * Runs once before the workers start: finds the features Playwright's Chromium is started with disabled, so that
 * playwright.config.ts can add the address-bar pop-ups to them (test/support/chromium.ts). Workers read the config
 * after this, with the environment set here.
 */
import type { FullConfig } from '@playwright/test';
import { playwrightDisabledFeatures } from '../support/chromium.js';

export default async function globalSetup(config: FullConfig): Promise<void> {
  process.env.FRONTGATE_E2E_DISABLED_FEATURES = (await playwrightDisabledFeatures(config.projects[0]?.use.launchOptions ?? {})) ?? '';
}
