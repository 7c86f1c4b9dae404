import { describe, expect, it } from 'vitest';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../gateway/contract/events.js';
import { BACKOFF_MAX_MS, backoffDelay, eventsProtocols, eventsUrl } from '../../renderer/src/events/useGatewayEvents.js';

describe('gateway events connection', () => {
  it('backs off exponentially with jitter and a ceiling', () => {
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(20, () => 1)).toBe(BACKOFF_MAX_MS);
    for (let attempt = 0; attempt < 12; attempt++) {
      const d = backoffDelay(attempt, Math.random);
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    }
  });

  it('uses ws/wss on the page host and offers the station token as a subprotocol', () => {
    expect(eventsUrl({ protocol: 'http:', host: '10.0.0.5:4820' })).toBe('ws://10.0.0.5:4820/api/events');
    expect(eventsUrl({ protocol: 'https:', host: 'desk.local' })).toBe('wss://desk.local/api/events');
    expect(eventsProtocols(null)).toEqual([WS_PROTOCOL]);
    expect(eventsProtocols('abc')).toEqual([WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}abc`]);
  });
});
