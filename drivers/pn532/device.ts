import { EventEmitter } from 'node:events';
import type { CardPresented, CardRemoved } from '../events.js';
import type { Transport } from '../transport/types.js';
import type { FrameError } from '../util/frame-error.js';
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js';
import { SerialQueue, Waitress } from '../util/waitress.js';
import { Pn532Commands, type FirmwareVersion, type PassiveTarget } from './commands.js';
import { Pn532Error } from './errors.js';
import { ACK_FRAME, Command, encodeCommand, TFI_PN532, WAKEUP, type Pn532Frame } from './frame.js';
import type { KeyType } from './mifare.js';
import { Pn532Parser } from './parser.js';

export interface Pn532Options {
  transport: Transport;
  timers?: Timers;
  /** Wait for the ACK (default 100 ms) and for the response (default 1000 ms). */
  ackTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** InListPassiveTarget retries before "no card" (RFConfiguration MxRtyPassiveActivation, default 2). */
  passiveActivationRetries?: number;
}

export type Pn532Events = {
  cardPresented: [event: CardPresented];
  cardRemoved: [event: CardRemoved];
  frameError: [error: FrameError];
};

type Reply = { kind: 'ack' } | { kind: 'nack' } | { kind: 'error' } | { kind: 'response'; code: number; data: Buffer };
type Matcher = { kind: 'ack' } | { kind: 'response'; code: number };

/**
 * PN532 over HSU. One command on the wire at a time; every command is one counted round trip
 * (frame → ACK → response). Failures are `Pn532Error`s with codes; every wait has a timeout.
 */
export class Pn532 extends EventEmitter<Pn532Events> {
  readonly transport: Transport;
  /** Command/response exchanges so far (benchmarks compare this to the protocol minimum). */
  roundTrips = 0;
  private readonly parser: Pn532Parser;
  private readonly waitress: Waitress<Reply, Matcher>;
  private readonly queue = new SerialQueue();
  private readonly timers: Timers;
  private initialized = false;
  private readonly direct = new Pn532Commands((c, p, t) => this.exchange(c, p ?? Buffer.alloc(0), t));
  private poll: { timer: TimerHandle | undefined; uid: string | undefined; stopped: boolean } | undefined;

  constructor(private readonly options: Pn532Options) {
    super();
    this.transport = options.transport;
    this.timers = options.timers ?? systemTimers;
    this.parser = new Pn532Parser((e) => this.emit('frameError', e));
    this.waitress = new Waitress<Reply, Matcher>(
      (reply, m) => reply.kind === 'error' || reply.kind === 'nack' || (reply.kind === m.kind && (m.kind === 'ack' || (reply.kind === 'response' && reply.code === m.code))),
      this.timers,
    );
    this.transport.on('data', (chunk) => {
      for (const frame of this.parser.push(chunk)) this.onFrame(frame);
    });
    this.transport.on('open', () => {
      this.initialized = false;
      this.parser.reset();
    });
    this.transport.on('close', () => {
      this.initialized = false;
      this.waitress.rejectAll(new Pn532Error('disconnected', this.transport.path));
    });
  }

  async open(): Promise<void> {
    await this.transport.open();
    await this.init();
  }

  async close(): Promise<void> {
    this.stopPolling();
    await this.transport.close();
  }

  /** Wake the chip (HSU preamble), leave low-VBAT mode and bound passive-activation retries. */
  init(): Promise<void> {
    return this.queue.run(() => this.wake());
  }

  /** Send one command (one round trip), return the response parameters (after the response code). */
  command(command: number, params: Uint8Array = Buffer.alloc(0), timeoutMs?: number): Promise<Buffer> {
    return this.exclusive(() => this.exchange(command, params, timeoutMs));
  }

