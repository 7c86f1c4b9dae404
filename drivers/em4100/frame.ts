import { hex, toHex, xor } from '../util/bytes.js';
import { FrameError } from '../util/frame-error.js';

/**
 * RDM6300-style 125 kHz EM4100 frame: `02 | 10 ASCII hex (version + 4-byte id) | 2 ASCII hex XOR | 03`.
 * Vector: `62E3086CED` → checksum `08`.
 */
export const EM4100_STX = 0x02;
export const EM4100_ETX = 0x03;
export const EM4100_FRAME_LENGTH = 14;

export interface Em4100Frame {
  /** 5 bytes as uppercase hex: version/customer byte + 32-bit id. */
  uid: string;
  checksum: number;
}

export function em4100Checksum(uid: Uint8Array): number {
  return xor(uid);
}

export function encodeEm4100(uid: string | Uint8Array): Buffer {
  const bytes = typeof uid === 'string' ? hex(uid) : Buffer.from(uid);
  if (bytes.length !== 5) throw new TypeError(`EM4100 UID must be 5 bytes, got ${bytes.length}`);
  const body = `${toHex(bytes)}${em4100Checksum(bytes).toString(16).toUpperCase().padStart(2, '0')}`;
  return Buffer.concat([Buffer.of(EM4100_STX), Buffer.from(body, 'ascii'), Buffer.of(EM4100_ETX)]);
}

export const isHexAscii = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** Decode exactly one 14-byte frame. Throws FrameError on bad length, format or checksum. */
export function decodeEm4100(frame: Uint8Array): Em4100Frame {
  const buf = Buffer.from(frame);
  if (buf.length !== EM4100_FRAME_LENGTH) throw new FrameError('bad-length', 'em4100', `length ${buf.length}`, buf);
  if (buf[0] !== EM4100_STX || buf[13] !== EM4100_ETX) throw new FrameError('bad-format', 'em4100', 'missing STX/ETX', buf);
  for (let i = 1; i < 13; i++) {
    if (!isHexAscii(buf[i] ?? 0)) throw new FrameError('bad-format', 'em4100', `non-hex byte at ${i}`, buf);
  }
  const uidBytes = Buffer.from(buf.subarray(1, 11).toString('ascii'), 'hex');
  const checksum = parseInt(buf.subarray(11, 13).toString('ascii'), 16);
  if (em4100Checksum(uidBytes) !== checksum) {
    throw new FrameError('bad-checksum', 'em4100', `expected ${em4100Checksum(uidBytes)} got ${checksum}`, buf);
  }
  return { uid: toHex(uidBytes), checksum };
}

/** The numbers printed on EM4100 cards and fobs, derived from the stored UID. */
export interface PrintedCardNumber {
  /** Last 4 bytes as a 10-digit decimal, e.g. `E3086CED` → `3808980205`. */
  decimal: string;
  facility: number;
  card: number;
  /** `facility,card`, e.g. `008,27885`. */
  facilityCard: string;
}

/**
 * Printed-number forms of a 5-byte EM4100 UID. `facilityOffset` picks the facility byte: 2 (default) is the
 * Wiegand-26 convention printed on most fobs (last 3 bytes: 1 facility + 2 card); 1 gives the `E3,086C` reading.
 */
export function printedCardNumber(uid: string, facilityOffset: 1 | 2 = 2): PrintedCardNumber {
  const bytes = hex(uid);
  if (bytes.length !== 5) throw new TypeError(`EM4100 UID must be 5 bytes, got ${bytes.length}`);
  const facility = bytes[facilityOffset] ?? 0;
  const card = bytes.readUInt16BE(facilityOffset + 1);
  return {
    decimal: String(bytes.readUInt32BE(1)).padStart(10, '0'),
    facility,
    card,
    facilityCard: `${String(facility).padStart(3, '0')},${String(card).padStart(5, '0')}`,
  };
}
