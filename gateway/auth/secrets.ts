import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters (OWASP: N=2^17, r=8, p=1); stored with the hash so they can be raised later. */
const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * A stored hash that no password matches (a random key), with the current parameters: checking a password against it
 * costs what checking against a real one costs, so timing does not tell unknown usernames apart, and making it costs
 * nothing (hashing a throwaway password instead took a scrypt run, ≈ 0.5 s of CPU and 128 MiB, at every start).
 */
export const UNMATCHABLE_HASH = `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LENGTH).toString('base64')}`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const N2 = Number(n);
  const R2 = Number(r);
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: N2, r: R2, p: Number(p), maxmem: 256 * N2 * R2 });
  return timingSafeEqual(actual, expected);
}

/** Session and station tokens: 256 random bits; only their SHA-256 is stored. */
/** fgs_ staff session, fgt_ station, fgc_ door controller. */
export function newToken(prefix: 'fgs' | 'fgt' | 'fgc'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Pairing codes avoid 0/O/1/I so they can be read aloud and typed on a touchscreen. */
const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}
