import { indexOfSeq } from '../util/bytes.js';
import { FrameError, type IncrementalParser } from '../util/frame-error.js';
import { decodeCnIdAt, MAX_LEN, PREAMBLE, type CnIdFrame } from './frame.js';

const PRE = [...PREAMBLE];

/**
 * Incremental GA 467 parser: skips to the `AA AA AA 96 69` preamble, waits for LEN bytes, checks the XOR and
 * emits the frame. A bad frame is dropped by resuming the search one byte later. Buffer ≤ one maximal frame.
 */
export class CnIdParser implements IncrementalParser<CnIdFrame> {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onError: (error: FrameError) => void = () => {}) {}

  get buffered(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): CnIdFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const frames: CnIdFrame[] = [];
    let pos = 0;
    for (;;) {
      const s = indexOfSeq(this.buf, PRE, pos);
      if (s < 0) {
        pos = Math.max(pos, this.buf.length - (PRE.length - 1)); // keep a possible partial preamble
        while (pos < this.buf.length && this.buf[pos] !== 0xaa) pos++;
        break;
      }
      let r: ReturnType<typeof decodeCnIdAt>;
      try {
        r = decodeCnIdAt(this.buf, s);
      } catch (err) {
        this.onError(err as FrameError);
        pos = s + 1;
        continue;
      }
      if (r === 'incomplete') {
        // A reader that restarts mid-reply leaves a truncated frame; if a complete valid frame follows it, the
        // truncated one can never be completed: drop it now instead of swallowing the good frame.
        const next = this.laterCompleteFrame(s);
        if (next >= 0) {
          this.onError(new FrameError('bad-length', 'cnid', 'truncated frame', this.buf.subarray(s, next)));
          pos = next;
          continue;
        }
        pos = s;
        break;
      }
      frames.push(r.frame);
      pos = s + r.length;
    }
    this.buf = Buffer.from(this.buf.subarray(pos));
    if (this.buf.length > MAX_LEN + 8) {
      this.onError(new FrameError('overflow', 'cnid', 'buffer overflow'));
      this.buf = Buffer.alloc(0);
    }
    return frames;
  }

  private laterCompleteFrame(s: number): number {
    for (let p = indexOfSeq(this.buf, PRE, s + 1); p >= 0; p = indexOfSeq(this.buf, PRE, p + 1)) {
      try {
        if (decodeCnIdAt(this.buf, p) !== 'incomplete') return p;
      } catch {
        // not a frame; keep looking
      }
    }
    return -1;
  }
}
