import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeEm4100 } from '../../drivers/em4100/frame.js';
import { buildTrailer, TRANSPORT_KEY } from '../../drivers/pn532/mifare.js';
import {
  createSimulator,
  MifareClassicCard,
  runSimulatorCommand,
  runSimulatorScript,
  SAMPLE_CN_ID,
  SimulatorError,
  SIMULATOR_KINDS,
} from '../../drivers/simulators/index.js';
import { createMemoryPair } from '../../drivers/transport/memory.js';
import { hex } from '../../drivers/util/bytes.js';
import { createManualTimers } from '../../drivers/util/timers.js';

const UID = hex('DEADBEEF');

describe('simulator script language', () => {
  it('drives an EM4100 simulator: present, remove, garbage', async () => {
    const [device, host] = createMemoryPair('em');
    await host.open();
    const timers = createManualTimers();
    const sim = await createSimulator('em4100', device, { repeatMs: 100, timers });
    const received: Buffer[] = [];
    host.on('data', (c) => received.push(c));
    expect(runSimulatorCommand(sim, 'present 62E3086CED')).toBe('presented 62E3086CED');
    timers.advance(100);
    expect(runSimulatorCommand(sim, 'remove')).toBe('removed');
    timers.advance(500);
    expect(runSimulatorCommand(sim, 'garbage 01 02 ff')).toBe('sent 3 bytes');
    expect(runSimulatorCommand(sim, '# comment')).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([encodeEm4100('62E3086CED'), encodeEm4100('62E3086CED'), hex('0102ff')]);
  });

  it('reports unknown commands, bad arguments and unsupported actions as SimulatorErrors', async () => {
    const [device] = createMemoryPair('x');
    const sim = await createSimulator('pn532', device);
    const code = (line: string) => {
      try {
        runSimulatorCommand(sim, line);
        return 'ok';
      } catch (err) {
        return err instanceof SimulatorError ? err.code : 'other';
      }
    };
    expect(code('dance')).toBe('bad-command');
    expect(code('garbage xyz')).toBe('bad-argument');
    expect(code('present')).toBe('bad-argument');
    expect(code('scan hello')).toBe('unsupported');
    expect(code('id sample')).toBe('unsupported');
    expect(code('present DEADBEEF')).toBe('ok');
    expect(runSimulatorCommand(sim, 'help')).toMatch(/present <uid-hex>/);
  });

  it('runs a script from a stream and answers line by line', async () => {
    const [device] = createMemoryPair('cnid');
    const sim = await createSimulator('cnid', device);
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: string[] = [];
    output.on('data', (d: Buffer) => lines.push(...d.toString().trim().split('\n')));
    const done = runSimulatorScript(sim, input, output);
    input.end('id sample\nid {"broken"\nremove\npresent 01\n');
    await done;
    expect(lines).toEqual([
      `ok presented ID ${SAMPLE_CN_ID.idNumber}`,
      'error bad-argument: id needs JSON or "sample"',
      'ok removed',
      'error unsupported: cnid has no cards',
    ]);
  });

  it('creates every kind; HID kinds need an in-memory transport', async () => {
    for (const kind of SIMULATOR_KINDS) {
      const [device] = createMemoryPair(kind);
      const sim = await createSimulator(kind, device);
      expect(sim.kind).toBe(kind);
      expect(device.isOpen).toBe(true);
      await sim.close();
    }
    await expect(createSimulator('wedge', '/dev/ttyX')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(createSimulator('nope' as never, '/dev/ttyX')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(createSimulator('em4100', '/dev/frontgate-missing')).rejects.toMatchObject({ code: 'port-not-found' });
  });
});

describe('emulated MIFARE Classic 1K', () => {
  it('starts in transport state with a valid manufacturer block', () => {
    const card = new MifareClassicCard('DEADBEEF');
    expect(card.blocks[0]?.subarray(0, 7)).toEqual(hex('DEADBEEF 22 08 04'));
    expect(card.blocks[63]).toEqual(buildTrailer(TRANSPORT_KEY, hex('FF0780'), TRANSPORT_KEY));
    expect(() => new MifareClassicCard('01020304050607')).toThrow(RangeError);
  });

  it('enforces keys, sessions and access conditions; hides key A on reads', () => {
    const card = new MifareClassicCard('DEADBEEF');
    expect(card.read(4)).toEqual({ ok: false, status: 0x14 }); // not authenticated
    expect(card.authenticate(4, 'A', hex('000000000000'), UID)).toEqual({ ok: false, status: 0x14 });
    expect(card.halted).toBe(true);
    card.select();
    expect(card.authenticate(4, 'A', TRANSPORT_KEY, UID).ok).toBe(true);
    expect(card.read(8).ok).toBe(false); // other sector
    card.select();
    card.authenticate(7, 'A', TRANSPORT_KEY, UID);
    expect(card.read(7)).toEqual({ ok: true, data: hex('000000000000 FF078069 FFFFFFFFFFFF') });
    // building trailer: key B writes everything, key A only reads data
    expect(card.write(7, hex('A0A1A2A3A4A5 7F0788 69 B0B1B2B3B4B5')).ok).toBe(true);
    card.select();
    expect(card.authenticate(4, 'A', hex('A0A1A2A3A4A5'), UID).ok).toBe(true);
    expect(card.read(7)).toEqual({ ok: true, data: hex('000000000000 7F078869 000000000000') }); // key B no longer readable
    expect(card.write(7, Buffer.alloc(16)).ok).toBe(false); // key A may not touch this trailer any more
    card.select();
    expect(card.authenticate(4, 'B', hex('B0B1B2B3B4B5'), UID).ok).toBe(true);
    expect(card.write(5, hex('00112233445566778899AABBCCDDEEFF')).ok).toBe(true);
    expect(card.write(0, Buffer.alloc(16)).ok).toBe(false); // wrong sector (and block 0 is read-only)
    expect(card.halted).toBe(true); // a refused command halts the card, as a NAK does
  });
});
