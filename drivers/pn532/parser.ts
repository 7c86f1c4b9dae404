import { FrameError, type IncrementalParser } from '../util/frame-error.js';
import { decodeAt, MAX_PAYLOAD, type Pn532Frame } from './frame.js';

/** Longest frame on the wire: extended header (8) + payload + DCS + postamble. */
const MAX_FRAME = 8 + MAX_PAYLOAD + 2;

/**
 * Incremental PN532 parser: finds the `00 FF` start code (skipping wake-up bytes and garbage), waits for the
 * whole frame, checks LCS/DCS and emits ACK, NACK, error and data frames. After a bad frame it resumes the search
 * one byte later, so a truncated frame followed by a good one loses only the bad one. Buffer ≤ 2 frames.
 */
export class Pn532Parser implements IncrementalParser<Pn532Frame> {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onError: (error: FrameError) => void = () => {}) {}

  get buffered(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): Pn532Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const frames: Pn532Frame[] = [];
    let pos = 0;
    for (;;) {
      const s = this.findStart(pos);
      if (s < 0) {
        // keep a trailing 00 that may begin a start code
        const last = this.buf.length - 1;
        pos = last >= pos && this.buf[last] === 0x00 ? last : this.buf.length;
        break;
      }
      let result: ReturnType<typeof decodeAt>;
      try {
        result = decodeAt(this.buf, s);
      } catch (err) {
        this.onError(err as FrameError);
        pos = s + 1;
        continue;
      }
      if (result === 'incomplete') {
        if (this.buf.length - s > MAX_FRAME) {
          this.onError(new FrameError('overflow', 'pn532', 'frame never completed'));
          pos = s + 1;
          continue;
        }
        pos = s;
        break;
      }
      frames.push(result.frame);
      // `length` counts from the preamble when one precedes the start code
      const preamble = s > 0 && this.buf[s - 1] === 0x00 ? 1 : 0;
      pos = s - preamble + result.length;
    }
    this.buf = Buffer.from(this.buf.subarray(pos));
    return frames;
  }

  private findStart(from: number): number {
    for (let i = from; i < this.buf.length - 1; i++) if (this.buf[i] === 0x00 && this.buf[i + 1] === 0xff) return i;
    return -1;
  }
}
