/**
 * Debian's Chromium without its address-bar pop-up. This Chromium builds the pop-up (a WebUI page,
 * chrome://omnibox-popup.top-chrome/, and its "AI mode" variant) in a renderer of its own for every new window, that
 * is for every new browser context: ≈ 1.8 s of CPU in the 2 s after a context opens, on a 2-core machine. The desk and
 * the kiosk run in a window without an address bar (the Electron shell), so the UI bench and the e2e suite turn it
 * off (docs/performance.md, "Time to interactive: the third pass").
 *
 * Chromium reads only the last `--disable-features`, and Playwright passes a list of its own: that list is read from a
 * probe browser's command line (/proc) and extended, in place of Playwright's.
 */
import { chromium, type LaunchOptions } from '@playwright/test';
import { readFileSync } from 'node:fs';

export const OMNIBOX_POPUPS = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/** The features Playwright's Chromium is started with disabled (comma-separated), or undefined when it passes none. */
export async function playwrightDisabledFeatures(options: LaunchOptions): Promise<string | undefined> {
  const probe = await chromium.launch(options);
  try {
    const { processInfo } = await (await probe.newBrowserCDPSession()).send('SystemInfo.getProcessInfo');
    const pid = processInfo.find((p) => p.type === 'browser')?.id;
    if (pid === undefined) throw new Error('chromium: no browser process in SystemInfo.getProcessInfo');
    const argument = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').findLast((arg) => arg.startsWith('--disable-features='));
    return argument?.slice('--disable-features='.length);
  } finally {
    await probe.close();
  }
}

/** `options` with the omnibox pop-ups disabled too, given what Playwright disables (`playwrightDisabledFeatures`). */
export function withoutOmniboxPopups(options: LaunchOptions, disabled: string | undefined): LaunchOptions {
  const features = disabled ? disabled.split(',').filter(Boolean) : [];
  return {
    ...options,
    ...(disabled && { ignoreDefaultArgs: [`--disable-features=${disabled}`] }),
    args: [...(options.args ?? []), `--disable-features=${[...features, ...OMNIBOX_POPUPS].join(',')}`],
  };
}
