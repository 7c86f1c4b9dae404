import { EventEmitter } from 'node:events';
import { TransportError, type CloseInfo, type Transport, type TransportEvents } from './types.js';

/**
 * An in-memory transport. `createMemoryPair()` links two of them like a null-modem cable (demo mode,
 * unit tests); a single one can be fed by hand with `inject()` (HID report fakes).
 */
export class MemoryTransport extends EventEmitter<TransportEvents> implements Transport {
  private opened = false;
  peer: MemoryTransport | undefined;
  /** Everything written, for exact-bytes assertions. */
  readonly written: Buffer[] = [];

  constructor(readonly path: string) {
    super();
  }

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    this.emit('open');
  }

  async close(): Promise<void> {
    this.shut({ unexpected: false });
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.opened) throw new TransportError('not-open', this.path);
    const chunk = Buffer.from(data);
    this.written.push(chunk);
    const peer = this.peer;
    if (peer?.opened) queueMicrotask(() => peer.opened && peer.emit('data', chunk));
  }

  /** Deliver bytes (or one HID report) as if the device sent them. */
  inject(chunk: Uint8Array): void {
    if (this.opened) this.emit('data', Buffer.from(chunk));
  }

  /** Simulate an unplug: the transport closes unexpectedly. */
  unplug(): void {
    this.shut({ unexpected: true, error: new TransportError('disconnected', this.path) });
  }

  private shut(info: CloseInfo): void {
    if (!this.opened) return;
    this.opened = false;
    this.emit('close', info);
  }
}

export function createMemoryPair(name = 'memory'): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport(`${name}:A`);
  const b = new MemoryTransport(`${name}:B`);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
