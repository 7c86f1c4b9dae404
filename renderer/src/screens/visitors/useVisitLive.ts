/** Live desk state: the clock that moves waiting times along, and reloads when a visit changes elsewhere. */
import { useEffect, useState } from 'react';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';

/** The current time, refreshed every `intervalMs` (durations on screen move without reloading). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Calls `reload` when a visit changes (only visit `id`, when given) and after the event stream reconnects. */
export function useVisitChanged(reload: () => void, id?: number): void {
  useGatewayEvent(['visit.changed', 'hello'], (event) => {
    if (event.type === 'hello' || (event.type === 'visit.changed' && (id === undefined || event.data.visit.id === id))) reload();
  });
}
