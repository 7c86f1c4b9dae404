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
}
