/**
 * The security station's live access feed: every `access.decided` event since this tab signed in, newest first,
 * capped at MAX_FEED. Collected app-wide so that leaving the feed for the Cards screen and coming back keeps it.
 */
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import type { GatewayEvent } from '../contract.js';
import { useGatewayEvent } from './useGatewayEvents.js';

export type AccessDecided = Extract<GatewayEvent, { type: 'access.decided' }>['data'];
export interface FeedEntry {
  seq: number;
  decision: AccessDecided;
}
export const MAX_FEED = 200;

/** Newest first, at most `max` entries. */
export function addDecision(list: readonly FeedEntry[], entry: FeedEntry, max = MAX_FEED): FeedEntry[] {
  return [entry, ...list].slice(0, max);
}

export interface FeedFilter {
  deniedOnly: boolean;
  readerId: string | null;
}

export function filterFeed(list: readonly FeedEntry[], filter: FeedFilter): FeedEntry[] {
  return list.filter((e) => (!filter.deniedOnly || !e.decision.granted) && (filter.readerId === null || e.decision.readerId === filter.readerId));
}

interface FeedState {
  entries: FeedEntry[];
  clear(): void;
}

const FeedContext = createContext<FeedState>({ entries: [], clear: () => undefined });

export function AccessFeedProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ seq: number; entries: FeedEntry[] }>({ seq: 0, entries: [] });
  const [clear] = useState(() => () => setState((s) => ({ seq: s.seq, entries: [] })));
  useGatewayEvent(['access.decided'], (event) => {
    if (event.type !== 'access.decided') return;
    setState((s) => ({ seq: s.seq + 1, entries: addDecision(s.entries, { seq: s.seq + 1, decision: event.data }) }));
  });
  return createElement(FeedContext.Provider, { value: { entries: state.entries, clear } }, children);
}

export function useAccessFeed(): FeedState {
  return useContext(FeedContext);
}
