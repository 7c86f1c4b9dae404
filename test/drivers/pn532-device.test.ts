import { describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { Pn532 } from '../../drivers/pn532/device.js';
import { encodeCredential, type CredentialRequest } from '../../drivers/pn532/encoder.js';
import { Pn532Error } from '../../drivers/pn532/errors.js';
import { ACK_FRAME, encodeResponse, WAKEUP } from '../../drivers/pn532/frame.js';
import type { MifareClassicCard } from '../../drivers/simulators/mifare-card.js';
import { Pn532Simulator } from '../../drivers/simulators/pn532.js';
import { createMemoryPair } from '../../drivers/transport/memory.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import { hex } from '../../drivers/util/bytes.js';

/** What the driver sends on open: HSU wake-up, SAMConfiguration normal mode (timeout 0x14), MxRtyPassiveActivation=2. */
const SAM_CONFIGURATION_REQ = hex('0000ff05fbd41401140003 00'); // D4 14 01 14 00
const RF_CONFIG_RETRIES_REQ = hex('0000ff06fad43205ff0102f3 00'); // D4 32 05 FF 01 02

const BUILDING_KEY_A = 'A0A1A2A3A4A5';
const BUILDING_KEY_B = 'B0B1B2B3B4B5';
const CREDENTIAL = '46470001000000420000000000000000'; // "FG" + version + credential 0x42

const request = (over: Partial<CredentialRequest> = {}): CredentialRequest => ({
  sector: 1,
  keyA: BUILDING_KEY_A,
  keyB: BUILDING_KEY_B,
  accessBits: '7F0788',
  credentialBlock: CREDENTIAL,
  ...over,
});

async function setup(options: { ackTimeoutMs?: number; responseTimeoutMs?: number } = {}) {
  const [device, host] = createMemoryPair('pn532');
  const sim = new Pn532Simulator(device);
  const pn532 = new Pn532({ transport: host, ackTimeoutMs: options.ackTimeoutMs ?? 200, responseTimeoutMs: options.responseTimeoutMs ?? 500 });
  await device.open();
  await pn532.open();
  return { sim, pn532, device, host };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof Pn532Error ? err.code : String(err);
  }
};

