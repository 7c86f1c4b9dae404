/**
 * Outbox event ids: UUIDv7, which sort by creation time and are the idempotency key upstream. One generator for the
 * gateway's thread (where every outbox id is made: a door decision's in db/access-log.ts, any other event's in
 * db/outbox.ts; the log's worker only writes ids it was handed), so every id is greater than the one before, even
 * within the same millisecond (the generator's counter), and id order is the order the events were made in — also when
 * the system clock steps back (the generator keeps its last timestamp and counts on, instead of starting again from the
 * earlier time), and across restarts: the gateway continues after the greatest id in the outbox.
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

/** A version 7 UUID as this module writes it (lower case; upper case is accepted where ids are read). */
export const EVENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const generator = new V7Generator(new BufferedRandom());
// The library's default starts again from the clock when it stepped back more than 10 s: ids smaller than earlier ones.
generator.setRollbackAllowance(2 ** 48 - 1);

/** A new outbox event id, greater than every id made before it in this process. */
export function newEventId(): string {
  return generator.generate().toString();
}

/**
 * Makes the next ids greater than `id` (the greatest one already stored), whatever the clock says now. Anything but
 * a version 7 UUID is ignored.
 */
export function continueEventIdsAfter(id: string | null | undefined): void {
  if (typeof id !== 'string' || !EVENT_ID_PATTERN.test(id.toLowerCase())) return;
  const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  // One id one millisecond later moves the generator past every id of that millisecond; an earlier one changes nothing.
  if (ms < 2 ** 48 - 2) generator.generateOrAbortWithTs(ms + 1);
}
