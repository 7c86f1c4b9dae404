/**
 * Live events from the gateway over one WebSocket per browser tab, with reconnect and backoff.
 * Staff sessions authenticate by cookie; a paired station adds its token as a subprotocol.
 */
import { createContext, createElement, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { GatewayEvent, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type GatewayEventType } from '../contract.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter in [50%, 100%]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export function eventsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/events`;
}

export function eventsProtocols(stationToken: string | null): string[] {
  return stationToken ? [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + stationToken] : [WS_PROTOCOL];
}

export interface GatewayEventsOptions {
  enabled: boolean;
  stationToken: string | null;
  onEvent(event: GatewayEvent): void;
  url?: string;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

/** Keeps a WebSocket open while `enabled`, reconnecting with backoff; returns the connection status. */
export function useGatewayEvents({ enabled, stationToken, onEvent, url, createSocket }: GatewayEventsOptions): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const onEventRef = useRef(onEvent);
  const createRef = useRef(createSocket);
  useEffect(() => {
    onEventRef.current = onEvent;
    createRef.current = createSocket;
  });

  useEffect(() => {
    if (!enabled) {
      setStatus('closed');
      return;
    }
    const target = url ?? eventsUrl(window.location);
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = () => {
      timer = undefined;
      setStatus('connecting');
      const protocols = eventsProtocols(stationToken);
      const ws = createRef.current ? createRef.current(target, protocols) : new WebSocket(target, protocols);
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setStatus('open');
      };
      ws.onmessage = (message) => {
        if (typeof message.data !== 'string') return;
        let raw: unknown;
        try {
          raw = JSON.parse(message.data);
        } catch {
          return;
        }
        const parsed = GatewayEvent.safeParse(raw);
        if (parsed.success) onEventRef.current(parsed.data);
      };
      ws.onerror = () => ws.close();
      ws.onclose = () => {
        if (socket === ws) socket = null;
        if (stopped) return;
        setStatus('closed');
        timer = setTimeout(connect, backoffDelay(attempt++));
      };
    };

    const reconnectNow = () => {
      if (socket || stopped) return;
      clearTimeout(timer);
      attempt = 0;
      connect();
    };

    connect();
    window.addEventListener('online', reconnectNow);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', reconnectNow);
      socket?.close();
    };
  }, [enabled, stationToken, url]);

  return status;
}

type Listener = (event: GatewayEvent) => void;

interface EventsContextValue {
  status: ConnectionStatus;
  subscribe(listener: Listener): () => void;
}

const EventsContext = createContext<EventsContextValue | null>(null);

/** One socket for the whole app; screens subscribe with useGatewayEvent. */
export function GatewayEventsProvider({
  enabled,
  stationToken,
  children,
}: {
  enabled: boolean;
  stationToken: string | null;
  children: ReactNode;
}) {
  const [listeners] = useState(() => new Set<Listener>());
  const status = useGatewayEvents({
    enabled,
    stationToken,
    onEvent: (event) => listeners.forEach((l) => l(event)),
  });
  const [subscribe] = useState(() => (listener: Listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  });
  return createElement(EventsContext.Provider, { value: { status, subscribe } }, children);
}

export function useConnectionStatus(): ConnectionStatus {
  return useContext(EventsContext)?.status ?? 'closed';
}

/** Calls `handler` for each event of the given types (all types when omitted). */
export function useGatewayEvent(types: readonly GatewayEventType[] | null, handler: Listener): void {
  const ctx = useContext(EventsContext);
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const key = types ? types.join(',') : '*';
  useEffect(() => {
    if (!ctx) return;
    const wanted = key === '*' ? null : new Set(key.split(','));
    return ctx.subscribe((event) => {
      if (!wanted || wanted.has(event.type)) handlerRef.current(event);
    });
  }, [ctx, key]);
}

/** Re-runs `reload` when a record of one of `entities` changes elsewhere, or after a reconnect. */
export function useEntityChanged(entities: readonly string[], reload: () => void): void {
  const reloadRef = useRef(reload);
  useEffect(() => {
    reloadRef.current = reload;
  });
  useGatewayEvent(['entity.changed', 'hello'], (event) => {
    if (event.type === 'hello' || (event.type === 'entity.changed' && entities.includes(event.data.entity))) reloadRef.current();
  });
}
