/** Why a parser dropped bytes. Parsers report these; they never throw them at the stream. */
export type FrameErrorCode = 'bad-checksum' | 'bad-length' | 'bad-format' | 'overflow';

export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly code: FrameErrorCode,
    readonly protocol: string,
    detail: string,
    readonly bytes?: Buffer,
  ) {
    super(`${protocol} ${code}: ${detail}`);
  }
}

/** An incremental parser: feed chunks, get whole frames; rejected input is reported through `onError`. */
export interface IncrementalParser<F> {
  push(chunk: Uint8Array): F[];
  reset(): void;
  /** Bytes currently buffered (bounded by each parser's maximum). */
  readonly buffered: number;
}
