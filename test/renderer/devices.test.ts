import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../gateway/contract/devices.js';
import { DeviceDriver, DeviceRole, DeviceState, IdDocumentView, SimulateAction } from '../../gateway/contract/devices.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import {
  MAX_ACTIVITY,
  SAMPLE_CCCD,
  SAMPLE_MRZ,
  SAMPLE_UIDS,
  addActivity,
  applyStatus,
  catalogKey,
  demoKind,
  deviceAddress,
  parseUsbHex,
  usbHex,
  type ActivityEvent,
} from '../../renderer/src/screens/devices/deviceHelpers.js';

const device = (patch: Partial<DeviceView>): DeviceView => ({
  id: 'desk-reader',
  name: 'Desk reader',
  driver: 'em4100',
  role: 'desk_reader',
  stationId: null,
  portPath: '/dev/ttyUSB0',
  usbVid: null,
  usbPid: null,
  baudRate: null,
  enabled: true,
  status: { state: 'connecting', lastSeenAt: null, lastError: null, simulated: false },
  ...patch,
});

describe('device helpers', () => {
  it('shows the port, else the USB VID:PID in hex', () => {
    expect(deviceAddress(device({}))).toBe('/dev/ttyUSB0');
    expect(deviceAddress(device({ portPath: null, usbVid: 0x1a86, usbPid: 0x7523 }))).toBe('USB 1A86:7523');
    expect(deviceAddress(device({ portPath: null }))).toBeNull();
  });

  it('reads USB ids typed in hex', () => {
    expect(parseUsbHex('1a86')).toBe(0x1a86);
    expect(parseUsbHex(' 0x0C2E ')).toBe(0x0c2e);
    expect(parseUsbHex('')).toBeNull();
    expect(parseUsbHex('12345')).toBeUndefined();
    expect(parseUsbHex('zz')).toBeUndefined();
    expect(usbHex(0x5ac)).toBe('05AC');
  });

  it('offers demo controls by driver, with sample UIDs the contract accepts', () => {
    expect(DeviceDriver.options.map(demoKind)).toEqual(['card', 'card', 'card', 'id_card', 'scanner', 'scanner', 'scanner']);
    for (const uid of Object.values(SAMPLE_UIDS)) expect(SimulateAction.safeParse({ action: 'present', uid }).success).toBe(true);
    expect(SAMPLE_UIDS.em4100).toBe('62E3086CED');
    expect(SAMPLE_MRZ.split('\n').map((l) => l.length)).toEqual([44, 44]);
    expect(SAMPLE_CCCD.split('|')).toHaveLength(7);
  });

  it('applies live status to a known device and asks for a reload otherwise', () => {
    const items = [device({}), device({ id: 'scanner', driver: 'serial-scanner', role: 'scanner' })];
    const update = device({ status: { state: 'connected', lastSeenAt: '2025-01-01T00:00:00.000Z', lastError: null, simulated: false } });
    const next = applyStatus(items, update);
    expect(next?.[0]?.status.state).toBe('connected');
    expect(next?.[1]).toBe(items[1]);
    expect(applyStatus(items, device({ id: 'new-one' }))).toBeNull();
  });

  it('keeps the newest activity first and bounded', () => {
    const event = (uid: string): ActivityEvent => ({
      type: 'card.presented',
      at: '2025-01-01T00:00:00.000Z',
      data: { deviceId: 'desk-reader', role: 'desk_reader', stationId: null, uid, technology: 'em4100' },
    });
    let list = addActivity([], event('A'), 1);
    list = addActivity(list, event('B'), 2);
    expect(list.map((e) => e.seq)).toEqual([2, 1]);
    for (let i = 3; i < 100; i++) list = addActivity(list, event(String(i)), i);
    expect(list).toHaveLength(MAX_ACTIVITY);
    expect(list[0]?.seq).toBe(99);
  });

  it('translates every driver, role, state, document type and sex in every language', () => {
    for (const catalog of [en, vi, zh]) {
      for (const d of DeviceDriver.options) expect(catalog.devices.drivers[d], d).toBeTruthy();
      for (const r of DeviceRole.options) expect(catalog.devices.roles[r], r).toBeTruthy();
      for (const s of DeviceState.options) expect(catalog.devices.states[s], s).toBeTruthy();
      for (const ty of IdDocumentView.shape.type.options) expect(catalog.devices.docTypes[ty], ty).toBeTruthy();
      for (const sex of IdDocumentView.shape.sex.options) expect(catalog.devices.sexes[sex], sex).toBeTruthy();
    }
  });

  it('maps document check and scan error names onto catalog keys', () => {
    const names = ['gb11643', 'number-matches-birth-date', 'number-matches-birth-year', 'number-matches-sex', 'nation-code', 'valid-period', 'province-code', 'issued-after-birth', 'documentNumberCheckDigit', 'birthDateCheckDigit', 'expirationDateCheckDigit', 'personalNumberCheckDigit', 'compositeCheckDigit', 'issuingStateKnown', 'nationalityKnown'];
    for (const name of names) expect(Object.keys(en.devices.checkNames), name).toContain(catalogKey(name));
    for (const code of ['unrecognized', 'bad-format', 'bad-field', 'check-failed']) expect(Object.keys(en.devices.scanErrors), code).toContain(catalogKey(code));
  });
});
