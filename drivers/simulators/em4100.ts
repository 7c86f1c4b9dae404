import { encodeEm4100 } from '../em4100/frame.js';
import type { Transport } from '../transport/types.js';
import { normalizeUid } from '../util/bytes.js';
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js';
import { BaseSimulator, SimulatorError } from './base.js';

export interface Em4100SimulatorOptions {
  /** `rdm6300` binary frames (default) or `ascii-line` (`ID\r\n`). */
  format?: 'rdm6300' | 'ascii-line';
  /** While a card is held the reader repeats its frame every `repeatMs` (default 200; 0 = send once). */
  repeatMs?: number;
  timers?: Timers;
}

/** A 125 kHz reader: repeats the card's frame while it is held, goes quiet when it is removed. */
export class Em4100Simulator extends BaseSimulator {
  readonly kind: 'em4100' | 'ascii-line';
  private timer: TimerHandle | undefined;
  private readonly timers: Timers;

  constructor(
    transport: Transport,
    private readonly options: Em4100SimulatorOptions = {},
  ) {
    super(transport);
    this.kind = options.format === 'ascii-line' ? 'ascii-line' : 'em4100';
    this.timers = options.timers ?? systemTimers;
  }

  override presentCard(uid: string): void {
    let frame: Buffer;
    try {
      const norm = normalizeUid(uid);
      frame = this.kind === 'ascii-line' ? Buffer.from(`${norm}\r\n`, 'ascii') : encodeEm4100(norm);
    } catch (err) {
      throw new SimulatorError('bad-argument', (err as Error).message);
    }
    this.removeCard();
    const repeat = this.options.repeatMs ?? 200;
    const tick = (): void => {
      this.send(frame);
      this.timer = repeat > 0 ? this.timers.setTimeout(tick, repeat) : undefined;
    };
    tick();
  }

  override removeCard(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  override async close(): Promise<void> {
    this.removeCard();
    await super.close();
  }
}
