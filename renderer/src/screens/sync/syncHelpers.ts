/** Pure helpers of the sync status light and the Sync screen (tested in test/renderer/sync.test.ts). */
import type { SyncHealth, SyncState } from '../../contract.js';

export type Light = SyncState | 'attention' | 'unknown';

export const LIGHT_COLORS: Record<Light, string> = {
  not_configured: 'var(--mantine-color-gray-5)',
  idle: 'var(--mantine-color-green-6)',
  pushing: 'var(--mantine-color-blue-5)',
  offline: 'var(--mantine-color-yellow-5)',
  error: 'var(--mantine-color-red-6)',
  attention: 'var(--mantine-color-orange-6)',
  unknown: 'var(--mantine-color-gray-3)',
};

/** What the light shows: the state, or `attention` when events flow but some were refused (dead letters). */
export function lightOf(health: SyncHealth | null | undefined): Light {
  if (!health) return 'unknown';
  if ((health.state === 'idle' || health.state === 'pushing') && health.deadLetters > 0) return 'attention';
  return health.state;
}

/** How long something has waited, in the largest unit that keeps the number readable ("95 s", "12 min", "3 h", "4 days"). */
export function durationOf(seconds: number): { unit: 'seconds' | 'minutes' | 'hours' | 'days'; n: number } {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return { unit: 'seconds', n: s };
  if (s < 2 * 3600) return { unit: 'minutes', n: Math.floor(s / 60) };
  if (s < 2 * 86400) return { unit: 'hours', n: Math.floor(s / 3600) };
  return { unit: 'days', n: Math.floor(s / 86400) };
}

/** Error codes of the gateway's sync loops that have a sentence in the catalog (sync.errorCode.*); else null. */
const KNOWN_CODES = new Set(['network', 'timeout', 'rate_limited', 'unauthorized', 'forbidden', 'bad_signature', 'bad_response', 'redirect', 'not_acknowledged', 'mqtt_offline', 'mqtt_error', 'mqtt_not_authorized', 'mqtt_publish']);
export function errorSentenceKey(error: { kind: string; code: string }): string | null {
  if (error.kind === 'rejected') return 'rejected';
  if (/^http_5\d\d$/.test(error.code) || error.code === 'http_408') return 'server_error';
  return KNOWN_CODES.has(error.code) ? error.code : null;
}
