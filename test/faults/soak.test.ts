/**
 * A short soak (the driver of `npm run soak`, scripts/soak-driver.ts): a gateway process under door taps from 50
 * readers, desk and kiosk visitors and live event streams, four times a building's rate, for 20 s (60 s in
 * `npm run test:faults`). No error of any kind, every tap decided as the card's access says, every visitor out at
 * the end, and health reporting memory and event-loop delay. Timings and memory are judged by `npm run soak` only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSoak, type SoakResult } from '../../scripts/soak-driver.js';
import { faultSetting } from '../support/faults.js';

const SECONDS = faultSetting(20, 60);
let result: SoakResult;

beforeAll(async () => {
  result = await runSoak({ durationMs: SECONDS * 1000, pace: 4, building: 'small', sampleMs: 2000, seed: 7 });
}, (SECONDS + 120) * 1000);

describe('soak (short)', () => {
  it('ends without a single error, in the client, the streams or the gateway log, and the gateway stops cleanly', () => {
    expect(result.errors.first).toEqual([]);
    expect(result.errors.count).toBe(0);
    expect(result.gatewayLog.errors).toBe(0);
    expect(result.gatewayExitCode).toBe(0);
  });

  it('gets a decision for every door tap, each as the card access calls for, with grants and denials both', () => {
    const { taps } = result;
    expect(taps.sent).toBeGreaterThan(50);
    expect(taps.decided).toBe(taps.sent);
    expect(taps.granted + taps.denied).toBe(taps.decided);
    expect(taps.wrong).toBe(0);
    expect(taps.granted).toBeGreaterThan(0);
    expect(taps.denied).toBeGreaterThan(0);
    expect(result.requests['door.tap']!.count + (result.requests['visitor.tap']?.count ?? 0)).toBe(taps.sent);
  });

  it('checks visitors in at the desks and kiosks, issues cards, and has checked everyone out at the end of the day', () => {
    const { visits, requests } = result;
    expect(visits.deskCheckIns).toBeGreaterThan(0);
    expect(visits.cardsIssued).toBe(visits.deskCheckIns);
    expect(visits.deskCheckOuts).toBe(visits.cardsIssued);
    expect(visits.kioskCheckIns).toBeGreaterThan(0);
    expect(visits.kioskCheckOuts).toBe(visits.kioskCheckIns);
    expect(visits.onSiteAtEnd).toBe(0);
    for (const kind of ['visit.board', 'visit.search', 'card.search', 'kiosk.hosts', 'kiosk.info']) expect(requests[kind]?.count, kind).toBeGreaterThan(0);
  });

  it('keeps one event stream per station open and delivers visits and door decisions to staff', () => {
    expect(result.events.subscribers).toBe(10);
    expect(result.events.received.hello).toBe(10);
    expect(result.events.received['visit.changed']).toBeGreaterThan(0);
    expect(result.events.received['access.decided']).toBeGreaterThan(0);
  });

  it('samples memory and event-loop delay from the gateway, with sane figures', () => {
    expect(result.samples.length).toBeGreaterThan(3);
    for (const s of result.samples) {
      expect(s.rssMb).toBeGreaterThan(s.heapUsedMb);
      expect(s.heapUsedMb).toBeGreaterThan(0);
      expect(s.dbMb).toBeGreaterThan(0);
      expect(s.lagP99Ms).toBeGreaterThanOrEqual(0);
    }
    const { sinceStart, recentSeconds } = result.lag;
    expect(recentSeconds).toBe(60);
    expect(sinceStart.p50).toBeLessThanOrEqual(sinceStart.p99);
    expect(sinceStart.p99).toBeLessThanOrEqual(sinceStart.max);
    expect(sinceStart.max).toBeGreaterThan(0);
    expect(result.memory.rssMaxMb).toBeGreaterThanOrEqual(result.memory.rssEndMb);
  });
});
