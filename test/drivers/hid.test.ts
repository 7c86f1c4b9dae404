import { describe, expect, it } from 'vitest';
import type { CardPresented, TextScanned } from '../../drivers/events.js';
import { encodeHidPosReports, HidPosDecoder } from '../../drivers/hid/hidpos.js';
import { BootKeyboardDecoder } from '../../drivers/hid/keyboard.js';
import { DE_LAYOUT } from '../../drivers/hid/layout.js';
import { Scanner } from '../../drivers/hid/scanner.js';
import { HidPosSimulator, SerialScannerSimulator, WedgeSimulator } from '../../drivers/simulators/text-devices.js';
import { HidTransport, type HidHandle } from '../../drivers/transport/hid.js';
import { createMemoryPair, MemoryTransport } from '../../drivers/transport/memory.js';
import { hex } from '../../drivers/util/bytes.js';
import type { FrameError } from '../../drivers/util/frame-error.js';
import { EventEmitter } from 'node:events';

/** Boot keyboard reports: [modifiers, 00, k1..k6]. */
const KEY_A = hex('00 00 04 00 00 00 00 00'); // 'a'
const SHIFT_A = hex('02 00 04 00 00 00 00 00'); // LShift + a = 'A'
const RSHIFT_1 = hex('20 00 1E 00 00 00 00 00'); // RShift + 1 = '!'
const KEY_1 = hex('00 00 1E 00 00 00 00 00'); // '1'
const KEY_1_AND_2 = hex('00 00 1E 1F 00 00 00 00'); // 1 held, 2 pressed
const ROLLOVER = hex('00 00 01 01 01 01 01 01'); // ErrorRollOver
const ENTER = hex('00 00 28 00 00 00 00 00');
const RELEASE = hex('00 00 00 00 00 00 00 00');
const CTRL_C = hex('01 00 06 00 00 00 00 00');
const KEY_Z_POSITION = hex('00 00 1D 00 00 00 00 00'); // usage 1D: 'z' on US, 'y' on German QWERTZ

const type = (reports: Uint8Array[], decoder = new BootKeyboardDecoder()) => reports.flatMap((r) => decoder.push(r));

describe('boot keyboard decoder', () => {
  it('types on press, not on release, and ends a scan at Enter', () => {
    expect(type([KEY_A, RELEASE, SHIFT_A, RELEASE, RSHIFT_1, RELEASE, KEY_1, RELEASE, ENTER, RELEASE])).toEqual(['aA!1']);
  });

  it('treats a held key as one press and the next key in the same report as new', () => {
    expect(type([KEY_1, KEY_1, KEY_1_AND_2, RELEASE, ENTER])).toEqual(['12']);
  });

  it('ignores rollover error reports and Ctrl chords', () => {
    expect(type([KEY_A, ROLLOVER, RELEASE, CTRL_C, RELEASE, KEY_1, RELEASE, ENTER])).toEqual(['a1']);
  });

  it('emits two scans from one stream, and nothing for a bare Enter', () => {
    expect(type([ENTER, RELEASE, KEY_A, RELEASE, ENTER, RELEASE, KEY_1, RELEASE, ENTER])).toEqual(['a', '1']);
  });

  it('uses the layout hook (key positions, not characters)', () => {
    expect(type([KEY_Z_POSITION, RELEASE, ENTER])).toEqual(['z']);
    expect(type([KEY_Z_POSITION, RELEASE, ENTER], new BootKeyboardDecoder({ layout: DE_LAYOUT }))).toEqual(['y']);
  });

  it('reports short reports and strips a report ID', () => {
    const errors: FrameError[] = [];
    const d = new BootKeyboardDecoder({ reportId: 1, onError: (e) => errors.push(e) });
    expect(type([hex('01 00 00 04'), Buffer.concat([hex('01'), KEY_A]), hex('02 00'), Buffer.concat([hex('01'), ENTER])], d)).toEqual(['a']);
    expect(errors.map((e) => e.code)).toEqual(['bad-length']);
  });
});

