import { FrameError, type IncrementalParser } from '../util/frame-error.js';

export interface LineParserOptions {
  /** Longest accepted line in bytes (default 4096); longer input is dropped up to the next line end. */
  maxLineBytes?: number;
  onError?: (error: FrameError) => void;
}

/**
 * Splits a byte stream into UTF-8 text lines ending in CR, LF or CRLF (a CRLF split across chunks counts once).
 * Used by ASCII-line card readers (`ID\r\n`) and by serial-mode barcode scanners. Empty lines are skipped.
 */
export class LineParser implements IncrementalParser<string> {
  private buf: Buffer = Buffer.alloc(0);
  private skippingLong = false;
  private lastWasCR = false;
  private readonly max: number;
  private readonly onError: (error: FrameError) => void;

  constructor(options: LineParserOptions = {}) {
    this.max = options.maxLineBytes ?? 4096;
    this.onError = options.onError ?? (() => {});
  }

  get buffered(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.skippingLong = false;
    this.lastWasCR = false;
  }

  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== 0x0a && b !== 0x0d) continue;
      const crlf = b === 0x0a && this.lastWasCR && i === start && this.buf.length === 0;
      this.lastWasCR = b === 0x0d;
      if (!crlf) this.endLine(chunk.subarray(start, i), lines);
      start = i + 1;
    }
    if (start < chunk.length) {
      this.lastWasCR = false;
      this.append(chunk.subarray(start));
    }
    return lines;
  }

  private append(part: Uint8Array): void {
    if (this.skippingLong) return;
    if (this.buf.length + part.length > this.max) {
      this.onError(new FrameError('overflow', 'line', `line longer than ${this.max} bytes dropped`));
      this.buf = Buffer.alloc(0);
      this.skippingLong = true;
      return;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, part]) : Buffer.from(part);
  }

  private endLine(tail: Uint8Array, lines: string[]): void {
    this.append(tail);
    const wasSkipping = this.skippingLong;
    this.skippingLong = false;
    const bytes = this.buf;
    this.buf = Buffer.alloc(0);
    if (wasSkipping || bytes.length === 0) return;
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (text.includes('\uFFFD')) {
      this.onError(new FrameError('bad-format', 'line', 'invalid UTF-8', bytes));
      return;
    }
    if (text.trim().length > 0) lines.push(text);
  }
}
