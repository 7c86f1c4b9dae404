/**
 * Encryption of personal data at rest (visitor ID numbers and document data, photos, signatures): AES-256-GCM with
 * keys from a key ring file beside the database (never inside it). Each sealed value names the key that sealed it,
 * so a new key can be added (rotation) while older values stay readable until they are re-sealed or purged.
 *
 * Sealed layout: 0x01 | key id (uint16 BE) | IV (12 bytes) | tag (16 bytes) | ciphertext.
 * The additional data binds a value to its column ("visits.photo"), so a value copied to another column fails.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PERSONAL_DATA_KEY_FILE = 'personal-data.key';
const VERSION = 0x01;
const HEADER = 1 + 2 + 12 + 16;

export class PersonalDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataError';
  }
}

export interface KeyRing {
  /** The key new values are sealed with (the last line of the file). */
  currentId: number;
  keys: ReadonlyMap<number, Buffer>;
}

/** Parses "<id> <64 hex>" lines; blank lines and # comments are ignored. */
export function parseKeyRing(text: string, source = PERSONAL_DATA_KEY_FILE): KeyRing {
  const keys = new Map<number, Buffer>();
  let currentId = -1;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\d{1,5})\s+([0-9a-fA-F]{64})$/.exec(line);
    const id = match ? Number(match[1]) : NaN;
    if (!match || id > 0xffff || keys.has(id)) throw new PersonalDataError(`${source} line ${index + 1} is not "<key id> <64 hex characters>" with a new id`);
    keys.set(id, Buffer.from(match[2] as string, 'hex'));
    currentId = id;
  }
  if (currentId < 0) throw new PersonalDataError(`${source} holds no key; restore it from the backup`);
  return { currentId, keys };
}

/** Loads the key ring, creating it with one fresh key on first start (mode 0600). */
export function loadOrCreateKeyRing(dataDir: string): KeyRing {
  const path = join(dataDir, PERSONAL_DATA_KEY_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, `# FrontGate personal-data keys: "<id> <key>", newest last. Back this file up apart from the database.\n1 ${randomBytes(32).toString('hex')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  }
  try {
    chmodSync(path, 0o600);
  } catch {
    // not a POSIX file system
  }
  return parseKeyRing(readFileSync(path, 'utf8'), path);
}

/** Adds a new key and makes it current; existing values stay readable with their own key. Returns the new id. */
export function rotateKeyRing(dataDir: string): number {
  const path = join(dataDir, PERSONAL_DATA_KEY_FILE);
  const ring = loadOrCreateKeyRing(dataDir);
  const id = Math.max(...ring.keys.keys()) + 1;
  if (id > 0xffff) throw new PersonalDataError('the key ring is full');
  // Written beside, flushed, then renamed over: a crash leaves the old ring or the new one, never half a file.
  const next = `${path}.next`;
  writeFileSync(next, `${readFileSync(path, 'utf8').trimEnd()}\n${id} ${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flush: true });
  renameSync(next, path);
  return id;
}

export class PersonalDataCipher {
  constructor(private readonly ring: KeyRing) {}

  get currentKeyId(): number {
    return this.ring.currentId;
  }

  seal(plain: Buffer | string, column: string): Buffer {
    const key = this.ring.keys.get(this.ring.currentId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(column));
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    const header = Buffer.alloc(3);
    header[0] = VERSION;
    header.writeUInt16BE(this.ring.currentId, 1);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, column: string): Buffer {
    if (sealed.length < HEADER || sealed[0] !== VERSION) throw new PersonalDataError(`${column}: not a sealed value`);
    const keyId = sealed.readUInt16BE(1);
    const key = this.ring.keys.get(keyId);
    if (!key) throw new PersonalDataError(`${column}: sealed with key ${keyId}, which is not in the key ring`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
    decipher.setAAD(Buffer.from(column));
    decipher.setAuthTag(sealed.subarray(15, HEADER));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
    } catch {
      throw new PersonalDataError(`${column}: the sealed value is damaged or belongs elsewhere`);
    }
  }

  sealText(value: string | null, column: string): Buffer | null {
    return value === null ? null : this.seal(value, column);
  }

  openText(value: Buffer | null, column: string): string | null {
    return value === null ? null : this.open(value, column).toString('utf8');
  }

  /** Which key sealed a value (for re-sealing after a rotation). */
  static keyIdOf(sealed: Buffer): number {
    return sealed.readUInt16BE(1);
  }
}