describe('HID-POS decoder', () => {
  it('decodes UTF-8 across continuation reports with the AIM symbology', () => {
    const text = '001090123456|012345678|NGUYỄN VĂN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';
    const reports = encodeHidPosReports(text);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports[0]?.[63]).toBe(0x01);
    const d = new HidPosDecoder();
    expect(reports.flatMap((r) => d.push(r)).map((s) => [s.text, s.symbology])).toEqual([[text, ']Q1']]);
    expect(d.buffered).toBe(0);
  });

  it('rejects bad lengths and invalid UTF-8, ignores other report IDs', () => {
    const errors: FrameError[] = [];
    const d = new HidPosDecoder({ onError: (e) => errors.push(e) });
    const bad = encodeHidPosReports('x')[0] as Buffer;
    bad[1] = 60;
    const notUtf8 = encodeHidPosReports(Buffer.of(0xc3, 0x28))[0] as Buffer;
    const other = Buffer.alloc(64, 0x01);
    expect([bad, notUtf8, other, hex('02 01')].flatMap((r) => d.push(r))).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['bad-length', 'bad-format', 'bad-length']);
  });
});

describe('Scanner device', () => {
  const flush = () => new Promise((r) => setImmediate(r));

  it('wedge: simulator reports → scan events; card-reader mode → cardPresented', async () => {
    const [device, host] = createMemoryPair('hid');
    const scanner = new Scanner({ transport: host, mode: 'wedge' });
    const scans: TextScanned[] = [];
    scanner.on('scan', (s) => scans.push(s));
    await device.open();
    await scanner.open();
    new WedgeSimulator(device).scan('Hello, World! 123');
    await flush();
    expect(scans.map((s) => [s.text, s.via])).toEqual([['Hello, World! 123', 'wedge']]);
    expect(() => new WedgeSimulator(device).scan('Nữ')).toThrow(/cannot be typed/);

    const [d2, h2] = createMemoryPair('hid2');
    const reader = new Scanner({ transport: h2, mode: 'wedge', cardReader: true });
    const cards: CardPresented[] = [];
    reader.on('cardPresented', (c) => cards.push(c));
    await d2.open();
    await reader.open();
    const typist = new WedgeSimulator(d2);
    typist.presentCard('62e3086ced'); // types the hex UID
    typist.scan('3808980205'); // readers that type the decimal number
    typist.scan('not a card');
    await flush();
    expect(cards.map((c) => c.uid)).toEqual(['62E3086CED', 'E3086CED']);
    expect(cards[1]?.details).toEqual({ typed: '3808980205' });
  });

  it('HID-POS and serial scanners deliver UTF-8 text', async () => {
    const text = '张三|Nữ';
    for (const mode of ['hid-pos', 'serial'] as const) {
      const [device, host] = createMemoryPair(mode);
      const scanner = new Scanner({ transport: host, mode });
      const scans: TextScanned[] = [];
      scanner.on('scan', (s) => scans.push(s));
      await device.open();
      await scanner.open();
      (mode === 'hid-pos' ? new HidPosSimulator(device) : new SerialScannerSimulator(device)).scan(text);
      await flush();
      expect(scans.map((s) => s.text)).toEqual([text]);
    }
  });

  it('HID transport: node-hid reports become data chunks; an unplug is an unexpected close', async () => {
    const fake = new EventEmitter() as EventEmitter & HidHandle;
    fake.write = async (v) => v.length;
    fake.close = async () => undefined;
    const transport = new HidTransport({ path: '/dev/hidraw9', openDevice: async () => fake });
    const scanner = new Scanner({ transport, mode: 'wedge' });
    const scans: string[] = [];
    const closes: unknown[] = [];
    scanner.on('scan', (s) => scans.push(s.text));
    transport.on('close', (info) => closes.push(info));
    transport.on('error', () => undefined);
    await scanner.open();
    for (const r of [KEY_A, RELEASE, KEY_1, RELEASE, ENTER, RELEASE]) fake.emit('data', r);
    expect(scans).toEqual(['a1']);
    fake.emit('error', new Error('could not read from HID device'));
    expect(transport.isOpen).toBe(false);
    expect(closes).toEqual([{ unexpected: true, error: expect.objectContaining({ code: 'io-error' }) }]);
    const missing = new HidTransport({ path: '/dev/hidraw404', openDevice: async () => Promise.reject(new Error('cannot open device with path /dev/hidraw404: No such file or directory')) });
    await expect(missing.open()).rejects.toMatchObject({ code: 'port-not-found' });
    expect(new MemoryTransport('x').isOpen).toBe(false);
  });
});
