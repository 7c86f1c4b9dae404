import { EventEmitter } from 'node:events';
import type { CardPresented, CardRemoved } from '../events.js';
import { LineParser } from '../line/parser.js';
import type { Transport } from '../transport/types.js';
import { hex, toHex } from '../util/bytes.js';
import { FrameError, type IncrementalParser } from '../util/frame-error.js';
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js';
import { printedCardNumber } from './frame.js';
import { Em4100Parser } from './parser.js';

export interface Em4100ReaderOptions {
  transport: Transport;
  /** `rdm6300` (14-byte binary frames, default) or `ascii-line` (`ID\r\n`). */
  format?: 'rdm6300' | 'ascii-line';
  /** ASCII-line readers: is the ID hex (default) or a decimal number (converted to 4-byte hex)? */
  lineIdFormat?: 'hex' | 'decimal';
  /**
   * These readers repeat the frame while a card is held. A repeat of the same UID within `holdMs` (default 800)
   * is not a new presentation; silence for `holdMs` means the card left (`cardRemoved`).
   */
  holdMs?: number;
  timers?: Timers;
}

export type Em4100ReaderEvents = {
  cardPresented: [event: CardPresented];
  cardRemoved: [event: CardRemoved];
  frameError: [error: FrameError];
};

/** A passive 125 kHz reader (RDM6300 or ASCII-line): turns bytes into debounced card events. */
export class Em4100Reader extends EventEmitter<Em4100ReaderEvents> {
  readonly transport: Transport;
  private readonly parser: IncrementalParser<string>;
  private readonly timers: Timers;
  private readonly holdMs: number;
  private held: { uid: string; timer: TimerHandle } | undefined;
  private readonly onData = (chunk: Buffer): void => {
    for (const uid of this.parser.push(chunk)) this.seen(uid);
  };
  private readonly onClose = (): void => {
    this.parser.reset();
    this.release();
  };

  constructor(private readonly options: Em4100ReaderOptions) {
    super();
    this.transport = options.transport;
    this.timers = options.timers ?? systemTimers;
    this.holdMs = options.holdMs ?? 800;
    const onError = (e: FrameError): void => void this.emit('frameError', e);
    this.parser = options.format === 'ascii-line' ? this.lineUidParser(onError) : uidParser(new Em4100Parser(onError));
    this.transport.on('data', this.onData);
    this.transport.on('close', this.onClose);
  }

  async open(): Promise<void> {
    await this.transport.open();
  }

  async close(): Promise<void> {
    this.release();
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onClose);
    await this.transport.close();
  }

  /** UID of the card currently held on the reader, if any. */
  get currentUid(): string | undefined {
    return this.held?.uid;
  }

  private seen(uid: string): void {
    const at = this.timers.now();
    if (this.held && this.held.uid === uid) {
      this.timers.clearTimeout(this.held.timer);
      this.held.timer = this.timers.setTimeout(() => this.release(), this.holdMs);
      return;
    }
    this.release();
    this.held = { uid, timer: this.timers.setTimeout(() => this.release(), this.holdMs) };
    const details: Record<string, string> = {};
    if (uid.length === 10) {
      const printed = printedCardNumber(uid);
      details.decimal = printed.decimal;
      details.facilityCard = printed.facilityCard;
    }
    this.emit('cardPresented', { uid, technology: 'em4100', readerPath: this.transport.path, at, details });
  }

  private release(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.timers.clearTimeout(held.timer);
    this.emit('cardRemoved', { uid: held.uid, technology: 'em4100', readerPath: this.transport.path, at: this.timers.now() });
  }

  private lineUidParser(onError: (e: FrameError) => void): IncrementalParser<string> {
    const lines = new LineParser({ maxLineBytes: 64, onError });
    const decimal = this.options.lineIdFormat === 'decimal';
    return {
      get buffered() {
        return lines.buffered;
      },
      reset: () => lines.reset(),
      push: (chunk) =>
        lines.push(chunk).flatMap((line) => {
          const uid = parseLineId(line.trim(), decimal);
          if (uid === undefined) onError(new FrameError('bad-format', 'ascii-line', `not a card id: ${JSON.stringify(line.slice(0, 32))}`));
          return uid === undefined ? [] : [uid];
        }),
    };
  }
}

/** `ID` from an ASCII-line reader → uppercase hex UID, or undefined when it is not an ID. */
export function parseLineId(line: string, decimal = false): string | undefined {
  if (decimal) {
    if (!/^\d{1,10}$/.test(line) || Number(line) > 0xffffffff) return undefined;
    return Number(line).toString(16).toUpperCase().padStart(8, '0');
  }
  if (!/^(?:[0-9A-Fa-f]{2}){4,10}$/.test(line)) return undefined;
  return toHex(hex(line));
}

function uidParser(parser: Em4100Parser): IncrementalParser<string> {
  return {
    get buffered() {
      return parser.buffered;
    },
    reset: () => parser.reset(),
    push: (chunk) => parser.push(chunk).map((f) => f.uid),
  };
}
