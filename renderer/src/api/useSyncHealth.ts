/**
 * The upstream sync summary of /api/health, polled: the status light on every staff screen reads it.
 * A failed poll (gateway unreachable) gives `null`, so the light says "unknown" rather than showing stale news.
 */
import { useEffect, useState } from 'react';
import type { SyncHealth } from '../contract.js';
import { api } from './client.js';

export const SYNC_HEALTH_POLL_MS = 15_000;

export function useSyncHealth(intervalMs = SYNC_HEALTH_POLL_MS): SyncHealth | null | undefined {
  const [health, setHealth] = useState<SyncHealth | null | undefined>(undefined);
  useEffect(() => {
    let controller = new AbortController();
    const poll = () => {
      controller.abort();
      controller = new AbortController();
      api('health', { signal: controller.signal }).then(
        (h) => setHealth(h.sync),
        (err: unknown) => {
          if (!(err instanceof DOMException && err.name === 'AbortError')) setHealth(null);
        },
      );
    };
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [intervalMs]);
  return health;
}
