import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../gateway/contract/devices.js';
import { IdDocumentView } from '../../gateway/contract/devices.js';
import { VisitChannel, VisitCreate, VisitDocType, VisitPurpose, VisitStatus, type VisitView } from '../../gateway/contract/visits.js';
import { visitsEn, visitsVi, visitsZh } from '../../renderer/src/i18n/features/visits.js';
import { printPage } from '../../renderer/src/screens/visitors/printPage.js';
import { initialRegisterValues, toVisitCreate, withExpectedVisit, withScan, type RegisterValues } from '../../renderer/src/screens/visitors/registerForm.js';
import { pickDeskReader } from '../../renderer/src/screens/visitors/useDeskDevices.js';
import {
  dataUrlBytes,
  durationParts,
  formFieldOf,
  heldSlot,
  hostInput,
  hostOf,
  mayIssueCard,
  parseFloors,
  svgDataUrl,
  toFormErrors,
  visitDocType,
  visitRefOfCode,
} from '../../renderer/src/screens/visitors/visitHelpers.js';

const cccd = IdDocumentView.parse({
  type: 'cccd',
  format: 'cccd-qr',
  number: '001090123456',
  fullName: 'NGUYEN VAN A',
  birthDate: '1990-01-01',
  sex: 'male',
  extra: {},
  hasPhoto: false,
  checks: [{ name: 'number-matches-sex', passed: true }],
});

const values = (patch: Partial<RegisterValues>): RegisterValues => ({ ...initialRegisterValues, fullName: 'Lê Văn Khách', hostId: 3, ...patch });

const visit = (patch: Partial<VisitView>): VisitView => ({
  id: 9,
  ref: 'V0123456789',
  status: 'expected',
  channel: 'preregistered',
  fullName: 'Phạm Thị Hẹn',
  company: 'Công ty Bình Minh',
  docType: null,
  docNumberHint: null,
  docSource: null,
  docChecks: [],
  hasPhoto: false,
  rulesAcceptedAt: null,
  host: { personId: 4, unitId: 2, companyId: null, label: 'Nguyễn Văn Đức' },
  purpose: 'business',
  destinationFloors: [12],
  expectedStart: '2025-05-01T01:00:00.000Z',
  expectedEnd: '2025-05-01T04:00:00.000Z',
  checkedInAt: null,
  hostContactedAt: null,
  admittedAt: null,
  checkoutRequestedAt: null,
  checkedOutAt: null,
  overstay: false,
  card: null,
  custody: null,
  watchlist: null,
  override: null,
  note: null,
  purgedAt: null,
  createdAt: '2025-04-30T00:00:00.000Z',
  updatedAt: '2025-04-30T00:00:00.000Z',
  ...patch,
});

describe('visit QR codes and scanned documents', () => {
  it('reads the reference of a visit QR code and nothing else', () => {
    expect(visitRefOfCode('FGV:V0123456789')).toBe('V0123456789');
    expect(visitRefOfCode(' fgv:v0123456789 ')).toBe('V0123456789');
    expect(visitRefOfCode('V0123456789')).toBeNull();
    expect(visitRefOfCode('FGV:VILLOU')).toBeNull();
    expect(visitRefOfCode('001090123456|012345678|NGUYEN VAN A')).toBeNull();
  });

  it('maps every parsed document type onto a visit document type', () => {
    for (const type of IdDocumentView.shape.type.options) expect(VisitDocType.options).toContain(visitDocType(type));
    expect(visitDocType('visa')).toBe('other');
    expect(visitDocType('cn_id')).toBe('cn_id');
  });
});

