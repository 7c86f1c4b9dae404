import { Transform, type TransformCallback } from 'node:stream';
import type { FrameError, IncrementalParser } from './frame-error.js';

/**
 * Wraps an incremental parser as an object-mode Transform stream: bytes in, whole frames out.
 * Frame errors are emitted as `frameError` events (not stream errors, so the pipe keeps flowing).
 */
export class ParserStream<F> extends Transform {
  constructor(private readonly parser: IncrementalParser<F>) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.parser.push(chunk)) this.push(frame);
    callback();
  }
}

export type FrameErrorListener = (error: FrameError) => void;
