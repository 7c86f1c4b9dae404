import { EventEmitter } from 'node:events';
import { TransportError, toTransportError, type Transport, type TransportEvents } from './types.js';

/** The part of node-hid's HIDAsync that the transport uses (so a fake can stand in). */
export interface HidHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export interface HidTransportOptions {
  /** hidraw path from `listHidDevices()`. */
  path: string;
  /** Inject the opener (tests). Defaults to node-hid's `HIDAsync.open`. */
  openDevice?: (path: string) => Promise<HidHandle>;
}

async function openWithNodeHid(path: string): Promise<HidHandle> {
  const hid = await import('node-hid');
  return (await hid.HIDAsync.open(path)) as unknown as HidHandle;
}

/** A USB HID device behind the Transport interface: every input report arrives as one `data` chunk. */
export class HidTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly path: string;
  private handle: HidHandle | undefined;
  private closing = false;

  constructor(private readonly options: HidTransportOptions) {
    super();
    this.path = options.path;
  }

  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  async open(): Promise<void> {
    if (this.handle) return;
    let handle: HidHandle;
    try {
      handle = await (this.options.openDevice ?? openWithNodeHid)(this.path);
    } catch (err) {
      throw toTransportError(err, this.path);
    }
    this.handle = handle;
    this.closing = false;
    handle.on('data', (report) => this.emit('data', Buffer.from(report)));
    handle.on('error', (err) => {
      // node-hid reports an unplugged device as a read error: treat it as an unexpected close.
      const error = toTransportError(err, this.path);
      if (this.listenerCount('error') > 0) this.emit('error', error);
      this.drop(!this.closing, error);
    });
    this.emit('open');
  }

  async close(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.closing = true;
    try {
      await handle.close();
    } finally {
      this.drop(false);
    }
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.handle) throw new TransportError('not-open', this.path);
    try {
      await this.handle.write(Buffer.from(data));
    } catch (err) {
      throw toTransportError(err, this.path);
    }
  }

  private drop(unexpected: boolean, error?: TransportError): void {
    const handle = this.handle;
    if (!handle) return;
    this.handle = undefined;
    handle.removeAllListeners();
    this.emit('close', unexpected && error ? { unexpected, error } : { unexpected });
  }
}
