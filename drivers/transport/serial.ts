import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { SerialPortStream } from '@serialport/stream';
import { TransportError, toTransportError, type Transport, type TransportEvents } from './types.js';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** Exclusive lock on the port (default true). Pass false to share a pty with another reader. */
  lock?: boolean;
  /** Inject a port factory (tests: `SerialPortMock`). Defaults to the real `serialport` binding. */
  createPort?: (options: { path: string; baudRate: number; lock: boolean; autoOpen: false }) => SerialPortStream;
}

/** A serial port (real, pseudo-terminal or mock) behind the Transport interface. */
export class SerialTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly path: string;
  private port: SerialPortStream | undefined;
  private closing = false;

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
    const port = this.options.createPort
      ? this.options.createPort({ path, baudRate, lock, autoOpen: false })
      : (new SerialPort({ path, baudRate, lock, autoOpen: false }) as unknown as SerialPortStream);
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
      const unexpected = !this.closing;
      this.emit('close', unexpected ? { unexpected, error: toTransportError(err ?? 'disconnected', path) } : { unexpected });
    });
    this.emit('open');
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    this.closing = true;
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
