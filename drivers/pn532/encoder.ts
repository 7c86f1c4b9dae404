import { hex, normalizeUid, toHex } from '../util/bytes.js';
import type { Pn532Commands, PassiveTarget } from './commands.js';
import type { Pn532 } from './device.js';
import { Pn532Error } from './errors.js';
import { allows, buildTrailer, dataRights, decodeAccessBits, readKeyFor, trailerOf, TRANSPORT_KEY, type KeyType } from './mifare.js';

type Bytes = Uint8Array | string;

export interface CredentialRequest {
  /** Only encode this card (uppercase hex); another UID fails with `wrong-card`. */
  uid?: string;
  /** Sector 1–15 (sector 0 holds the manufacturer block). */
  sector: number;
  /** Building keys to set in the trailer. */
  keyA: Bytes;
  keyB: Bytes;
  /** The 3 access bytes (e.g. `7F0788`); checked for consistency before anything is written. */
  accessBits: Bytes;
  /** General purpose byte of the trailer (default 0x69). */
  gpb?: number;
  /** 16 bytes written to the credential block. */
  credentialBlock: Bytes;
  /** Block inside the sector (0–2, default 0). */
  blockInSector?: number;
  /**
   * Keys that may open the sector today, tried in order (default: transport key A `FFFFFFFFFFFF`, then the new
   * key B for a card already encoded by this building). Each failed key costs two round trips (auth + reselect).
   */
  currentKeys?: { type: KeyType; key: Bytes }[];
}

export interface CredentialResult {
  uid: string;
  atqa: string;
  sak: number;
  block: number;
  /** Round trips this encode used, and the least the protocol allows for the same work. */
  roundTrips: number;
  protocolMinimum: number;
}

const bytes = (v: Bytes, length: number, what: string): Buffer => {
  let b: Buffer;
  try {
    b = typeof v === 'string' ? hex(v) : Buffer.from(v);
  } catch {
    throw new Pn532Error('invalid-argument', `${what} is not hex`);
  }
  if (b.length !== length) throw new Pn532Error('invalid-argument', `${what} must be ${length} bytes`);
  return b;
};

/**
 * Write a credential block and the sector trailer, then read the block back.
 * Round trips when the first key works: detect, authenticate, write block, write trailer, read back = 5 (the
 * protocol minimum). When the new access bits forbid reading with the key used to write, one more
 * authentication with the new key is needed (6, and that is then the minimum).
 */
export async function encodeCredential(pn532: Pn532, request: CredentialRequest): Promise<CredentialResult> {
  const { sector } = request;
  const blockInSector = request.blockInSector ?? 0;
  if (!Number.isInteger(sector) || sector < 1 || sector > 15) throw new Pn532Error('invalid-argument', 'sector must be 1–15');
  if (![0, 1, 2].includes(blockInSector)) throw new Pn532Error('invalid-argument', 'blockInSector must be 0–2');
  const keyA = bytes(request.keyA, 6, 'keyA');
  const keyB = bytes(request.keyB, 6, 'keyB');
  const access = bytes(request.accessBits, 3, 'accessBits');
  const data = bytes(request.credentialBlock, 16, 'credentialBlock');
  const conditions = decodeAccessBits(access);
  if (!conditions) throw new Pn532Error('invalid-argument', 'access bits are inconsistent (would brick the sector)');
  const wantUid = request.uid === undefined ? undefined : normalizeUid(request.uid);
  const candidates = (request.currentKeys ?? [{ type: 'A', key: TRANSPORT_KEY }, { type: 'B', key: keyB }]).map((k, i) => ({
    type: k.type,
    key: bytes(k.key, 6, `currentKeys[${i}]`),
  }));
  const block = sector * 4 + blockInSector;
  const trailer = trailerOf(sector);

  return pn532.exclusive(async (c) => {
    const start = pn532.roundTrips;
    let target = await detect(c, wantUid, 'no-card');
    let session: KeyType | undefined;
    for (const [i, candidate] of candidates.entries()) {
      try {
        await c.mifareAuthenticate(target.tg, trailer, candidate.type, candidate.key, hex(target.uid));
        session = candidate.type;
        break;
      } catch (err) {
        if (!(err instanceof Pn532Error) || err.code !== 'auth-failed' || i === candidates.length - 1) throw err;
        target = await detect(c, target.uid, 'card-removed'); // a failed authentication halts the card
      }
    }
    if (!session) throw new Pn532Error('auth-failed');
    const auth = session;
    await step(() => c.mifareWrite(target.tg, block, data));
    await step(() => c.mifareWrite(target.tg, trailer, buildTrailer(keyA, access, keyB, request.gpb)));
    let minimum = 5;
    const readKey = readKeyFor(access, blockInSector);
    if (!readKey) throw new Pn532Error('invalid-argument', 'the new access bits make the credential block unreadable');
    if (!allows(dataRights(conditions[blockInSector] ?? 7).read, auth)) {
      await step(() => c.mifareAuthenticate(target.tg, trailer, readKey, readKey === 'A' ? keyA : keyB, hex(target.uid)));
      minimum = 6;
    }
    const readBack = await step(() => c.mifareRead(target.tg, block));
    if (!readBack.equals(data)) throw new Pn532Error('verify-failed', `block ${block} reads ${toHex(readBack)}`);
    return { uid: target.uid, atqa: target.atqa, sak: target.sak, block, roundTrips: pn532.roundTrips - start, protocolMinimum: minimum };
  });
}

async function detect(c: Pn532Commands, wantUid: string | undefined, missing: 'no-card' | 'card-removed'): Promise<PassiveTarget> {
  const target = await c.inListPassiveTarget();
  if (!target) throw new Pn532Error(missing);
  if (wantUid && target.uid !== wantUid) throw new Pn532Error('wrong-card', `expected ${wantUid}, found ${target.uid}`);
  return target;
}

/** After authentication succeeded, a card that stops answering was taken away mid-write. */
async function step<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Pn532Error && err.code === 'auth-failed') throw new Pn532Error('access-denied', err.detail, err.status);
    throw err;
  }
}