describe('Pn532 driver', () => {
  it('writes wake-up + SAMConfiguration bytes exactly (binding-mock)', async () => {
    SerialPortMock.binding.createPort('/dev/PN532MOCK', { record: true });
    const transport = new SerialTransport({ path: '/dev/PN532MOCK', baudRate: 115200, createPort: (o) => new SerialPortMock(o) });
    const pn532 = new Pn532({ transport, ackTimeoutMs: 50, responseTimeoutMs: 50 });
    await transport.open();
    const port = (transport as unknown as { port: SerialPortMock }).port;
    port.on('data', () => undefined);
    const init = pn532.init();
    await new Promise((r) => setTimeout(r, 20));
    port.port?.emitData(Buffer.concat([ACK_FRAME, encodeResponse(0x14)]));
    await new Promise((r) => setTimeout(r, 20));
    port.port?.emitData(Buffer.concat([ACK_FRAME, encodeResponse(0x32)]));
    await init;
    expect(port.port?.recording).toEqual(Buffer.concat([WAKEUP, SAM_CONFIGURATION_REQ, RF_CONFIG_RETRIES_REQ]));
    expect(await transport.setModemLines({ dtr: true })).toBe(true);
    await transport.close();
    SerialPortMock.binding.reset();
  });

  it('a write slower than the ACK timeout fails the command without an unhandled rejection', async () => {
    const { pn532, host } = await setup({ ackTimeoutMs: 20, responseTimeoutMs: 20 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const write = host.write.bind(host);
    // A loaded machine: the write completes only after both timers have fired.
    host.write = async (data: Uint8Array) => {
      await new Promise((r) => setTimeout(r, 80));
      return write(data);
    };
    expect(await codeOf(pn532.getFirmwareVersion())).toBe('timeout');
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onUnhandled);
    host.write = write;
    expect(unhandled).toEqual([]);
  });

  it('reads the firmware version and detects a card (UID, ATQA, SAK)', async () => {
    const { sim, pn532 } = await setup();
    expect(await pn532.getFirmwareVersion()).toEqual({ ic: 0x32, version: 1, revision: 6, support: 7 });
    expect(await pn532.inListPassiveTarget()).toBeUndefined();
    sim.presentCard('DEADBEEF');
    expect(await pn532.inListPassiveTarget()).toEqual({ tg: 1, uid: 'DEADBEEF', atqa: '0004', sak: 0x08 });
  });

  it('authenticates with key A and key B, reads and writes blocks', async () => {
    const { sim, pn532 } = await setup();
    sim.presentCard('DEADBEEF');
    const data = hex('00112233445566778899AABBCCDDEEFF');
    await pn532.exclusive(async (c) => {
      const t = await c.inListPassiveTarget();
      expect(t?.uid).toBe('DEADBEEF');
      await c.mifareAuthenticate(1, 4, 'A', hex('FFFFFFFFFFFF'), hex('DEADBEEF'));
      await c.mifareWrite(1, 5, data);
      expect(await c.mifareRead(1, 5)).toEqual(data);
      await c.mifareAuthenticate(1, 8, 'B', hex('FFFFFFFFFFFF'), hex('DEADBEEF'));
      await expect(c.mifareRead(1, 8)).rejects.toMatchObject({ code: 'auth-failed' }); // key B is readable in transport mode: not a key
    });
    expect(await codeOf(pn532.readBlock(4, 'A', hex('000000000000')))).toBe('auth-failed');
  });

  it('encodes a credential in the protocol minimum of 5 round trips, then re-encodes with the building key', async () => {
    const { sim, pn532 } = await setup();
    sim.presentCard('DEADBEEF');
    const first = await encodeCredential(pn532, request({ uid: 'deadbeef' }));
    expect(first).toEqual({ uid: 'DEADBEEF', atqa: '0004', sak: 8, block: 4, roundTrips: 5, protocolMinimum: 5 });
    const card = sim.card as MifareClassicCard;
    expect(card.blocks[4]).toEqual(hex(CREDENTIAL));
    expect(card.blocks[7]).toEqual(hex(`${BUILDING_KEY_A}7F078869${BUILDING_KEY_B}`));
    // The transport key no longer opens sector 1: the encoder falls back to key B (2 extra round trips).
    const again = await encodeCredential(pn532, request({ credentialBlock: '46470001000000430000000000000000' }));
    expect(again.roundTrips).toBe(7);
    expect(card.blocks[4]?.subarray(7, 8)).toEqual(hex('43'));
  });

  it('re-authenticates with the new key when the new access bits forbid the session key to read', async () => {
    const { sim, pn532 } = await setup();
    sim.presentCard('DEADBEEF');
    const r = await encodeCredential(pn532, request({ accessBits: '0F00FF' })); // every block 011: data readable with key B only
    expect(r.protocolMinimum).toBe(6);
    expect(r.roundTrips).toBe(6);
  });

  it('fails with typed errors: no card, wrong card, auth failed, invalid arguments', async () => {
    const { sim, pn532 } = await setup();
    expect(await codeOf(encodeCredential(pn532, request()))).toBe('no-card');
    sim.presentCard('DEADBEEF');
    expect(await codeOf(encodeCredential(pn532, request({ uid: '01020304' })))).toBe('wrong-card');
    expect(await codeOf(encodeCredential(pn532, request({ currentKeys: [{ type: 'A', key: '010203040506' }] })))).toBe('auth-failed');
    expect(await codeOf(encodeCredential(pn532, request({ accessBits: 'FF0781' })))).toBe('invalid-argument');
    expect(await codeOf(encodeCredential(pn532, request({ sector: 0 })))).toBe('invalid-argument');
    expect(await codeOf(encodeCredential(pn532, request({ keyA: 'zz' })))).toBe('invalid-argument');
    expect((sim.card as MifareClassicCard).blocks[4]).toEqual(Buffer.alloc(16));
  });

  it('reports a card removed mid-write and leaves no half-written trailer', async () => {
    const { sim, pn532 } = await setup();
    sim.presentCard('DEADBEEF');
    const card = sim.card as MifareClassicCard;
    sim.onCommand = (cmd) => {
      if (cmd[0] === 0x40 && cmd[2] === 0xa0) sim.removeCard(); // the first write goes out with no card in the field
    };
    expect(await codeOf(encodeCredential(pn532, request()))).toBe('card-removed');
    expect(card.blocks[7]?.subarray(6, 9)).toEqual(hex('FF0780'));
  });

  it('times out instead of hanging when the PN532 goes silent, and recovers', async () => {
    const { sim, pn532 } = await setup({ ackTimeoutMs: 30, responseTimeoutMs: 30 });
    sim.mute = true;
    const started = Date.now();
    expect(await codeOf(pn532.getFirmwareVersion())).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(500);
    sim.mute = false;
    expect((await pn532.getFirmwareVersion()).ic).toBe(0x32);
  });

  it('retransmits once after a NACK, then gives up with a nack error', async () => {
    const { sim, pn532 } = await setup();
    sim.nackNext = 1;
    const before = pn532.roundTrips;
    expect((await pn532.getFirmwareVersion()).version).toBe(1);
    expect(pn532.roundTrips - before).toBe(1);
    sim.nackNext = 2;
    expect(await codeOf(pn532.getFirmwareVersion())).toBe('nack');
  });

  it('turns an error frame into a syntax-error', async () => {
    const { pn532 } = await setup();
    expect(await codeOf(pn532.command(0x7e))).toBe('syntax-error');
  });

  it('polls as a reader: presented once, removed once', async () => {
    const { sim, pn532 } = await setup();
    const events: string[] = [];
    pn532.on('cardPresented', (e) => events.push(`present ${e.uid} ${e.technology} ${e.details?.sak}`));
    pn532.on('cardRemoved', (e) => events.push(`remove ${e.uid}`));
    pn532.startPolling(10);
    sim.presentCard('DEADBEEF');
    await new Promise((r) => setTimeout(r, 80));
    sim.removeCard();
    await new Promise((r) => setTimeout(r, 80));
    pn532.stopPolling();
    expect(events).toEqual(['present DEADBEEF mifare-classic 8', 'remove DEADBEEF']);
  });

  it('rejects pending commands when the transport is unplugged', async () => {
    const { sim, pn532, host } = await setup();
    sim.mute = true;
    const pending = codeOf(pn532.getFirmwareVersion());
    await new Promise((r) => setTimeout(r, 5));
    host.unplug();
    expect(await pending).toBe('disconnected');
  });
});
