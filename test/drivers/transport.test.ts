import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { fingerprintHid, fingerprintSerial, listHidDevices, listSerialPorts, type PortLister } from '../../drivers/transport/list.js';
import { ReconnectingTransport, type ConnectionStatus } from '../../drivers/transport/reconnecting.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import { toTransportError, TransportError, type CloseInfo, type Transport, type TransportEvents } from '../../drivers/transport/types.js';
import { createManualTimers } from '../../drivers/util/timers.js';

describe('transport errors', () => {
  it('maps OS and binding messages to machine-readable codes', () => {
    const code = (e: unknown) => toTransportError(e, '/dev/ttyUSB0').code;
    expect(code(Object.assign(new Error('No such file or directory, cannot open /dev/ttyUSB0'), { code: 'ENOENT' }))).toBe('port-not-found');
    expect(code(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'))).toBe('permission-denied');
    expect(code(Object.assign(new Error('open'), { code: 'EACCES' }))).toBe('permission-denied');
    expect(code(new Error('Error Resource temporarily unavailable Cannot lock port'))).toBe('port-busy');
    expect(code(new Error('EBUSY: resource busy or locked'))).toBe('port-busy');
    expect(code(new Error('Input/output error, EIO'))).toBe('disconnected');
    expect(code(new Error('something odd'))).toBe('io-error');
    const typed = toTransportError(new Error('x'), '/dev/x');
    expect(typed).toBeInstanceOf(TransportError);
    expect(toTransportError(typed, '/dev/y')).toBe(typed);
  });

  it('a missing serial port fails with port-not-found', async () => {
    const t = new SerialTransport({ path: '/dev/frontgate-does-not-exist', baudRate: 9600 });
    await expect(t.open()).rejects.toMatchObject({ code: 'port-not-found', path: '/dev/frontgate-does-not-exist' });
    await expect(t.write(Buffer.of(1))).rejects.toMatchObject({ code: 'not-open' });
    expect(await t.setModemLines({ dtr: true })).toBe(false);
  });
});

describe('port listing', () => {
  it('falls back to /dev scanning with a warning when udevadm is missing', async () => {
    const broken: PortLister = {
      listSerial: () => Promise.reject(new Error('spawn udevadm ENOENT')),
      listHid: () => Promise.reject(new Error('libusb missing')),
    };
    const serial = await listSerialPorts(broken);
    expect(serial.warning).toMatch(/udevadm/);
    expect(Array.isArray(serial.ports)).toBe(true);
    expect(await listHidDevices(broken)).toEqual({ ports: [], warning: 'HID enumeration failed: libusb missing' });
  });

  it('lists the real machine without throwing', async () => {
    const serial = await listSerialPorts();
    const hid = await listHidDevices();
    expect(Array.isArray(serial.ports) && Array.isArray(hid.ports)).toBe(true);
  });

  it('fingerprints USB devices', () => {
    expect(fingerprintSerial({ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' })).toBe('usb-serial-bridge');
    expect(fingerprintSerial({ path: '/dev/ttyS0' })).toBeUndefined();
    expect(fingerprintHid({ path: 'h', vendorId: 0x0c2e, productId: 1, usagePage: 0x8c, usage: 2 })).toBe('hid-pos-scanner');
    expect(fingerprintHid({ path: 'h', vendorId: 1, productId: 1, usagePage: 1, usage: 6 })).toBe('hid-keyboard');
  });
});

/** A transport whose open fails while `present` is false. */
class FlakyTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly path = '/dev/flaky';
  present = false;
  opens = 0;
  private open_ = false;
  get isOpen() {
    return this.open_;
  }
  async open() {
    this.opens++;
    if (!this.present) throw Object.assign(new Error('No such file or directory'), { code: 'ENOENT' });
    this.open_ = true;
    this.emit('open');
  }
  async close() {
    this.drop({ unexpected: false });
  }
  async write() {}
  drop(info: CloseInfo) {
    if (!this.open_) return;
    this.open_ = false;
    this.emit('close', info);
  }
}

describe('ReconnectingTransport', () => {
  const settle = () => new Promise((r) => setImmediate(r));

  it('retries with exponential backoff until the port appears, then after an unplug', async () => {
    const timers = createManualTimers();
    const inner = new FlakyTransport();
    const t = new ReconnectingTransport(inner, { initialDelayMs: 100, maxDelayMs: 400, timers });
    const states: ConnectionStatus[] = [];
    t.onStatus((s) => states.push(s));
    let opened = 0;
    t.on('open', () => opened++);
    await expect(t.open()).rejects.toMatchObject({ code: 'port-not-found' });
    expect(t.status).toMatchObject({ state: 'reconnecting', attempt: 1 });
    timers.advance(100);
    await settle();
    expect(inner.opens).toBe(2);
    timers.advance(199);
    await settle();
    expect(inner.opens).toBe(2); // second retry waits 200 ms
    inner.present = true;
    timers.advance(1);
    await settle();
    expect(inner.opens).toBe(3);
    expect(t.isOpen).toBe(true);
    expect(opened).toBe(1);
    expect(t.status).toEqual({ state: 'open', attempt: 0 });

    inner.present = false;
    inner.drop({ unexpected: true, error: new TransportError('disconnected', inner.path) });
    expect(t.status.state).toBe('reconnecting');
    for (let i = 0; i < 5; i++) {
      timers.advance(400);
      await settle();
    }
    inner.present = true;
    timers.advance(400);
    await settle();
    expect(t.isOpen).toBe(true);
    expect(opened).toBe(2);
    expect(states.some((s) => s.lastError?.code === 'disconnected')).toBe(true);
    await t.close();
    expect(t.status.state).toBe('closed');
    inner.present = false;
    timers.advance(10_000);
    expect(timers.pending()).toBe(0);
  });

  it('refuses writes while disconnected', async () => {
    const t = new ReconnectingTransport(new FlakyTransport(), { timers: createManualTimers() });
    await expect(t.write(Buffer.of(1))).rejects.toMatchObject({ code: 'disconnected' });
  });
});
