import { EventEmitter } from 'node:events';
import type { Transport } from '../transport/types.js';
import type { FrameError } from '../util/frame-error.js';
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js';
import { SerialQueue, Waitress } from '../util/waitress.js';
import { CnIdCommand, encodeCnIdCommand, replyOf, Sw3, type CnIdFrame } from './frame.js';
import { CnIdParser } from './parser.js';
import { decodeCnIdText, type CnIdText } from './text.js';

interface PollState {
  timer: TimerHandle | undefined;
  stopped: boolean;
  idNumber: string | undefined;
  misses: number;
}

export type CnIdErrorCode = 'timeout' | 'no-card' | 'select-failed' | 'read-failed' | 'sam-error' | 'bad-reply' | 'disconnected';

export class CnIdError extends Error {
  override readonly name = 'CnIdError';
  constructor(
    readonly code: CnIdErrorCode,
    readonly detail?: string,
    readonly sw3?: number,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** What the SAM returned for one card: decoded text fields, the raw text block and the WLT photo bytes as is. */
export interface CnIdCard {
  text: CnIdText;
  textBytes: Buffer;
  /** WLT-compressed photo, untouched (decoding needs the proprietary library). */
  photo: Buffer;
  fingerprint?: Buffer;
}

export interface CnIdCardRead {
  card: CnIdCard;
  readerPath: string;
  at: number;
}

export type CnIdReaderEvents = {
  idCardRead: [event: CnIdCardRead];
  idCardRemoved: [event: { idNumber: string; readerPath: string; at: number }];
  frameError: [error: FrameError];
};

export interface CnIdReaderOptions {
  transport: Transport;
  timers?: Timers;
  /** Reply timeout per command (default 1500 ms; a read takes ~1 s on real SAMs). */
  responseTimeoutMs?: number;
}

/** A GA 467 SAM reader: one command at a time, each answered by one reply frame. */
export class CnIdReader extends EventEmitter<CnIdReaderEvents> {
  readonly transport: Transport;
  private readonly parser: CnIdParser;
  private readonly waitress: Waitress<CnIdFrame, null>;
  private readonly queue = new SerialQueue();
  private readonly timers: Timers;
  private poll: PollState | undefined;

  constructor(private readonly options: CnIdReaderOptions) {
    super();
    this.transport = options.transport;
    this.timers = options.timers ?? systemTimers;
    this.parser = new CnIdParser((e) => this.emit('frameError', e));
    this.waitress = new Waitress<CnIdFrame, null>(() => true, this.timers);
    this.transport.on('data', (chunk) => {
      for (const frame of this.parser.push(chunk)) this.waitress.resolve(frame);
    });
    this.transport.on('close', () => this.waitress.rejectAll(new CnIdError('disconnected', this.transport.path)));
  }

  async open(): Promise<void> {
    await this.transport.open();
  }

  async close(): Promise<void> {
    this.stopPolling();
    await this.transport.close();
  }

  /** Send one command; resolves with SW3 and the reply data. */
  command(command: readonly [number, number], data?: Uint8Array): Promise<{ sw3: number; data: Buffer }> {
    return this.queue.run(async () => {
      const wait = this.waitress.waitFor(null, this.options.responseTimeoutMs ?? 1500, () => new CnIdError('timeout', `command ${command[0].toString(16)} ${command[1].toString(16)}`));
      wait.promise.catch(() => undefined);
      try {
        await this.transport.write(encodeCnIdCommand(command, data));
      } catch (err) {
        this.waitress.reject(wait.id, new CnIdError('disconnected', (err as Error).message));
      }
      try {
        const reply = replyOf(await wait.promise);
        return { sw3: reply.sw3, data: reply.data };
      } catch (err) {
        this.parser.reset(); // drop any half-received reply so the next command starts clean
        throw err;
      }
    });
  }

  async samStatus(): Promise<number> {
    return (await this.command(CnIdCommand.SamStatus)).sw3;
  }

  /** Find + select + read text and photo. Undefined when no card is on the reader. */
  async readCard(): Promise<CnIdCard | undefined> {
    const find = await this.command(CnIdCommand.FindCard);
    if (find.sw3 === Sw3.FindFailed) return undefined;
    if (find.sw3 !== Sw3.CardFound) throw new CnIdError('sam-error', 'find card', find.sw3);
    const select = await this.command(CnIdCommand.SelectCard);
    if (select.sw3 !== Sw3.Ok) throw new CnIdError('select-failed', undefined, select.sw3);
    const read = await this.command(CnIdCommand.ReadTextPhoto);
    if (read.sw3 !== Sw3.Ok) throw new CnIdError('read-failed', undefined, read.sw3);
    return parseReadReply(read.data);
  }

  /** Poll every `intervalMs`; emit `idCardRead` once per card placed, `idCardRemoved` when it is gone. */
  startPolling(intervalMs = 500): void {
    if (this.poll) return;
    const poll: PollState = { timer: undefined, stopped: false, idNumber: undefined, misses: 0 };
    this.poll = poll;
    const tick = async (): Promise<void> => {
      let card: CnIdCard | undefined;
      try {
        card = await this.readCard();
      } catch {
        card = undefined;
      }
      if (poll.stopped) return;
      const at = this.timers.now();
      if (card && card.text.idNumber !== poll.idNumber) {
        if (poll.idNumber) this.emit('idCardRemoved', { idNumber: poll.idNumber, readerPath: this.transport.path, at });
        poll.idNumber = card.text.idNumber;
        this.emit('idCardRead', { card, readerPath: this.transport.path, at });
      }
      poll.misses = card ? 0 : poll.misses + 1;
      // real SAMs fail "find" once right after a read; two misses in a row mean the card left
      if (poll.idNumber && poll.misses >= 2) {
        this.emit('idCardRemoved', { idNumber: poll.idNumber, readerPath: this.transport.path, at });
        poll.idNumber = undefined;
      }
      poll.timer = this.timers.setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  stopPolling(): void {
    if (!this.poll) return;
    this.poll.stopped = true;
    if (this.poll.timer !== undefined) this.timers.clearTimeout(this.poll.timer);
    this.poll = undefined;
  }
}

/** `textLen(2) photoLen(2) [fpLen(2)] text photo [fp]` → CnIdCard. */
export function parseReadReply(data: Buffer, withFingerprint = false): CnIdCard {
  const head = withFingerprint ? 6 : 4;
  if (data.length < head) throw new CnIdError('bad-reply', 'read reply too short');
  const textLen = data.readUInt16BE(0);
  const photoLen = data.readUInt16BE(2);
  const fpLen = withFingerprint ? data.readUInt16BE(4) : 0;
  if (data.length < head + textLen + photoLen + fpLen || textLen < 256) {
    throw new CnIdError('bad-reply', `lengths ${textLen}/${photoLen}/${fpLen} vs ${data.length} bytes`);
  }
  const textBytes = Buffer.from(data.subarray(head, head + textLen));
  const photo = Buffer.from(data.subarray(head + textLen, head + textLen + photoLen));
  const card: CnIdCard = { text: decodeCnIdText(textBytes), textBytes, photo };
  if (withFingerprint) card.fingerprint = Buffer.from(data.subarray(head + textLen + photoLen, head + textLen + photoLen + fpLen));
  return card;
}
