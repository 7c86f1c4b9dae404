import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { VisitView } from '../../gateway/contract/visits.js';
import { activeScreen, screenText, screens } from '../../renderer/src/app/nav.js';
import { en } from '../../renderer/src/i18n/en.js';
import { makeFormatters } from '../../renderer/src/i18n/format.js';
import { visitCsvColumns } from '../../renderer/src/screens/visitlog/visitCsv.js';
import { hostOf, hostQuery, nextQuarterHour, parseFloors, svgDataUrl, zonedLocalInput } from '../../renderer/src/screens/visitlog/visitText.js';

/** A t() over the English catalog with {{name}} interpolation, enough for column headers and labels. */
function t(key: string, vars: Record<string, string> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  if (typeof value !== 'string') throw new Error(`no key ${key}`);
  return value.replace(/{{(\w+)}}/g, (_m, name: string) => vars[name] ?? '');
}

const visit = (patch: Partial<VisitView>): VisitView => ({
  id: 1,
  ref: 'V0123456789',
  status: 'checked_out',
  channel: 'desk',
  fullName: 'Nguyễn Thị Hòa',
  company: null,
  docType: 'cccd',
  docNumberHint: '3456',
  docSource: 'scan',
  docChecks: [],
  hasPhoto: false,
  rulesAcceptedAt: null,
  host: { personId: 3, unitId: null, companyId: null, label: 'Trần Văn Bình' },
  purpose: 'delivery',
  destinationFloors: [3, 12],
  expectedStart: null,
  expectedEnd: null,
  checkedInAt: '2024-05-01T01:30:00.000Z',
  hostContactedAt: null,
  admittedAt: null,
  checkoutRequestedAt: null,
  checkedOutAt: '2024-05-01T03:00:00.000Z',
  overstay: false,
  card: null,
  custody: null,
  watchlist: null,
  override: null,
  note: null,
  purgedAt: null,
  createdAt: '2024-05-01T01:30:00.000Z',
  updatedAt: '2024-05-01T03:00:00.000Z',
  ...patch,
});

describe('visit admin helpers', () => {
  it('shows the QR SVG only as a base64 data: URL that decodes to the same UTF-8 text', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Hòa 访客</title><path d="M0 0h1v1z"/></svg>';
    const url = svgDataUrl(svg);
    expect(url).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(url.split(',')[1] ?? '', 'base64').toString('utf8')).toBe(svg);
  });

  it('reads floors typed with commas or spaces and leaves anything else for the schema to reject', () => {
    expect(parseFloors('3, 12 -1')).toEqual([3, 12, -1]);
    expect(parseFloors('')).toEqual([]);
    expect(parseFloors('7, x').map(Number.isNaN)).toEqual([false, true]);
  });

  it('turns a picked host into the contract host and the list filter', () => {
    expect(hostOf({ kind: 'unit', id: 4 })).toEqual({ personId: null, unitId: 4, companyId: null });
    expect(hostQuery({ kind: 'company', id: 9 })).toEqual({ hostCompanyId: 9 });
    expect(hostQuery({ kind: 'person', id: null })).toEqual({});
  });

  it('writes datetime-local values in the building time zone', () => {
    const at = new Date('2024-05-01T17:05:00Z');
    expect(zonedLocalInput(at, 'Asia/Ho_Chi_Minh')).toBe('2024-05-02T00:05');
    expect(zonedLocalInput(at, 'Asia/Shanghai')).toBe('2024-05-02T01:05');
    expect(nextQuarterHour(at).toISOString()).toBe('2024-05-01T17:15:00.000Z');
    expect(nextQuarterHour(new Date('2024-05-01T17:15:00Z')).toISOString()).toBe('2024-05-01T17:30:00.000Z');
  });

  it('exports purged visits without personal data, in the language of the screen', () => {
    const fmt = makeFormatters('en', 'Asia/Ho_Chi_Minh');
    const { header, row } = visitCsvColumns(t as unknown as TFunction, fmt);
    expect(header).toHaveLength(row(visit({})).length);
    expect(row(visit({}))).toEqual(['V0123456789', 'Nguyễn Thị Hòa', null, '3456', 'Delivery', 'Trần Văn Bình', '3, 12', fmt.dateTime('2024-05-01T01:30:00.000Z'), fmt.dateTime('2024-05-01T03:00:00.000Z'), null, 'Checked out']);
    const purged = row(visit({ fullName: '', docNumberHint: null, purgedAt: '2024-06-01T00:00:00.000Z' }));
    expect(purged[1]).toBe(en.visitAdmin.log.purged);
    expect(purged[3]).toBeNull();
  });
});

describe('menu entries of the visit admin screens', () => {
  it('label feature screens from their own catalog namespace and core screens from nav.*', () => {
    const byKey = new Map(screens.map((s) => [s.key, s]));
    const log = byKey.get('visitLog');
    const people = byKey.get('people');
    expect(log && screenText(log)).toEqual({ label: 'visitAdmin.nav.log', tile: 'visitAdmin.nav.logTile' });
    expect(people && screenText(people)).toEqual({ label: 'nav.people', tile: 'tiles.people' });
    for (const s of screens) {
      const { label, tile } = screenText(s);
      expect(() => t(label), s.key).not.toThrow();
      expect(() => t(tile), s.key).not.toThrow();
    }
  });

  it('keeps the invitation under the expected visitors entry', () => {
    expect(activeScreen('/visits/expected/12/invitation')).toBe('visitExpected');
    expect(activeScreen('/visits/log')).toBe('visitLog');
    expect(activeScreen('/visits/alerts')).toBe('visitAlerts');
  });
});
