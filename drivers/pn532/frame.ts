import { hex, sum8 } from '../util/bytes.js';
import { FrameError } from '../util/frame-error.js';

/**
 * NXP PN532 host interface frames (UM0701-02 §6.2).
 * Normal:   00 00 FF LEN LCS TFI PD… DCS 00   (LEN = TFI + data, LCS = −LEN, DCS = −(TFI + ΣPD))
 * Extended: 00 00 FF FF FF LENm LENl LCS TFI PD… DCS 00
 */
export const TFI_HOST = 0xd4;
export const TFI_PN532 = 0xd5;
export const TFI_ERROR = 0x7f;

export const ACK_FRAME = hex('0000ff00ff00'); // 00 00 FF 00 FF 00
export const NACK_FRAME = hex('0000ffff0000'); // 00 00 FF FF 00 00
export const ERROR_FRAME = hex('0000ff01ff7f8100'); // 00 00 FF 01 FF 7F 81 00
/** HSU wake-up preamble: 55 55 then fourteen 00, sent just before the first command. */
export const WAKEUP = Buffer.concat([Buffer.of(0x55, 0x55), Buffer.alloc(14)]);

/** Largest payload (TFI + data) a PN532 frame carries. */
export const MAX_PAYLOAD = 265;

export const Command = {
  Diagnose: 0x00,
  GetFirmwareVersion: 0x02,
  GetGeneralStatus: 0x04,
  ReadRegister: 0x06,
  WriteRegister: 0x08,
  ReadGPIO: 0x0c,
  WriteGPIO: 0x0e,
  SetSerialBaudRate: 0x10,
  SetParameters: 0x12,
  SAMConfiguration: 0x14,
  PowerDown: 0x16,
  RFConfiguration: 0x32,
  InJumpForDEP: 0x56,
  InJumpForPSL: 0x46,
  InListPassiveTarget: 0x4a,
  InATR: 0x50,
  InPSL: 0x4e,
  InDataExchange: 0x40,
  InCommunicateThru: 0x42,
  InDeselect: 0x44,
  InRelease: 0x52,
  InSelect: 0x54,
  InAutoPoll: 0x60,
} as const;

export type Pn532Frame =
  | { type: 'ack' }
  | { type: 'nack' }
  /** Application-level error frame (syntax error in the last command). */
  | { type: 'error' }
  /** `data[0]` is the command (host → PN532) or response code (command + 1). */
  | { type: 'data'; tfi: number; data: Buffer; extended: boolean };

/** Encode TFI + data as a normal frame, or an extended frame when longer than 254 data bytes. */
export function encodePn532(tfi: number, data: Uint8Array): Buffer {
  const len = data.length + 1;
  if (len > MAX_PAYLOAD) throw new RangeError(`PN532 payload too long: ${len}`);
  const dcs = (0x100 - sum8(Buffer.concat([Buffer.of(tfi), data]))) & 0xff;
  const head =
    len <= 0xff
      ? Buffer.of(0x00, 0x00, 0xff, len, (0x100 - len) & 0xff)
      : Buffer.of(0x00, 0x00, 0xff, 0xff, 0xff, len >> 8, len & 0xff, (0x100 - ((len >> 8) + (len & 0xff))) & 0xff);
  return Buffer.concat([head, Buffer.of(tfi), data, Buffer.of(dcs, 0x00)]);
}

/** Host → PN532 command frame: `D4 cmd params…`. */
export function encodeCommand(command: number, params: Uint8Array = Buffer.alloc(0)): Buffer {
  return encodePn532(TFI_HOST, Buffer.concat([Buffer.of(command), params]));
}

/** PN532 → host response frame: `D5 (cmd+1) params…`. */
export function encodeResponse(command: number, params: Uint8Array = Buffer.alloc(0)): Buffer {
  return encodePn532(TFI_PN532, Buffer.concat([Buffer.of((command + 1) & 0xff), params]));
}

/**
 * Decode one complete frame starting at the preamble or the start code. Throws FrameError.
 * Returns the frame and the number of bytes it used (postamble included when present).
 */
export function decodePn532(bytes: Uint8Array): { frame: Pn532Frame; length: number } {
  const buf = Buffer.from(bytes);
  const s = buf[0] === 0x00 && buf[1] === 0x00 && buf[2] === 0xff ? 1 : 0;
  if (buf[s] !== 0x00 || buf[s + 1] !== 0xff) throw new FrameError('bad-format', 'pn532', 'no start code', buf);
  const result = decodeAt(buf, s);
  if (result === 'incomplete') throw new FrameError('bad-length', 'pn532', 'truncated frame', buf);
  return result;
}

/**
 * Decode the frame whose start code (`00 FF`) is at `s`. Returns 'incomplete' when more bytes are needed.
 * Used by the stream parser; throws FrameError for a frame that can never become valid.
 */
export function decodeAt(buf: Buffer, s: number): { frame: Pn532Frame; length: number } | 'incomplete' {
  const b = (i: number): number | undefined => buf[s + i];
  const l0 = b(2);
  const l1 = b(3);
  if (l0 === undefined || l1 === undefined) return 'incomplete';
  const end = (n: number): number => (b(n) === 0x00 ? n + 1 : n) + (s > 0 && buf[s - 1] === 0x00 ? 1 : 0);
  if (l0 === 0x00 && l1 === 0xff) return { frame: { type: 'ack' }, length: end(4) };
  if (l0 === 0xff && l1 === 0x00) return { frame: { type: 'nack' }, length: end(4) };
  let len: number;
  let dataStart: number;
  let extended = false;
  if (l0 === 0xff && l1 === 0xff) {
    const m = b(4);
    const l = b(5);
    const lcs = b(6);
    if (m === undefined || l === undefined || lcs === undefined) return 'incomplete';
    if (((m + l + lcs) & 0xff) !== 0) throw new FrameError('bad-checksum', 'pn532', 'extended LCS', buf.subarray(s, s + 7));
    len = (m << 8) | l;
    dataStart = 7;
    extended = true;
  } else {
    if (((l0 + l1) & 0xff) !== 0) throw new FrameError('bad-checksum', 'pn532', 'LCS', buf.subarray(s, s + 4));
    len = l0;
    dataStart = 4;
  }
  if (len === 0 || len > MAX_PAYLOAD) throw new FrameError('bad-length', 'pn532', `LEN ${len}`, buf.subarray(s, s + dataStart));
  if (buf.length < s + dataStart + len + 1) return 'incomplete';
  const payload = buf.subarray(s + dataStart, s + dataStart + len);
  const dcs = buf[s + dataStart + len] ?? 0;
  if (((sum8(payload) + dcs) & 0xff) !== 0) {
    throw new FrameError('bad-checksum', 'pn532', 'DCS', Buffer.from(buf.subarray(s, s + dataStart + len + 1)));
  }
  const tfi = payload[0] ?? 0;
  const length = end(dataStart + len + 1);
  if (tfi === TFI_ERROR && len === 1) return { frame: { type: 'error' }, length };
  return { frame: { type: 'data', tfi, data: Buffer.from(payload.subarray(1)), extended }, length };
}
