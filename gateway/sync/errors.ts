/**
 * What went wrong talking to upstream, as a value the pusher and the Sync screen act on:
 * - retryable: network error, timeout, 5xx, 429 (with Retry-After) — back off and try again, nothing is lost;
 * - rejected: upstream refused the event (other 4xx) — it becomes a dead letter, the rest goes on;
 * - auth: 401/403, a bad signature — pushing stops until the configuration changes or an admin presses retry.
 */
import type { SyncErrorKind } from '../contract/index.js';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return new SyncError('retryable', 'timeout', 'upstream did not answer in time');
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return new SyncError('retryable', 'network', `cannot reach upstream: ${detail}`);
}

/** Maps an HTTP status to an error, or null for 2xx. `retryAfter` is the Retry-After header. */
export function httpError(status: number, retryAfter: string | null, now: number, detail = ''): SyncError | null {
  if (status >= 200 && status < 300) return null;
  const suffix = detail ? `: ${detail.slice(0, 300)}` : '';
  if (status === 401) return new SyncError('auth', 'unauthorized', `upstream refused the token (401)${suffix}`);
  if (status === 403) return new SyncError('auth', 'forbidden', `upstream refused this gateway (403)${suffix}`);
  if (status === 429) return new SyncError('retryable', 'rate_limited', `upstream asks to slow down (429)${suffix}`, retryAfterMs(retryAfter, now));
  if (status === 408) return new SyncError('retryable', 'http_408', `upstream timed out the request (408)${suffix}`);
  if (status >= 500) return new SyncError('retryable', `http_${status}`, `upstream failed (${status})${suffix}`, retryAfterMs(retryAfter, now));
  if (status >= 300 && status < 400) return new SyncError('retryable', 'redirect', `upstream answered a redirect (${status}); set upstreamUrl to the final address`);
  return new SyncError('rejected', `http_${status}`, `upstream rejected the request (${status})${suffix}`);
}

/** Retry-After in seconds or as an HTTP date → milliseconds from now (capped at one hour), or null. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, ms), 60 * 60 * 1000);
}
