import type { CnIdText } from '../cnid/text.js';
import type { Transport } from '../transport/types.js';

export type SimulatorKind = 'em4100' | 'ascii-line' | 'pn532' | 'cnid' | 'wedge' | 'hid-pos' | 'serial-scanner';

export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
  constructor(
    readonly code: 'unsupported' | 'bad-command' | 'bad-argument',
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** A Chinese ID card to present: text fields as on the chip, optional WLT photo bytes (1024). */
export interface IdDocumentSpec extends CnIdText {
  photo?: Uint8Array;
}

/** What a script or keyboard can do to any simulated device; unsupported actions throw SimulatorError. */
export interface Simulator {
  readonly kind: SimulatorKind;
  readonly transport: Transport;
  presentCard(uid: string): void;
  removeCard(): void;
  presentIdDocument(doc: IdDocumentSpec): void;
  scan(text: string): void;
  injectGarbage(bytes: Uint8Array): void;
  close(): Promise<void>;
}

/** Shared plumbing: the transport, garbage injection and "unsupported" defaults. */
export abstract class BaseSimulator implements Simulator {
  abstract readonly kind: SimulatorKind;

  /** Last transport error (an unplugged pty answers writes with EIO); kept instead of crashing the process. */
  lastError: Error | undefined;

  constructor(readonly transport: Transport) {
    transport.on('error', (error) => {
      this.lastError = error;
    });
  }

  presentCard(_uid: string): void {
    throw new SimulatorError('unsupported', `${this.kind} has no cards`);
  }

  removeCard(): void {
    throw new SimulatorError('unsupported', `${this.kind} has no cards`);
  }

  presentIdDocument(_doc: IdDocumentSpec): void {
    throw new SimulatorError('unsupported', `${this.kind} reads no ID documents`);
  }

  scan(_text: string): void {
    throw new SimulatorError('unsupported', `${this.kind} does not scan text`);
  }

  injectGarbage(bytes: Uint8Array): void {
    this.send(bytes);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Write to the host, ignoring a closed port (the host may be unplugged on purpose). */
  protected send(bytes: Uint8Array): void {
    if (this.transport.isOpen) this.transport.write(bytes).catch(() => undefined);
  }
}
