import { describe, expect, it } from 'vitest';
import { addDecision, filterFeed, type FeedEntry } from '../../renderer/src/events/accessFeed.js';
import { BOM, csvCell, csvFileName, toCsv } from '../../renderer/src/export/csv.js';
import { activeScreen } from '../../renderer/src/app/nav.js';
import { actionsFor, canActivate, canReplace, technologyOf } from '../../renderer/src/screens/cards/cardHelpers.js';
import { ALL_WEEK, copyMondayToWeekdays, dayText, indicesOfDay } from '../../renderer/src/screens/access/scheduleHelpers.js';
import { zonedDateTime } from '../../renderer/src/i18n/format.js';

const decision = (granted: boolean, readerId = 'gate-in'): FeedEntry['decision'] => ({
  granted,
  reason: granted ? 'granted' : 'not_active',
  readerId,
  readerName: null,
  uid: '0A0B0C0D0E',
  cardId: 1,
  zoneId: 1,
  at: '2024-05-01T01:00:00.000Z',
});

describe('access feed', () => {
  it('keeps the newest first and at most the cap', () => {
    let list: FeedEntry[] = [];
    for (let seq = 1; seq <= 5; seq++) list = addDecision(list, { seq, decision: decision(seq % 2 === 0) }, 3);
    expect(list.map((e) => e.seq)).toEqual([5, 4, 3]);
  });
  it('filters by outcome and reader', () => {
    const list = [
      { seq: 1, decision: decision(true, 'a') },
      { seq: 2, decision: decision(false, 'a') },
      { seq: 3, decision: decision(false, 'b') },
    ];
    expect(filterFeed(list, { deniedOnly: true, readerId: null }).map((e) => e.seq)).toEqual([2, 3]);
    expect(filterFeed(list, { deniedOnly: false, readerId: 'a' }).map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('csv', () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    const csv = toCsv(['Căn hộ', '单元'], [['A-1201', 'Nguyễn "Văn" A, 王芳'], [3, null]]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe('Căn hộ,单元\r\nA-1201,"Nguyễn ""Văn"" A, 王芳"\r\n3,\r\n');
  });
  it('makes formulas inert but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2')).toBe('-2');
    expect(csvCell(-2)).toBe('-2');
  });
  it('names files with the building day', () => {
    expect(csvFileName('cards A/12', 'Asia/Ho_Chi_Minh', new Date('2024-05-01T20:00:00Z'))).toBe('cards-A-12-2024-05-02.csv');
  });
});

describe('cards', () => {
  it('offers only the transitions the gateway allows', () => {
    expect(actionsFor('active')).toEqual(['suspend', 'return', 'mark_lost', 'revoke']);
    expect(actionsFor('suspended')).toEqual(['resume', 'return', 'mark_lost', 'revoke']);
    expect(actionsFor('revoked')).toEqual([]);
    expect(actionsFor('lost')).toEqual([]);
    expect(canActivate('returned')).toBe(true);
    expect(canActivate('revoked')).toBe(false);
    expect(canReplace('lost')).toBe(true);
    expect(canReplace('in_stock')).toBe(false);
  });
  it('maps reader technologies', () => {
    expect(technologyOf('em4100')).toBe('em4100');
    expect(technologyOf('mifare-classic')).toBe('mifare_classic');
  });
});

describe('schedules', () => {
  it('24/7 is one full-day interval per weekday', () => {
    expect(ALL_WEEK).toHaveLength(7);
    expect(dayText(ALL_WEEK, 0)).toBe('00:00–24:00');
  });
  it('copies Monday to Tuesday–Friday and addresses intervals by flat index', () => {
    const week = copyMondayToWeekdays([
      { day: 1, from: '22:00', to: '24:00' },
      { day: 2, from: '00:00', to: '06:00' },
      { day: 6, from: '08:00', to: '12:00' },
    ]);
    expect(dayText(week, 2)).toBe('22:00–24:00');
    expect(dayText(week, 6)).toBe('08:00–12:00');
    expect(indicesOfDay(week, 1)).toEqual([0]);
  });
});

describe('helpers', () => {
  it('converts a wall time in the building zone to an instant', () => {
    expect(zonedDateTime('2024-05-01T08:30', 'Asia/Ho_Chi_Minh')).toBe('2024-05-01T01:30:00.000Z');
    expect(zonedDateTime('nope', 'Asia/Ho_Chi_Minh')).toBeNull();
  });
  it('marks the most specific menu entry', () => {
    expect(activeScreen('/cards/units')).toBe('cardUnits');
    expect(activeScreen('/cards')).toBe('cards');
    expect(activeScreen('/')).toBeNull();
  });
});
