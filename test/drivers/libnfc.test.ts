import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Pn532Simulator } from '../../drivers/simulators/index.js';
import { hex } from '../../drivers/util/bytes.js';
import { createPtyPair, socatAvailable, type PtyPair } from '../support/pty.js';
import { skipWithout } from '../support/tools.js';

const run = promisify(execFile);
const bin = (name: string) => ['/usr/bin', '/usr/local/bin', '/bin'].map((d) => join(d, name)).find((p) => existsSync(p));
const NFC_LIST = bin('nfc-list');
const NFC_MFCLASSIC = bin('nfc-mfclassic');
const TAMASHELL = bin('pn53x-tamashell');

/**
 * libnfc (an outside host implementation) against the PN532 simulator on a pty.
 * Skipped only when socat or the libnfc binaries are absent (Debian: libnfc-bin libnfc-examples
 * libnfc-pn53x-examples). Set LIBNFC_LOG_LEVEL=3 to see every frame.
 */
describe.skipIf(skipWithout(socatAvailable() && Boolean(NFC_LIST && NFC_MFCLASSIC && TAMASHELL)))('libnfc against the PN532 simulator', () => {
  let pty: PtyPair;
  let sim: Pn532Simulator;
  const env = () => ({ ...process.env, LIBNFC_DEFAULT_DEVICE: `pn532_uart:${pty.b}`, LIBNFC_LOG_LEVEL: process.env.LIBNFC_LOG_LEVEL ?? '0' });

  beforeEach(async () => {
    pty = await createPtyPair();
    sim = (await createSimulator('pn532', pty.a)) as Pn532Simulator;
    sim.presentCard('DEADBEEF');
  });
  afterEach(async () => {
    await sim.close();
    await pty.close();
  });

  it('nfc-list finds the MIFARE Classic card with its UID, ATQA and SAK', async () => {
    const { stdout } = await run(NFC_LIST!, [], { env: env(), timeout: 15_000 });
    expect(stdout).toContain('1 ISO14443A passive target(s) found');
    expect(stdout).toMatch(/ATQA \(SENS_RES\): 00\s+04/);
    expect(stdout).toMatch(/UID \(NFCID1\): de\s+ad\s+be\s+ef/);
    expect(stdout).toMatch(/SAK \(SEL_RES\): 08/);
  });

  it('nfc-mfclassic r a u dumps all 64 blocks, including data written by our encoder path', async () => {
    const card = sim.card!;
    card.blocks[5] = hex('00112233445566778899AABBCCDDEEFF');
    const out = join(pty.dir, 'out.mfd');
    const { stdout } = await run(NFC_MFCLASSIC!, ['r', 'a', 'u', out], { env: env(), timeout: 30_000 });
    expect(stdout).toContain('Done, 64 of 64 blocks read.');
    const dump = await readFile(out);
    expect(dump.length).toBe(1024);
    expect(dump.subarray(0, 16)).toEqual(card.blocks[0]);
    expect(dump.subarray(5 * 16, 6 * 16)).toEqual(hex('00112233445566778899AABBCCDDEEFF'));
    expect(dump.subarray(7 * 16, 7 * 16 + 10)).toEqual(hex('FFFFFFFFFFFF FF078069')); // key A (found by libnfc) + access bits
  });

  it('pn53x-tamashell writes a block with raw commands and reads it back', async () => {
    const script = [
      '4a 01 00', // InListPassiveTarget
      '40 01 60 04 ff ff ff ff ff ff de ad be ef', // authenticate block 4 with key A
      '40 01 a0 04 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff', // write block 4
      '40 01 30 04', // read block 4
      '',
    ].join('\n');
    const child = execFile(TAMASHELL!, [], { env: env(), timeout: 15_000 });
    child.stdin?.end(script);
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(stdout).toMatch(/Rx: 01\s+01\s+00\s+04\s+08\s+04\s+de\s+ad\s+be\s+ef/);
    expect(stdout).toMatch(/Rx: 00\s+00\s+11\s+22\s+33\s+44\s+55\s+66\s+77\s+88\s+99\s+aa\s+bb\s+cc\s+dd\s+ee\s+ff/);
    expect(sim.card!.blocks[4]).toEqual(hex('00112233445566778899AABBCCDDEEFF'));
  });
});
