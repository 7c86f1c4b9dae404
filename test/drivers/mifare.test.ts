import { describe, expect, it } from 'vitest';
import { buildTrailer, dataRights, decodeAccessBits, encodeAccessBits, readKeyFor, TRANSPORT_ACCESS, trailerRights } from '../../drivers/pn532/mifare.js';
import { hex } from '../../drivers/util/bytes.js';

/** Transport configuration FF 07 80: data 000, trailer 001. */
const TRANSPORT = hex('FF0780');
/** 7F 07 88: data 000, trailer 011 (key B writes keys and access bits; the usual building setting). */
const BUILDING = hex('7F0788');
/** 78 77 88: data blocks 100 (A|B read, B writes) trailer 011. */
const B_WRITES = hex('787788');

describe('MIFARE Classic access bits', () => {
  it('decodes the transport configuration', () => {
    expect(decodeAccessBits(TRANSPORT)).toEqual([0, 0, 0, 0b001]);
    expect(encodeAccessBits([0, 0, 0, 0b001])).toEqual(TRANSPORT_ACCESS);
  });

  it('round-trips every combination', () => {
    for (let c = 0; c < 8; c++) {
      const conds = [c, (c + 1) % 8, (c + 2) % 8, (c + 3) % 8] as const;
      expect(decodeAccessBits(encodeAccessBits(conds))).toEqual([...conds]);
    }
    expect(decodeAccessBits(BUILDING)).toEqual([0, 0, 0, 0b011]);
    expect(decodeAccessBits(B_WRITES)).toEqual([0b100, 0b100, 0b100, 0b011]);
  });

  it('rejects access bytes whose inverted copies disagree', () => {
    expect(decodeAccessBits(hex('FF0781'))).toBeUndefined();
    expect(decodeAccessBits(hex('000000'))).toBeUndefined();
  });

  it('knows who may do what', () => {
    expect(dataRights(0b100)).toEqual({ read: 'AB', write: 'B' });
    expect(dataRights(0b111)).toEqual({ read: '', write: '' });
    expect(trailerRights(0b001)).toMatchObject({ keyAWrite: 'A', accessWrite: 'A', keyBRead: 'A' });
    expect(trailerRights(0b011)).toMatchObject({ keyAWrite: 'B', accessWrite: 'B', keyBRead: '' });
    expect(readKeyFor(B_WRITES, 0)).toBe('A');
    expect(readKeyFor(encodeAccessBits([0b011, 0, 0, 0b011]), 0)).toBe('B');
  });

  it('builds a trailer', () => {
    expect(buildTrailer(hex('A0A1A2A3A4A5'), BUILDING, hex('B0B1B2B3B4B5'))).toEqual(hex('A0A1A2A3A4A5 7F0788 69 B0B1B2B3B4B5'));
    expect(() => buildTrailer(hex('A0'), BUILDING, hex('B0B1B2B3B4B5'))).toThrow(RangeError);
  });
});
