import { realpath, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CnIdReader } from '../../drivers/cnid/reader.js';
import { Em4100Reader } from '../../drivers/em4100/reader.js';
import type { CardPresented } from '../../drivers/events.js';
import { parseCnId } from '../../drivers/id-documents/index.js';
import { Pn532 } from '../../drivers/pn532/device.js';
import { encodeCredential } from '../../drivers/pn532/encoder.js';
import { createSimulator, SAMPLE_CN_ID, type Pn532Simulator } from '../../drivers/simulators/index.js';
import { Em4100Simulator } from '../../drivers/simulators/em4100.js';
import { ReconnectingTransport } from '../../drivers/transport/reconnecting.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import type { CloseInfo } from '../../drivers/transport/types.js';
import { hex } from '../../drivers/util/bytes.js';
import { createPtyPair, socatAvailable, type PtyPair } from '../support/pty.js';
import { skipWithout } from '../support/tools.js';

const until = async (check: () => boolean, timeoutMs: number): Promise<number> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
};

describe.skipIf(skipWithout(socatAvailable()))('drivers ↔ simulators over socat pseudo-terminals (real serialport binding)', () => {
  let pty: PtyPair;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    pty = await createPtyPair();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    await pty.close();
  });

  it('EM4100: the reader sees the simulated card through garbage', async () => {
    const sim = await createSimulator('em4100', pty.a, { repeatMs: 50 });
    cleanups.push(() => sim.close());
    const reader = new Em4100Reader({ transport: new SerialTransport({ path: pty.b, baudRate: 9600 }), holdMs: 300 });
    cleanups.push(() => reader.close());
    const cards: CardPresented[] = [];
    reader.on('cardPresented', (c) => cards.push(c));
    await reader.open();
    sim.injectGarbage(hex('0203FFEE'));
    sim.presentCard('62E3086CED');
    await until(() => cards.length > 0, 2000);
    expect(cards[0]).toMatchObject({ uid: '62E3086CED', readerPath: pty.b });
    await new Promise((r) => setTimeout(r, 200));
    expect(cards).toHaveLength(1); // repeats while held are debounced
  });

  it('a second exclusive open of the same port fails with port-busy', async () => {
    const first = new SerialTransport({ path: pty.b, baudRate: 9600 });
    cleanups.push(() => first.close());
    await first.open();
    expect(await first.setModemLines({ dtr: true, rts: true })).toBe(false); // ptys reject modem-line ioctls: guarded
    await expect(new SerialTransport({ path: pty.b, baudRate: 9600 }).open()).rejects.toMatchObject({ code: 'port-busy' });
  });

  it('PN532: detect, encode a credential and verify it', async () => {
    const sim = (await createSimulator('pn532', pty.a)) as Pn532Simulator;
    cleanups.push(() => sim.close());
    const pn532 = new Pn532({ transport: new SerialTransport({ path: pty.b, baudRate: 115200 }), ackTimeoutMs: 1000 });
    cleanups.push(() => pn532.close());
    await pn532.open();
    expect(await pn532.getFirmwareVersion()).toMatchObject({ ic: 0x32, version: 1, revision: 6 });
    sim.presentCard('DEADBEEF');
    expect(await pn532.inListPassiveTarget()).toEqual({ tg: 1, uid: 'DEADBEEF', atqa: '0004', sak: 8 });
    const result = await encodeCredential(pn532, {
      uid: 'DEADBEEF',
      sector: 2,
      keyA: 'A0A1A2A3A4A5',
      keyB: 'B0B1B2B3B4B5',
      accessBits: '7F0788',
      credentialBlock: '46470001000000420000000000000000',
    });
    expect(result).toMatchObject({ uid: 'DEADBEEF', block: 8, roundTrips: 5, protocolMinimum: 5 });
    const { data } = await pn532.readBlock(8, 'A', hex('A0A1A2A3A4A5'));
    expect(data).toEqual(hex('46470001000000420000000000000000'));
  });

  it('CN ID reader: reads the simulated card into an IdDocument', async () => {
    const sim = await createSimulator('cnid', pty.a);
    cleanups.push(() => sim.close());
    const reader = new CnIdReader({ transport: new SerialTransport({ path: pty.b, baudRate: 115200 }) });
    cleanups.push(() => reader.close());
    await reader.open();
    expect(await reader.readCard()).toBeUndefined();
    sim.presentIdDocument(SAMPLE_CN_ID);
    const card = await reader.readCard();
    expect(card?.photo.length).toBe(1024);
    const doc = parseCnId(card!.text, card!.photo, card!.textBytes);
    expect(doc).toMatchObject({ type: 'cn_id', number: '11010519491231002X', fullName: '王芳', extra: { validTo: '长期' } });
  });

  it('a device node that vanishes while reads still block is reported as an unplug', async () => {
    // A hung-up tty can make reads return 0 bytes for ever instead of EIO; the transport must not rely on a read
    // error. Here the port stays alive (socat runs) but the path the gateway opened disappears, as /dev/ttyUSB0 does.
    const link = join(pty.dir, 'ttyUSB-link');
    await symlink(await realpath(pty.b), link);
    const transport = new SerialTransport({ path: link, baudRate: 9600, presenceCheckMs: 50 });
    cleanups.push(() => transport.close());
    await transport.open();
    const closes: CloseInfo[] = [];
    transport.on('close', (info) => closes.push(info));
    await rm(link);
    await until(() => closes.length > 0, 5000);
    expect(closes).toEqual([{ unexpected: true, error: expect.objectContaining({ code: 'disconnected', path: link }) }]);
    expect(transport.isOpen).toBe(false);
  });

  it('unplug/replug: reader and encoder recover within 2 s without a crash', async () => {
    const reconnect = { initialDelayMs: 50, maxDelayMs: 200 };
    const simTransport = new ReconnectingTransport(new SerialTransport({ path: pty.a, baudRate: 9600, lock: false }), reconnect);
    const sim = new Em4100Simulator(simTransport, { repeatMs: 50 });
    cleanups.push(() => sim.close());
    await simTransport.open();
    const hostTransport = new ReconnectingTransport(new SerialTransport({ path: pty.b, baudRate: 9600 }), reconnect);
    const reader = new Em4100Reader({ transport: hostTransport, holdMs: 150 });
    cleanups.push(() => reader.close());
    const cards: string[] = [];
    reader.on('cardPresented', (c) => cards.push(c.uid));
    let closes = 0;
    hostTransport.on('close', () => closes++);
    await reader.open();
    sim.presentCard('0102030405');
    await until(() => cards.length === 1, 2000);

    await pty.unplug();
    await until(() => closes > 0 && !hostTransport.isOpen, 2000);
    expect(hostTransport.status.state).toBe('reconnecting');
    await pty.replug();
    const recovery = await until(() => hostTransport.isOpen && simTransport.isOpen, 2000);
    expect(recovery).toBeLessThan(2000);
    sim.presentCard('62E3086CED');
    await until(() => cards.includes('62E3086CED'), 2000);
  });

  it('unplug/replug: the PN532 driver re-wakes the chip after reconnecting', async () => {
    const reconnect = { initialDelayMs: 50, maxDelayMs: 200 };
    const simTransport = new ReconnectingTransport(new SerialTransport({ path: pty.a, baudRate: 115200, lock: false }), reconnect);
    const { Pn532Simulator } = await import('../../drivers/simulators/pn532.js');
    const sim = new Pn532Simulator(simTransport);
    cleanups.push(() => sim.close());
    await simTransport.open();
    const hostTransport = new ReconnectingTransport(new SerialTransport({ path: pty.b, baudRate: 115200 }), reconnect);
    const pn532 = new Pn532({ transport: hostTransport, ackTimeoutMs: 1000, responseTimeoutMs: 1000 });
    cleanups.push(() => pn532.close());
    await pn532.open();
    const wakeups: number[] = [];
    sim.onCommand = (cmd) => cmd[0] === 0x14 && wakeups.push(Date.now());
    await pn532.getFirmwareVersion();
    await pty.unplug();
    await expect(pn532.getFirmwareVersion()).rejects.toMatchObject({ code: expect.stringMatching(/disconnected|timeout/) });
    await pty.replug();
    await until(() => hostTransport.isOpen && simTransport.isOpen, 2000);
    expect((await pn532.getFirmwareVersion()).ic).toBe(0x32);
    expect(wakeups).toHaveLength(1); // SAMConfiguration sent again after the replug
  });
});