describe('the registration form', () => {
  it('sends a scanned document as a scan, with the parsed data, and it passes the contract', () => {
    const scanned = withScan(values({ fullName: '' }), cccd);
    expect(scanned.fullName).toBe('NGUYEN VAN A');
    const body = VisitCreate.parse(toVisitCreate(scanned, 'Asia/Ho_Chi_Minh'));
    expect(body.document).toMatchObject({ type: 'cccd', number: '001090123456', source: 'scan' });
    expect(body.document?.scanned?.checks).toEqual(cccd.checks);
  });

  it('turns a scanned number that was typed over into a manual entry without the scanned data', () => {
    const edited = { ...withScan(values({}), cccd), docNumber: '079090123456' };
    const body = VisitCreate.parse(toVisitCreate(edited, 'UTC'));
    expect(body.document).toMatchObject({ number: '079090123456', source: 'manual', scanned: null });
  });

  it('sends no document without a number, exactly one host, floors as numbers and the end in the site zone', () => {
    const body = VisitCreate.parse(toVisitCreate(values({ hostKind: 'company', hostId: 5, floors: ['12', '5'], expectedEnd: '2030-05-01T17:30' }), 'Asia/Ho_Chi_Minh'));
    expect(body.document).toBeNull();
    expect(body.host).toEqual({ personId: null, unitId: null, companyId: 5 });
    expect(body.destinationFloors).toEqual([12, 5]);
    expect(body.expectedEnd).toBe('2030-05-01T10:30:00.000Z');
  });

  it('reports contract problems under the form fields', () => {
    const result = VisitCreate.safeParse(toVisitCreate(values({ docType: 'cccd', docNumber: '123', hostId: null, floors: ['twelve'] }), 'UTC'));
    expect(result.success).toBe(false);
    const errors = toFormErrors(Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message])));
    expect(Object.keys(errors).sort()).toEqual(['docNumber', 'floors', 'hostId']);
    expect(errors.docNumber).toBe('id_number');
    expect(errors.hostId).toBe('one_host');
  });

  it('fills in an expected visit: who, host, purpose, floors, and its reference', () => {
    const filled = withExpectedVisit(initialRegisterValues, visit({}));
    expect(filled).toMatchObject({ fullName: 'Phạm Thị Hẹn', company: 'Công ty Bình Minh', purpose: 'business', hostKind: 'person', hostId: 4, hostLabel: 'Nguyễn Văn Đức', floors: ['12'], expectedRef: 'V0123456789' });
    expect(VisitCreate.parse(toVisitCreate(filled, 'UTC')).expectedRef).toBe('V0123456789');
  });
});

describe('visit helpers', () => {
  it('maps contract paths onto the flat form fields', () => {
    expect(formFieldOf(['document', 'number'])).toBe('docNumber');
    expect(formFieldOf(['document', 'type'])).toBe('docType');
    expect(formFieldOf(['host', 'unitId'])).toBe('hostId');
    expect(formFieldOf(['destinationFloors', 1])).toBe('floors');
    expect(formFieldOf(['expectedEnd'])).toBe('expectedEnd');
  });

  it('picks the host kind a visit was registered with, and builds exactly one host id', () => {
    expect(hostOf({ personId: 4, unitId: 2, companyId: 1, label: 'x' })).toEqual({ kind: 'person', id: 4 });
    expect(hostOf({ personId: null, unitId: 2, companyId: 1, label: 'x' })).toEqual({ kind: 'company', id: 1 });
    expect(hostOf({ personId: null, unitId: 2, companyId: null, label: 'x' })).toEqual({ kind: 'unit', id: 2 });
    expect(hostInput('unit', 8)).toEqual({ personId: null, unitId: 8, companyId: null });
  });

  it('keeps typed floors that are not whole numbers for the schema to refuse', () => {
    expect(parseFloors(['12', ' -1 ', '5a'])).toEqual([12, -1, Number.NaN]);
  });

  it('measures durations in whole hours and minutes, never negative', () => {
    const from = '2025-05-01T08:00:00.000Z';
    expect(durationParts(from, Date.parse('2025-05-01T09:05:59.000Z'))).toEqual({ hours: 1, minutes: 5 });
    expect(durationParts(from, Date.parse('2025-05-01T07:00:00.000Z'))).toEqual({ hours: 0, minutes: 0 });
  });

  it('shows an SVG as a base64 data URL that decodes to the same document', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1] ?? '', 'base64').toString('utf8')).toBe(svg);
  });

  it('counts the bytes behind a data URL', () => {
    const bytes = Buffer.alloc(1001, 7);
    expect(dataUrlBytes(`data:image/jpeg;base64,${bytes.toString('base64')}`)).toBe(1001);
  });

  it('knows when the desk holds a document and when a card may be issued', () => {
    expect(heldSlot(visit({ custody: { slot: '12', takenAt: 'x', returnedAt: null } }))).toBe('12');
    expect(heldSlot(visit({ custody: { slot: '12', takenAt: 'x', returnedAt: 'y' } }))).toBeNull();
    expect(mayIssueCard(visit({ status: 'checked_in' }))).toBe(true);
    expect(mayIssueCard(visit({ status: 'blocked' }))).toBe(false);
    expect(mayIssueCard(visit({ status: 'checked_in', checkoutRequestedAt: 'x' }))).toBe(false);
    expect(mayIssueCard(visit({ status: 'checked_in', card: { id: 1, uid: 'AB', status: 'active' } }))).toBe(false);
  });
});

