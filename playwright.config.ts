import { defineConfig } from '@playwright/test';
import { withoutOmniboxPopups } from './test/support/chromium.js';

/** End-to-end tests in Debian's Chromium against a real gateway (test/e2e/server.ts) on a fresh SQLite file. */
export const E2E_PORT = Number(process.env.FRONTGATE_E2E_PORT ?? 4899);
/** The visitor specs' gateway, whose devices are simulators on socat pseudo-terminals (test/e2e/pty-server.ts). */
export const PTY_GATEWAY_URL = `http://127.0.0.1:${E2E_PORT + 1}`;
/** That gateway's control API: present cards, scan codes, show an ID card. */
export const PTY_CONTROL_URL = `http://127.0.0.1:${E2E_PORT + 2}`;

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
/** Set by test/e2e/global-setup.ts for the workers: Chromium without its address-bar pop-up (test/support/chromium.ts). */
const disabledFeatures = process.env.FRONTGATE_E2E_DISABLED_FEATURES;

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1366, height: 768 },
    // A screenshot of every failure; Playwright traces only when asked (FRONTGATE_E2E_TRACE=1): recording one for every
    // test costs ≈ 25 % of the suite's time on 2 cores, to keep the few of a failing run.
    trace: process.env.FRONTGATE_E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    launchOptions: disabledFeatures === undefined ? LAUNCH : withoutOmniboxPopups(LAUNCH, disabledFeatures || undefined),
  },
  webServer: [
    {
      command: `npx tsx test/e2e/server.ts --port ${E2E_PORT}`,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npx tsx test/e2e/pty-server.ts --port ${E2E_PORT + 1} --control ${E2E_PORT + 2}`,
      url: `${PTY_CONTROL_URL}/seed`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
