import { describe, expect, it } from 'vitest';
import { decodeEm4100, encodeEm4100, printedCardNumber } from '../../drivers/em4100/frame.js';
import { Em4100Parser } from '../../drivers/em4100/parser.js';
import { Em4100Reader, parseLineId } from '../../drivers/em4100/reader.js';
import type { CardPresented, CardRemoved } from '../../drivers/events.js';
import { createMemoryPair } from '../../drivers/transport/memory.js';
import { hex } from '../../drivers/util/bytes.js';
import type { FrameError } from '../../drivers/util/frame-error.js';
import { createManualTimers } from '../../drivers/util/timers.js';
import { Em4100Simulator } from '../../drivers/simulators/em4100.js';

/** 02 '62E3086CED' '08' 03 — the PROTOCOLS.md vector. */
const CARD_62E3086CED = hex('02 36 32 45 33 30 38 36 43 45 44 30 38 03');
/** 02 '0102030405' '01' 03 — 01^02^03^04^05 = 01. */
const CARD_0102030405 = hex('02 30 31 30 32 30 33 30 34 30 35 30 31 03');
/** Same as CARD_62E3086CED with checksum '09' (wrong). */
const CARD_BAD_CHECKSUM = hex('02 36 32 45 33 30 38 36 43 45 44 30 39 03');

const parse = (chunks: Uint8Array[]) => {
  const errors: FrameError[] = [];
  const parser = new Em4100Parser((e) => errors.push(e));
  const uids = chunks.flatMap((c) => parser.push(c).map((f) => f.uid));
  return { uids, errors, parser };
};

describe('EM4100 frame', () => {
  it('encodes the public vector 62E3086CED with checksum 08', () => {
    expect(CARD_62E3086CED.length).toBe(14);
    expect(encodeEm4100('62E3086CED')).toEqual(CARD_62E3086CED);
    expect(decodeEm4100(CARD_62E3086CED)).toEqual({ uid: '62E3086CED', checksum: 0x08 });
  });

  it('rejects bad checksums, lengths and formats with codes', () => {
    expect(() => decodeEm4100(CARD_BAD_CHECKSUM)).toThrow(expect.objectContaining({ code: 'bad-checksum' }));
    expect(() => decodeEm4100(CARD_62E3086CED.subarray(0, 13))).toThrow(expect.objectContaining({ code: 'bad-length' }));
    const noEtx = Buffer.from(CARD_62E3086CED);
    noEtx[13] = 0x04;
    expect(() => decodeEm4100(noEtx)).toThrow(expect.objectContaining({ code: 'bad-format' }));
    expect(() => encodeEm4100('0102')).toThrow(TypeError);
  });

  it('gives the printed card numbers', () => {
    expect(printedCardNumber('62E3086CED')).toEqual({ decimal: '3808980205', facility: 8, card: 27885, facilityCard: '008,27885' });
    expect(printedCardNumber('62E3086CED', 1).facilityCard).toBe('227,02156');
  });
});

describe('EM4100 parser', () => {
  it('reassembles a frame split across chunks', () => {
    expect(parse([CARD_62E3086CED.subarray(0, 3), CARD_62E3086CED.subarray(3, 9), CARD_62E3086CED.subarray(9)]).uids).toEqual(['62E3086CED']);
  });

  it('emits two frames from one chunk', () => {
    expect(parse([Buffer.concat([CARD_62E3086CED, CARD_0102030405])]).uids).toEqual(['62E3086CED', '0102030405']);
  });

  it('skips leading garbage', () => {
    const { uids, parser } = parse([Buffer.concat([hex('FF00 3132 0D0A'), CARD_62E3086CED])]);
    expect(uids).toEqual(['62E3086CED']);
    expect(parser.buffered).toBe(0);
  });

  it('drops a frame with a bad checksum and keeps going', () => {
    const { uids, errors } = parse([Buffer.concat([CARD_BAD_CHECKSUM, CARD_0102030405])]);
    expect(uids).toEqual(['0102030405']);
    expect(errors.map((e) => e.code)).toEqual(['bad-checksum']);
  });

  it('resynchronises at once after a truncated frame', () => {
    const { uids, errors } = parse([CARD_62E3086CED.subarray(0, 7), CARD_0102030405]);
    expect(uids).toEqual(['0102030405']);
    expect(errors[0]?.code).toBe('bad-format');
  });

  it('keeps a truncated frame at the end buffered, bounded by one frame', () => {
    const { uids, parser } = parse([CARD_62E3086CED.subarray(0, 10)]);
    expect(uids).toEqual([]);
    expect(parser.buffered).toBe(10);
  });
});

describe('ASCII-line IDs', () => {
  it('normalises hex and decimal IDs', () => {
    expect(parseLineId('62e3086ced')).toBe('62E3086CED');
    expect(parseLineId('3808980205', true)).toBe('E3086CED');
    expect(parseLineId('hello')).toBeUndefined();
    expect(parseLineId('99999999999', true)).toBeUndefined();
  });
});

describe('Em4100Reader', () => {
  const setup = (format: 'rdm6300' | 'ascii-line' = 'rdm6300') => {
    const timers = createManualTimers(1000);
    const [device, host] = createMemoryPair('em');
    const reader = new Em4100Reader({ transport: host, format, holdMs: 500, timers });
    const sim = new Em4100Simulator(device, { format, repeatMs: 200, timers });
    const presented: CardPresented[] = [];
    const removed: CardRemoved[] = [];
    reader.on('cardPresented', (e) => presented.push(e));
    reader.on('cardRemoved', (e) => removed.push(e));
    return { timers, device, reader, sim, presented, removed };
  };
  const flush = () => new Promise((r) => setImmediate(r));

  it('emits one presentation while a card is held, and a removal after it leaves', async () => {
    const { timers, device, reader, sim, presented, removed } = setup();
    await device.open();
    await reader.open();
    sim.presentCard('62E3086CED');
    for (let i = 0; i < 5; i++) {
      await flush();
      timers.advance(200);
    }
    await flush();
    expect(presented).toHaveLength(1);
    expect(presented[0]).toMatchObject({ uid: '62E3086CED', technology: 'em4100', readerPath: 'em:B', details: { decimal: '3808980205', facilityCard: '008,27885' } });
    sim.removeCard();
    timers.advance(600);
    expect(removed).toEqual([{ uid: '62E3086CED', technology: 'em4100', readerPath: 'em:B', at: expect.any(Number) }]);
    sim.presentCard('0102030405');
    await flush();
    expect(presented.map((p) => p.uid)).toEqual(['62E3086CED', '0102030405']);
    await reader.close();
  });

  it('reads ASCII-line readers and reports junk lines as frame errors', async () => {
    const { device, reader, sim, presented } = setup('ascii-line');
    const errors: FrameError[] = [];
    reader.on('frameError', (e) => errors.push(e));
    await device.open();
    await reader.open();
    sim.injectGarbage(Buffer.from('not a card\r\n'));
    sim.presentCard('62e3086ced');
    await flush();
    expect(presented.map((p) => p.uid)).toEqual(['62E3086CED']);
    expect(errors.map((e) => e.code)).toEqual(['bad-format']);
    sim.removeCard();
  });
});
