import { hex } from '../util/bytes.js';

/**
 * MIFARE Classic 1K layout and access conditions (NXP MF1S50yyX datasheet §8.7).
 * Pure helpers shared by the PN532 driver (encoder) and the card emulation in the simulator.
 */
export const BLOCK_SIZE = 16;
export const SECTORS_1K = 16;
export const TRANSPORT_KEY = hex('FFFFFFFFFFFF');
/** FF 07 80: data blocks read/write with A|B, trailer: key A writes everything, key B readable. */
export const TRANSPORT_ACCESS = hex('FF0780');
export const DEFAULT_GPB = 0x69;

export type KeyType = 'A' | 'B';
/** Who may do something: no one, key A, key B or either. */
export type Who = '' | 'A' | 'B' | 'AB';

/** Access condition of one block as the 3-bit value C1 C2 C3 (e.g. 0b001 for the transport trailer). */
export type Condition = number;

export const sectorOf = (block: number): number => Math.floor(block / 4);
export const trailerOf = (sector: number): number => sector * 4 + 3;
export const isTrailer = (block: number): boolean => block % 4 === 3;

/** Encode conditions for blocks 0..3 of a sector (index 3 = trailer) into the 3 access bytes. */
export function encodeAccessBits(conditions: readonly [Condition, Condition, Condition, Condition]): Buffer {
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  conditions.forEach((c, i) => {
    c1 |= ((c >> 2) & 1) << i;
    c2 |= ((c >> 1) & 1) << i;
    c3 |= (c & 1) << i;
  });
  return Buffer.of(((~c2 & 0xf) << 4) | (~c1 & 0xf), (c1 << 4) | (~c3 & 0xf), (c3 << 4) | c2);
}

/** Decode the 3 access bytes; undefined when the inverted copies disagree (such a trailer bricks the sector). */
export function decodeAccessBits(bytes: Uint8Array): [Condition, Condition, Condition, Condition] | undefined {
  const [b6 = 0, b7 = 0, b8 = 0] = bytes;
  const c1 = b7 >> 4;
  const c2 = b8 & 0xf;
  const c3 = b8 >> 4;
  if ((~b6 & 0xf) !== c1 || ((~b6 >> 4) & 0xf) !== c2 || (~b7 & 0xf) !== c3) return undefined;
  const cond = (i: number): Condition => (((c1 >> i) & 1) << 2) | (((c2 >> i) & 1) << 1) | ((c3 >> i) & 1);
  return [cond(0), cond(1), cond(2), cond(3)];
}

interface DataRights {
  read: Who;
  write: Who;
}
const DATA_RIGHTS: Record<number, DataRights> = {
  0b000: { read: 'AB', write: 'AB' },
  0b010: { read: 'AB', write: '' },
  0b100: { read: 'AB', write: 'B' },
  0b110: { read: 'AB', write: 'B' },
  0b001: { read: 'AB', write: '' },
  0b011: { read: 'B', write: 'B' },
  0b101: { read: 'B', write: '' },
  0b111: { read: '', write: '' },
};

export interface TrailerRights {
  keyAWrite: Who;
  accessRead: Who;
  accessWrite: Who;
  keyBRead: Who;
  keyBWrite: Who;
}
const T = (keyAWrite: Who, accessRead: Who, accessWrite: Who, keyBRead: Who, keyBWrite: Who): TrailerRights => ({
  keyAWrite,
  accessRead,
  accessWrite,
  keyBRead,
  keyBWrite,
});
const TRAILER_RIGHTS: Record<number, TrailerRights> = {
  0b000: T('A', 'A', '', 'A', 'A'),
  0b010: T('', 'A', '', 'A', ''),
  0b100: T('B', 'AB', '', '', 'B'),
  0b110: T('', 'AB', '', '', ''),
  0b001: T('A', 'A', 'A', 'A', 'A'),
  0b011: T('B', 'AB', 'B', '', 'B'),
  0b101: T('', 'AB', 'B', '', ''),
  0b111: T('', 'AB', '', '', ''),
};

export const dataRights = (c: Condition): DataRights => DATA_RIGHTS[c & 7] ?? { read: '', write: '' };
export const trailerRights = (c: Condition): TrailerRights => TRAILER_RIGHTS[c & 7] ?? T('', '', '', '', '');
export const allows = (who: Who, key: KeyType): boolean => who.includes(key);

/** Sector trailer bytes: KeyA(6) | access bits(3) | GPB(1) | KeyB(6). */
export function buildTrailer(keyA: Uint8Array, access: Uint8Array, keyB: Uint8Array, gpb = DEFAULT_GPB): Buffer {
  if (keyA.length !== 6 || keyB.length !== 6) throw new RangeError('MIFARE keys are 6 bytes');
  if (access.length !== 3) throw new RangeError('access bits are 3 bytes');
  return Buffer.concat([keyA, access, Buffer.of(gpb), keyB]);
}

/** Which key should read a data block back after the trailer is written (A when it can, else B). */
export function readKeyFor(access: Uint8Array, blockInSector: number): KeyType | undefined {
  const conds = decodeAccessBits(access);
  if (!conds) return undefined;
  const read = dataRights(conds[blockInSector] ?? 0b111).read;
  return allows(read, 'A') ? 'A' : allows(read, 'B') ? 'B' : undefined;
}