describe('desk devices and printing', () => {
  const device = (id: string, stationId: number | null): DeviceView => ({
    id,
    name: id,
    driver: 'em4100',
    role: 'desk_reader',
    stationId,
    portPath: '/dev/ttyUSB0',
    usbVid: null,
    usbPid: null,
    baudRate: null,
    enabled: true,
    status: { state: 'connected', lastSeenAt: null, lastError: null, simulated: false },
  });
  const readers = [device('kiosk-reader', 2), device('desk-reader', 1)];

  it('uses the reader picked in this browser, else the station’s own, else the first', () => {
    expect(pickDeskReader(readers, 'desk-reader', 2)?.id).toBe('desk-reader');
    expect(pickDeskReader(readers, null, 1)?.id).toBe('desk-reader');
    expect(pickDeskReader(readers, 'gone', null)?.id).toBe('kiosk-reader');
    expect(pickDeskReader([], null, 1)).toBeNull();
  });

  it('prints through the shell bridge silently, else with the browser', async () => {
    const calls: string[] = [];
    const browser = { frontgate: undefined, print: () => calls.push('window.print') };
    expect(await printPage(browser)).toBeNull();
    const shell = (result: { ok: true } | { error: 'failed' | 'cancelled' | 'unknown-printer' }) => ({
      print: () => calls.push('never'),
      frontgate: {
        version: '1',
        print: async (options: { silent: boolean; deviceName?: string }) => {
          calls.push(`bridge silent=${String(options.silent)}${options.deviceName ? ` to ${options.deviceName}` : ''}`);
          return result;
        },
        listPrinters: async () => [],
        kiosk: { exit: async () => ({ ok: true as const }) },
      },
    });
    expect(await printPage(shell({ ok: true }), null)).toBeNull();
    expect(await printPage(shell({ error: 'unknown-printer' }), 'Zebra ZD421')).toBe('unknown-printer');
    expect(calls).toEqual(['window.print', 'bridge silent=true', 'bridge silent=true to Zebra ZD421']);
  });
});

describe('visits catalog', () => {
  it('names every status, purpose, channel and document type in each language', () => {
    for (const catalog of [visitsEn, visitsVi, visitsZh]) {
      for (const s of VisitStatus.options) expect(catalog.statuses[s]).toBeTruthy();
      for (const p of VisitPurpose.options) expect(catalog.purposes[p]).toBeTruthy();
      for (const c of VisitChannel.options) expect(catalog.channels[c]).toBeTruthy();
      for (const d of VisitDocType.options) expect(catalog.docTypes[d]).toBeTruthy();
    }
  });

  it('is really translated', () => {
    for (const pick of [(c: typeof visitsEn) => c.nav.label, (c: typeof visitsEn) => c.blocked.title, (c: typeof visitsEn) => c.checkOut.returnDocument]) {
      expect(new Set([pick(visitsEn), pick(visitsVi as typeof visitsEn), pick(visitsZh as typeof visitsEn)]).size).toBe(3);
    }
  });
});
