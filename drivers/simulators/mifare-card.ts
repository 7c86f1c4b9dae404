import { hex, normalizeUid, xor } from '../util/bytes.js';
import {
  allows,
  buildTrailer,
  dataRights,
  decodeAccessBits,
  isTrailer,
  sectorOf,
  trailerOf,
  trailerRights,
  TRANSPORT_ACCESS,
  TRANSPORT_KEY,
  type KeyType,
} from '../pn532/mifare.js';

/** Result of a card operation: data on success, or the PN532 status byte the host would see. */
export type CardResult = { ok: true; data?: Buffer } | { ok: false; status: number };

export const STATUS_TIMEOUT = 0x01;
export const STATUS_MIFARE_ERROR = 0x14;

/**
 * A MIFARE Classic 1K card: 64 blocks with real keys and access conditions, an authentication session and
 * the HALT state after a failed authentication. Good enough for libnfc's nfc-mfclassic and for our encoder.
 */
export class MifareClassicCard {
  readonly uid: Buffer;
  readonly atqa = Buffer.of(0x00, 0x04);
  readonly sak = 0x08;
  readonly blocks: Buffer[];
  private session: { sector: number; key: KeyType } | undefined;
  halted = false;

  constructor(uid: string | Uint8Array, blocks?: Buffer[]) {
    this.uid = hex(normalizeUid(uid));
    if (this.uid.length !== 4) throw new RangeError('the emulated MIFARE Classic 1K has a 4-byte UID');
    this.blocks = blocks ?? MifareClassicCard.blankBlocks(this.uid);
  }

  /** Factory state: manufacturer block, zero data, transport trailers (FF…FF / FF 07 80 69 / FF…FF). */
  static blankBlocks(uid: Buffer): Buffer[] {
    const blocks: Buffer[] = Array.from({ length: 64 }, () => Buffer.alloc(16));
    blocks[0] = Buffer.concat([uid, Buffer.of(xor(uid), 0x08, 0x04, 0x00), hex('6263646566676869')]);
    for (let s = 0; s < 16; s++) blocks[trailerOf(s)] = buildTrailer(TRANSPORT_KEY, TRANSPORT_ACCESS, TRANSPORT_KEY);
    return blocks;
  }

  /** Selecting the card (anticollision) ends any session. */
  select(): void {
    this.session = undefined;
    this.halted = false;
  }

  halt(): void {
    this.session = undefined;
    this.halted = true;
  }

  authenticate(block: number, keyType: KeyType, key: Uint8Array, uid: Uint8Array): CardResult {
    if (block < 0 || block > 63) return { ok: false, status: STATUS_MIFARE_ERROR };
    const trailer = this.block(trailerOf(sectorOf(block)));
    const expected = keyType === 'A' ? trailer.subarray(0, 6) : trailer.subarray(10, 16);
    if (!Buffer.from(uid).equals(this.uid) || !expected.equals(Buffer.from(key))) {
      this.halt();
      return { ok: false, status: STATUS_MIFARE_ERROR };
    }
    this.session = { sector: sectorOf(block), key: keyType };
    return { ok: true };
  }

  read(block: number): CardResult {
    const key = this.keyFor(block);
    if (!key) return this.deny();
    const conds = this.conditions(sectorOf(block));
    const stored = this.block(block);
    if (!isTrailer(block)) {
      return this.can(dataRights(conds[block % 4] ?? 7).read, key, block) ? { ok: true, data: Buffer.from(stored) } : this.deny();
    }
    const rights = trailerRights(conds[3] ?? 7);
    const out = Buffer.alloc(16); // key A never reads back
    if (this.can(rights.accessRead, key, block)) stored.copy(out, 6, 6, 10);
    if (this.can(rights.keyBRead, key, block)) stored.copy(out, 10, 10, 16);
    return { ok: true, data: out };
  }

  write(block: number, data: Uint8Array): CardResult {
    const key = this.keyFor(block);
    if (!key || block === 0 || data.length !== 16) return this.deny();
    const conds = this.conditions(sectorOf(block));
    const stored = this.block(block);
    if (!isTrailer(block)) {
      if (!this.can(dataRights(conds[block % 4] ?? 7).write, key, block)) return this.deny();
      Buffer.from(data).copy(stored);
      return { ok: true };
    }
    const rights = trailerRights(conds[3] ?? 7);
    const src = Buffer.from(data);
    const writeA = this.can(rights.keyAWrite, key, block);
    const writeAccess = this.can(rights.accessWrite, key, block);
    const writeB = this.can(rights.keyBWrite, key, block);
    if (!writeA && !writeAccess && !writeB) return this.deny();
    if (writeA) src.copy(stored, 0, 0, 6);
    if (writeAccess) src.copy(stored, 6, 6, 10);
    if (writeB) src.copy(stored, 10, 10, 16);
    return { ok: true };
  }

  private block(n: number): Buffer {
    const b = this.blocks[n];
    if (!b) throw new RangeError(`block ${n}`);
    return b;
  }

  private keyFor(block: number): KeyType | undefined {
    if (block < 0 || block > 63 || !this.session || this.session.sector !== sectorOf(block)) return undefined;
    return this.session.key;
  }

  private conditions(sector: number): number[] {
    return decodeAccessBits(this.block(trailerOf(sector)).subarray(6, 9)) ?? [7, 7, 7, 7];
  }

  /** Key B that is readable cannot serve as a key (datasheet §8.7.3). */
  private can(who: '' | 'A' | 'B' | 'AB', key: KeyType, block: number): boolean {
    if (key === 'B' && trailerRights(this.conditions(sectorOf(block))[3] ?? 7).keyBRead !== '') return false;
    return allows(who, key);
  }

  private deny(): CardResult {
    this.halt();
    return { ok: false, status: STATUS_MIFARE_ERROR };
  }
}
