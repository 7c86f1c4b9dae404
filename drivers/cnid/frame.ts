import { hex, xor } from '../util/bytes.js';
import { FrameError } from '../util/frame-error.js';

/**
 * GA 467 SAM frames of Chinese 2nd-generation ID card readers.
 * Command: AA AA AA 96 69 | LEN(2, BE: bytes after LEN incl. CHK) | CMD PARA [data] | CHK
 * Reply:   AA AA AA 96 69 | LEN | SW1 SW2 SW3 [data] | CHK;   CHK = XOR of every byte from LEN on.
 */
export const PREAMBLE = hex('AAAAAA9669');
export const MAX_LEN = 0x1000;

export const CnIdCommand = {
  ResetSam: [0x10, 0xff],
  SamStatus: [0x11, 0xff],
  SamId: [0x12, 0xff],
  FindCard: [0x20, 0x01],
  SelectCard: [0x20, 0x02],
  ReadTextPhoto: [0x30, 0x01],
  ReadTextPhotoFingerprint: [0x30, 0x10],
  ReadNewAddress: [0x30, 0x03],
} as const satisfies Record<string, readonly [number, number]>;

/** SW3 status codes. */
export const Sw3 = {
  Ok: 0x90,
  CardFound: 0x9f,
  Checksum: 0x10,
  Length: 0x11,
  Command: 0x21,
  Unauthorised: 0x23,
  Unknown: 0x24,
  Auth1: 0x31,
  Auth2: 0x32,
  Auth3: 0x33,
  UnknownCardType: 0x40,
  ReadFailed: 0x41,
  RandomNumber: 0x47,
  SelfTest: 0x60,
  SamUnauthorised: 0x66,
  FindFailed: 0x80,
  SelectFailed: 0x81,
  NoContent: 0x91,
} as const;

/** A frame with the preamble, length and checksum stripped: `body` is CMD PARA data, or SW1 SW2 SW3 data. */
export interface CnIdFrame {
  body: Buffer;
}

export function encodeCnIdFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  if (len > MAX_LEN) throw new RangeError(`GA 467 frame too long: ${len}`);
  const lenAndBody = Buffer.concat([Buffer.of(len >> 8, len & 0xff), body]);
  return Buffer.concat([PREAMBLE, lenAndBody, Buffer.of(xor(lenAndBody))]);
}

export const encodeCnIdCommand = (command: readonly [number, number], data: Uint8Array = Buffer.alloc(0)): Buffer =>
  encodeCnIdFrame(Buffer.concat([Buffer.from(command), data]));

export const encodeCnIdReply = (sw3: number, data: Uint8Array = Buffer.alloc(0), sw1 = 0x00, sw2 = 0x00): Buffer =>
  encodeCnIdFrame(Buffer.concat([Buffer.of(sw1, sw2, sw3), data]));

/** Decode the frame at the start of `bytes`: the frame, or 'incomplete'. Throws FrameError. */
export function decodeCnIdAt(bytes: Buffer, start = 0): { frame: CnIdFrame; length: number } | 'incomplete' {
  for (let i = 0; i < PREAMBLE.length; i++) {
    const b = bytes[start + i];
    if (b === undefined) return 'incomplete';
    if (b !== PREAMBLE[i]) throw new FrameError('bad-format', 'cnid', 'no preamble', bytes.subarray(start, start + i + 1));
  }
  const hi = bytes[start + 5];
  const lo = bytes[start + 6];
  if (hi === undefined || lo === undefined) return 'incomplete';
  const len = (hi << 8) | lo;
  if (len < 2 || len > MAX_LEN) throw new FrameError('bad-length', 'cnid', `LEN ${len}`, bytes.subarray(start, start + 7));
  const total = 7 + len;
  if (bytes.length - start < total) return 'incomplete';
  const chk = bytes[start + total - 1] ?? 0;
  if (xor(bytes, start + 5, start + total - 1) !== chk) {
    throw new FrameError('bad-checksum', 'cnid', 'CHK', Buffer.from(bytes.subarray(start, start + total)));
  }
  return { frame: { body: Buffer.from(bytes.subarray(start + 7, start + total - 1)) }, length: total };
}

export function decodeCnIdFrame(bytes: Uint8Array): CnIdFrame {
  const r = decodeCnIdAt(Buffer.from(bytes));
  if (r === 'incomplete') throw new FrameError('bad-length', 'cnid', 'truncated frame', Buffer.from(bytes));
  return r.frame;
}

/** A reply's status: SW3 and the data after it. */
export function replyOf(frame: CnIdFrame): { sw1: number; sw2: number; sw3: number; data: Buffer } {
  return { sw1: frame.body[0] ?? 0, sw2: frame.body[1] ?? 0, sw3: frame.body[2] ?? 0, data: frame.body.subarray(3) };
}
