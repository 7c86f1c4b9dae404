import { describe, expect, it } from 'vitest';
import { rolePermissions } from '../../gateway/contract/roles.js';
import type { SyncHealth } from '../../gateway/contract/sync.js';
import { activeScreen, mayOpen, screens, screenText } from '../../renderer/src/app/nav.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { durationOf, errorSentenceKey, lightOf } from '../../renderer/src/screens/sync/syncHelpers.js';

const health = (over: Partial<SyncHealth>): SyncHealth => ({
  state: 'idle',
  queueDepth: 0,
  oldestPendingAt: null,
  oldestPendingAgeSeconds: null,
  lastSuccessAt: null,
  lastErrorAt: null,
  lastErrorKind: null,
  deadLetters: 0,
  ...over,
});

describe('the sync status light', () => {
  it('shows the state, dead letters as attention, and unknown when the gateway cannot be asked', () => {
    expect(lightOf(health({}))).toBe('idle');
    expect(lightOf(health({ state: 'pushing', queueDepth: 40 }))).toBe('pushing');
    expect(lightOf(health({ state: 'idle', deadLetters: 2 }))).toBe('attention');
    expect(lightOf(health({ state: 'offline', deadLetters: 2 }))).toBe('offline');
    expect(lightOf(health({ state: 'error' }))).toBe('error');
    expect(lightOf(health({ state: 'not_configured', queueDepth: 12 }))).toBe('not_configured');
    expect(lightOf(null)).toBe('unknown');
    expect(lightOf(undefined)).toBe('unknown');
  });

  it('writes waiting times in a readable unit', () => {
    expect(durationOf(42)).toEqual({ unit: 'seconds', n: 42 });
    expect(durationOf(600)).toEqual({ unit: 'minutes', n: 10 });
    expect(durationOf(5 * 3600 + 59)).toEqual({ unit: 'hours', n: 5 });
    expect(durationOf(9 * 86400)).toEqual({ unit: 'days', n: 9 });
    expect(durationOf(-3)).toEqual({ unit: 'seconds', n: 0 });
  });
});

describe('sync errors in words', () => {
  it('have a sentence in every language for the codes the gateway reports, and fall back to the kind', () => {
    const codes = ['network', 'timeout', 'http_500', 'http_503', 'http_408', 'rate_limited', 'unauthorized', 'forbidden', 'bad_signature', 'bad_response', 'redirect', 'not_acknowledged', 'mqtt_offline', 'mqtt_error', 'mqtt_not_authorized', 'mqtt_publish'];
    for (const code of codes) {
      const key = errorSentenceKey({ kind: 'retryable', code });
      expect(key, code).not.toBeNull();
      for (const catalog of [en, vi, zh]) expect((catalog.sync.errorCode as Record<string, string>)[key!], `${code}`).toBeTruthy();
    }
    expect(errorSentenceKey({ kind: 'rejected', code: 'unknown_card' })).toBe('rejected');
    expect(errorSentenceKey({ kind: 'retryable', code: 'something_new' })).toBeNull();
  });
});

describe('the Sync screen', () => {
  const sync = screens.find((s) => s.key === 'sync')!;
  it('is in the menu for admins and managers only, labelled from the sync catalog in every language', () => {
    expect(activeScreen('/sync')).toBe('sync');
    expect(mayOpen(sync, (p) => rolePermissions.manager.includes(p))).toBe(true);
    expect(mayOpen(sync, (p) => rolePermissions.admin.includes(p))).toBe(true);
    for (const role of ['receptionist', 'security', 'technician', 'customer_care'] as const) expect(mayOpen(sync, (p) => rolePermissions[role].includes(p))).toBe(false);
    expect(screenText(sync)).toEqual({ label: 'sync.nav.label', tile: 'sync.nav.tile' });
    expect(new Set([en.sync.nav.label, vi.sync.nav.label, zh.sync.nav.label]).size).toBe(3);
    expect(new Set([en.sync.state.offline, vi.sync.state.offline, zh.sync.state.offline]).size).toBe(3);
  });
});