  /**
   * Run several commands with nothing else on the wire in between (polling cannot slip into an
   * authenticated MIFARE session).
   */
  exclusive<T>(job: (commands: Pn532Commands) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (!this.initialized) await this.wake();
      return job(this.direct);
    });
  }

  getFirmwareVersion(): Promise<FirmwareVersion> {
    return this.exclusive((c) => c.getFirmwareVersion());
  }

  inListPassiveTarget(): Promise<PassiveTarget | undefined> {
    return this.exclusive((c) => c.inListPassiveTarget());
  }

  /** Read one block: detect the card, authenticate its sector, read (3 round trips). */
  readBlock(block: number, keyType: KeyType, key: Uint8Array): Promise<{ target: PassiveTarget; data: Buffer }> {
    return this.exclusive(async (c) => {
      const target = await c.inListPassiveTarget();
      if (!target) throw new Pn532Error('no-card');
      await c.mifareAuthenticate(target.tg, block, keyType, key, Buffer.from(target.uid, 'hex'));
      return { target, data: await c.mifareRead(target.tg, block) };
    });
  }

  private async wake(): Promise<void> {
    // A job that waited its turn may find the port gone (unplugged meanwhile): a typed error, as from `exchange`.
    await this.transport.write(WAKEUP).catch((err: unknown) => {
      throw new Pn532Error('disconnected', (err as Error).message);
    });
    await this.exchange(Command.SAMConfiguration, Buffer.of(0x01, 0x14, 0x00));
    await this.exchange(Command.RFConfiguration, Buffer.of(0x05, 0xff, 0x01, this.options.passiveActivationRetries ?? 2));
    this.initialized = true;
  }

  /** Reader role: poll for cards every `intervalMs`, emitting `cardPresented` / `cardRemoved`. */
  startPolling(intervalMs = 250): void {
    if (this.poll) return;
    const poll: { timer: TimerHandle | undefined; uid: string | undefined; stopped: boolean } = { timer: undefined, uid: undefined, stopped: false };
    this.poll = poll;
    const tick = async (): Promise<void> => {
      let target: PassiveTarget | undefined;
      try {
        target = await this.inListPassiveTarget();
      } catch {
        target = undefined; // a timeout or unplug reads as "no card"; reconnect is the transport's job
      }
      if (poll.stopped) return;
      const at = this.timers.now();
      if (poll.uid && poll.uid !== target?.uid) {
        this.emit('cardRemoved', { uid: poll.uid, technology: 'mifare-classic', readerPath: this.transport.path, at });
        poll.uid = undefined;
      }
      if (target && poll.uid !== target.uid) {
        poll.uid = target.uid;
        const technology = (target.sak & 0x18) === 0x08 || (target.sak & 0x18) === 0x18 ? 'mifare-classic' : 'iso14443a';
        this.emit('cardPresented', { uid: target.uid, technology, readerPath: this.transport.path, at, details: { atqa: target.atqa, sak: target.sak } });
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

  /** One round trip: write the frame, wait for ACK, wait for the response. Retransmits once on NACK. */
  private async exchange(command: number, params: Uint8Array, timeoutMs?: number): Promise<Buffer> {
    const frame = encodeCommand(command, params);
    const name = `0x${command.toString(16).padStart(2, '0')}`;
    this.roundTrips++;
    for (let attempt = 0; ; attempt++) {
      const ack = this.waitress.waitFor({ kind: 'ack' }, this.options.ackTimeoutMs ?? 100, () => new Pn532Error('timeout', `no ACK for ${name}`));
      const response = this.waitress.waitFor({ kind: 'response', code: (command + 1) & 0xff }, (this.options.ackTimeoutMs ?? 100) + (timeoutMs ?? this.options.responseTimeoutMs ?? 1000), () => new Pn532Error('timeout', `no response to ${name}`));
      // Both waits are armed before the write; if the write itself is slow, a timeout may fire before anyone awaits
      // the promise. Mark them handled here (the awaits below still see the rejection): never an unhandled rejection.
      ack.promise.catch(() => undefined);
      response.promise.catch(() => undefined);
      try {
        await this.transport.write(frame);
        const first = await ack.promise;
        if (first.kind === 'nack') throw new Pn532Error('nack', name);
        if (first.kind === 'error') throw new Pn532Error('syntax-error', name);
        const reply = await response.promise;
        if (reply.kind === 'response') return reply.data;
        throw new Pn532Error(reply.kind === 'nack' ? 'nack' : 'syntax-error', name);
      } catch (err) {
        this.waitress.reject(ack.id, err as Error);
        this.waitress.reject(response.id, err as Error);
        if (err instanceof Pn532Error && err.code === 'nack' && attempt === 0) continue;
        if (err instanceof Pn532Error && err.code === 'timeout') await this.transport.write(ACK_FRAME).catch(() => undefined); // abort
        if (err instanceof Pn532Error) throw err;
        throw new Pn532Error('disconnected', (err as Error).message);
      }
    }
  }

  private onFrame(frame: Pn532Frame): void {
    if (frame.type === 'data') {
      if (frame.tfi !== TFI_PN532) return; // our own echo or a host frame: not for us
      this.waitress.resolve({ kind: 'response', code: frame.data[0] ?? 0, data: frame.data.subarray(1) });
    } else if (frame.type === 'ack') this.waitress.resolve({ kind: 'ack' });
    else this.waitress.resolve({ kind: frame.type });
  }
}
