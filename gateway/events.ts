import { EventEmitter } from 'node:events';
import type { GatewayEvent } from './contract/index.js';

/** Typed in-process event bus: services publish after commit; the WebSocket hub fans events out. */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(event: GatewayEvent): void {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: (event: GatewayEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  /** Internal: credentials ended (logout, account disabled, station revoked); open sockets re-check theirs. */
  credentialsEnded(): void {
    this.#emitter.emit('credentials-ended');
  }

  onCredentialsEnded(listener: () => void): () => void {
    this.#emitter.on('credentials-ended', listener);
    return () => this.#emitter.off('credentials-ended', listener);
  }
}
