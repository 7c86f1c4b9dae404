import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { SerialPortStream } from '@serialport/stream';
import { TransportError, toTransportError, type Transport, type TransportEvents } from './types.js';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** Exclusive lock on the port (default true). Pass false to share a pty with another reader. */
  lock?: boolean;
  /** Inject a port factory (tests: `SerialPortMock`). Defaults to the real `serialport` binding. */
  createPort?: (options: { path: string; baudRate: number; lock: boolean; autoOpen: false }) => SerialPortStream;
  /**
   * How often to check that the device node still exists (ms; 0 turns it off; default 500 for a real port on a
   * POSIX path, off for an injected port). See `watchPresence`.
   */
  presenceCheckMs?: number;
}

/** A serial port (real, pseudo-terminal or mock) behind the Transport interface. */
export class SerialTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly path: string;
  private port: SerialPortStream | undefined;
  private closing = false;
  private presenceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SerialTransportOptions) {
    super();
    this.path = options.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const { path, baudRate } = this.options;
    const lock = this.options.lock ?? true;
    // The serialport binding is loaded with the first real port, not when a gateway without one starts.
    const port = this.options.createPort
      ? this.options.createPort({ path, baudRate, lock, autoOpen: false })
      : (new (await import('serialport')).SerialPort({ path, baudRate, lock, autoOpen: false }) as unknown as SerialPortStream);
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(toTransportError(err, path)) : resolve()));
    });
    this.port = port;
    this.closing = false;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    // An I/O error also ends in an unexpected 'close' carrying it; 'error' is extra detail for whoever listens,
    // never an uncaught exception that takes the gateway down.
    port.on('error', (err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', toTransportError(err, path));
    });
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.port !== port) return;
      this.port = undefined;
      port.removeAllListeners();
      this.stopPresenceWatch();
      const unexpected = !this.closing;
      this.emit('close', unexpected ? { unexpected, error: toTransportError(err ?? 'disconnected', path) } : { unexpected });
    });
    this.watchPresence(port);
    this.emit('open');
  }

  /**
   * A vanished device node is an unplug even when no read fails. On Linux a hung-up tty (a pseudo-terminal whose
   * master closed, some USB-serial adapters) makes reads return 0 bytes instead of EIO, which the serialport
   * binding treats as "nothing yet" and retries for ever: without this watch the port would look connected
   * until the gateway restarts. Closing the port here ends that read loop and reports an unexpected close, so
   * the reconnecting transport takes over.
   */
  private watchPresence(port: SerialPortStream): void {
    const every = this.options.presenceCheckMs ?? (this.options.createPort || !this.path.startsWith('/') ? 0 : 500);
    if (every <= 0) return;
    let checking = false;
    this.presenceTimer = setInterval(() => {
      if (checking || this.port !== port) return;
      checking = true;
      stat(this.path).then(
        () => { checking = false; },
        (err: NodeJS.ErrnoException) => {
          checking = false;
          if (this.port === port && (err.code === 'ENOENT' || err.code === 'ENODEV' || err.code === 'ENXIO') && port.isOpen) port.close();
        },
      );
    }, every);
    this.presenceTimer.unref();
  }

  private stopPresenceWatch(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    this.closing = true;
    this.stopPresenceWatch();
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new TransportError('not-open', this.path));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(data), (err) => (err ? reject(toTransportError(err, this.path)) : resolve()));
    });
  }

  /**
   * Set DTR/RTS. Pseudo-terminals reject modem-line ioctls: that is reported as `false`, never thrown.
   */
  async setModemLines(lines: { dtr?: boolean; rts?: boolean }): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return false;
    return new Promise((resolve) => {
      try {
        port.set(lines, (err) => resolve(!err));
      } catch {
        resolve(false);
      }
    });
  }
}
