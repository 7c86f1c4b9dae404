import type { ResponseOf } from '../contract.js';
import { api } from './client.js';
import { readStationToken } from './stationToken.js';

type StationSelf = ResponseOf<'stationSelf'>;

export interface StationCheck {
  /** Ask now, before the app renders; does nothing without a station token. */
  early(): void;
  /** The station this browser's token belongs to: the early answer the first time, a new request after that. */
  take(): Promise<StationSelf>;
}

/**
 * A paired kiosk asks which station it is alongside the session boot (app/start.tsx) instead of after it, when the
 * kiosk screen mounts: one round trip less before the welcome screen (docs/performance.md, "Screens").
 */
export function createStationCheck(ask: () => Promise<StationSelf>, token: () => string | null): StationCheck {
  let asked: Promise<StationSelf> | null = null;
  return {
    early() {
      if (!token()) return;
      asked = ask();
      // Handled by whoever takes it; until then a refusal is not an unhandled rejection.
      asked.catch(() => undefined);
    },
    take() {
      const answer = asked ?? ask();
      asked = null;
      return answer;
    },
  };
}

const stationCheck = createStationCheck(
  () => api('stationSelf'),
  () => readStationToken(),
);
export const checkStationEarly = stationCheck.early;
export const checkStation = stationCheck.take;
