import { FrameError, type IncrementalParser } from '../util/frame-error.js';
import { decodeEm4100, EM4100_ETX, EM4100_FRAME_LENGTH, EM4100_STX, isHexAscii, type Em4100Frame } from './frame.js';

/**
 * Incremental RDM6300 parser: buffers partial frames, skips garbage to the next STX, validates each byte as it
 * arrives (so a truncated frame followed by a new one resynchronises at once) and keeps at most one frame buffered.
 */
export class Em4100Parser implements IncrementalParser<Em4100Frame> {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onError: (error: FrameError) => void = () => {}) {}

  get buffered(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): Em4100Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const frames: Em4100Frame[] = [];
    let pos = 0;
    while (pos < this.buf.length) {
      const start = this.buf.indexOf(EM4100_STX, pos);
      if (start < 0) {
        pos = this.buf.length;
        break;
      }
      const bad = this.firstInvalid(start);
      if (bad >= 0) {
        this.onError(new FrameError('bad-format', 'em4100', `unexpected byte at offset ${bad - start}`, this.buf.subarray(start, bad + 1)));
        pos = start + 1;
        continue;
      }
      if (this.buf.length - start < EM4100_FRAME_LENGTH) {
        pos = start;
        break;
      }
      const frame = this.buf.subarray(start, start + EM4100_FRAME_LENGTH);
      try {
        frames.push(decodeEm4100(frame));
        pos = start + EM4100_FRAME_LENGTH;
      } catch (err) {
        this.onError(err as FrameError);
        pos = start + 1;
      }
    }
    this.buf = Buffer.from(this.buf.subarray(pos));
    return frames;
  }

  /** Offset of the first byte that cannot belong to a frame starting at `start`, or -1. */
  private firstInvalid(start: number): number {
    const end = Math.min(this.buf.length, start + EM4100_FRAME_LENGTH);
    for (let i = start + 1; i < end; i++) {
      const b = this.buf[i] ?? 0;
      const ok = i - start === EM4100_FRAME_LENGTH - 1 ? b === EM4100_ETX : isHexAscii(b);
      if (!ok) return i;
    }
    return -1;
  }
}
