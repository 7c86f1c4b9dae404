import { replyOf } from './cnid/frame.js';
import { CnIdParser } from './cnid/parser.js';
import { parseReadReply } from './cnid/reader.js';
import { printedCardNumber } from './em4100/frame.js';
import { Em4100Parser } from './em4100/parser.js';
import { BOOT_REPORT_LENGTH, BootKeyboardDecoder } from './hid/keyboard.js';
import { detectAndParse, parseCccd, parseMrz, parseCnId } from './id-documents/index.js';
import { Command } from './pn532/frame.js';
import { Pn532Parser } from './pn532/parser.js';
import { hex, toHex } from './util/bytes.js';
import type { FrameError } from './util/frame-error.js';

/** Protocols `frontgate decode <protocol> <hex-or-text>` understands. */
export const DECODE_PROTOCOLS = ['rdm6300', 'wedge', 'pn532', 'cnid', 'mrz', 'cccd', 'auto'] as const;
export type DecodeProtocol = (typeof DECODE_PROTOCOLS)[number];

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: 'unknown-protocol' | 'bad-hex' | 'no-frame',
    detail: string,
    readonly frameErrors: string[] = [],
  ) {
    super(`${code}: ${detail}`);
  }
}

const COMMAND_NAMES = new Map<number, string>(Object.entries(Command).map(([name, code]) => [code, name]));

function bytesOf(input: string): Buffer {
  try {
    return hex(input);
  } catch {
    throw new DecodeError('bad-hex', 'input is not hex bytes');
  }
}

function requireFrames<T>(frames: T[], errors: FrameError[]): T[] {
  if (frames.length === 0) throw new DecodeError('no-frame', errors[0]?.message ?? 'no complete frame in the input', errors.map((e) => e.message));
  return frames;
}

/**
 * Decode a captured frame (hex) or a scanned string (text) into plain JSON-able data, for the CLI and for
 * support staff. Byte protocols throw DecodeError when no complete frame is found; document protocols throw
 * IdParseError (never a guessed person).
 */
export function decode(protocol: string, input: string): unknown {
  const errors: FrameError[] = [];
  const onError = (e: FrameError): void => void errors.push(e);
  switch (protocol as DecodeProtocol) {
    case 'rdm6300': {
      const frames = requireFrames(new Em4100Parser(onError).push(bytesOf(input)), errors);
      return frames.map((f) => ({ uid: f.uid, technology: 'em4100', ...printedCardNumber(f.uid) }));
    }
    case 'wedge': {
      const bytes = bytesOf(input);
      const keyboard = new BootKeyboardDecoder({ onError });
      const scans: string[] = [];
      for (let i = 0; i + BOOT_REPORT_LENGTH <= bytes.length; i += BOOT_REPORT_LENGTH) scans.push(...keyboard.push(bytes.subarray(i, i + BOOT_REPORT_LENGTH)));
      if (keyboard.pending) scans.push(keyboard.pending);
      return { scans: requireFrames(scans, errors) };
    }
    case 'pn532':
      return requireFrames(new Pn532Parser(onError).push(bytesOf(input)), errors).map((f) => {
        if (f.type !== 'data') return { type: f.type };
        const code = f.data[0] ?? 0;
        const command = f.tfi === 0xd4 ? COMMAND_NAMES.get(code) : COMMAND_NAMES.get(code - 1);
        return { type: f.tfi === 0xd4 ? 'command' : 'response', command: command ?? `0x${code.toString(16)}`, params: toHex(f.data.subarray(1)), extended: f.extended };
      });
    case 'cnid':
      return requireFrames(new CnIdParser(onError).push(bytesOf(input)), errors).map((f) => {
        const reply = replyOf(f);
        if (reply.sw3 === 0x90 && reply.data.length >= 4 + 256) {
          const card = parseReadReply(reply.data);
          let document: unknown;
          try {
            document = parseCnId(card.text);
          } catch (err) {
            document = { error: (err as Error).message };
          }
          return { sw3: reply.sw3, text: card.text, photoBytes: card.photo.length, document };
        }
        return { body: toHex(f.body), sw3: reply.sw3, data: toHex(reply.data) };
      });
    case 'mrz':
      return parseMrz(input);
    case 'cccd':
      return parseCccd(input);
    case 'auto':
      return detectAndParse(input);
    default:
      throw new DecodeError('unknown-protocol', `use one of ${DECODE_PROTOCOLS.join(', ')}`);
  }
}
