import { EventEmitter } from 'node:events';
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js';
import { TransportError, toTransportError, type Transport, type TransportEvents } from './types.js';

export type ConnectionState = 'closed' | 'connecting' | 'open' | 'reconnecting';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Failed attempts since the last successful open. */
  attempt: number;
  lastError?: TransportError;
}

export interface ReconnectOptions {
  /** First retry delay (default 100 ms), multiplied by `factor` (default 2) up to `maxDelayMs` (default 1000 ms). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  timers?: Timers;
}


/**
 * Wraps a transport and reopens it with exponential backoff after an unexpected close (unplug) or a failed open.
 * `open()` resolves on the first successful open; if that first attempt fails it rejects with the typed error
 * but keeps retrying in the background and emits `open` once the port appears. `close()` stops retrying.
 * Every successful (re)open emits `open`, so device classes can re-initialise the hardware.
 */
export class ReconnectingTransport extends EventEmitter<TransportEvents> implements Transport {
  private wanted = false;
  private attempt = 0;
  private timer: TimerHandle | undefined;
  private lastError: TransportError | undefined;
  private retrying = false;
  private readonly timers: Timers;
  private readonly statusEvents = new EventEmitter<{ status: [status: ConnectionStatus] }>();

  constructor(
    readonly inner: Transport,
    private readonly options: ReconnectOptions = {},
  ) {
    super();
    this.timers = options.timers ?? systemTimers;
    inner.on('data', (chunk) => this.emit('data', chunk));
    inner.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    inner.on('open', () => this.emit('open'));
    inner.on('close', (info) => {
      this.emit('close', info);
      if (this.wanted && info.unexpected) {
        this.lastError = info.error;
        this.schedule();
      }
    });
  }

  /** Follow connection state changes (for health reporting). Returns an unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusEvents.on('status', listener);
    return () => this.statusEvents.off('status', listener);
  }

  get path(): string {
    return this.inner.path;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  get status(): ConnectionStatus {
    const state: ConnectionState = this.inner.isOpen
      ? 'open'
      : !this.wanted
        ? 'closed'
        : this.retrying
          ? 'reconnecting'
          : 'connecting';
    return this.lastError ? { state, attempt: this.attempt, lastError: this.lastError } : { state, attempt: this.attempt };
  }

  async open(): Promise<void> {
    this.wanted = true;
    if (this.inner.isOpen) return;
    this.cancelTimer();
    const ok = await this.tryOpen();
    if (!ok && this.lastError) throw this.lastError;
  }

  async close(): Promise<void> {
    this.wanted = false;
    this.retrying = false;
    this.cancelTimer();
    await this.inner.close();
    this.statusEvents.emit('status', this.status);
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.inner.isOpen) return Promise.reject(new TransportError('disconnected', this.path));
    return this.inner.write(data);
  }

  private async tryOpen(): Promise<boolean> {
    this.statusEvents.emit('status', this.status);
    try {
      await this.inner.open();
      this.attempt = 0;
      this.retrying = false;
      this.lastError = undefined;
      this.statusEvents.emit('status', this.status);
      return true;
    } catch (err) {
      this.lastError = toTransportError(err, this.path);
      this.attempt++;
      this.statusEvents.emit('status', this.status);
      if (this.wanted) this.schedule();
      return false;
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const { initialDelayMs = 100, maxDelayMs = 1000, factor = 2 } = this.options;
    const delay = Math.min(maxDelayMs, initialDelayMs * factor ** Math.max(0, this.attempt - 1));
    this.retrying = true;
    this.statusEvents.emit('status', this.status);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.wanted && !this.inner.isOpen) void this.tryOpen();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
