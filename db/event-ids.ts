/**
 * Outbox event ids: UUIDv7, which sort by creation time and are the idempotency key upstream. One generator for the
 * whole process, so every id — of a door decision (db/access-log.ts) or of any other event (db/outbox.ts) — is greater
 * than the one before, even within the same millisecond (the generator's counter), and id order is the order the
 * events were made in.
 *
 * The random bits come from the operating system's generator in 4 KB draws: the library's default draws 32 bytes at a
 * time, a call into OpenSSL every two or three ids, which showed in the profile of a busy door lane
 * (docs/performance.md, "Access over HTTP").
 */
import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/** crypto-quality 32-bit numbers, drawn in blocks. */
class BufferedRandom {
  readonly #block = new Uint32Array(1024);
  #next = this.#block.length;

  nextUint32(): number {
    if (this.#next === this.#block.length) {
      randomFillSync(this.#block);
      this.#next = 0;
    }
    return this.#block[this.#next++]!;
  }
}

const generator = new V7Generator(new BufferedRandom());

/** A new outbox event id, greater than every id made before it in this process. */
export function newEventId(): string {
  return generator.generate().toString();
}
