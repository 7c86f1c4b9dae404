import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The site's secret key, kept beside the database, never in it: it keys the hashes that let FrontGate match ID
 * numbers (watchlist, visitor look-up) without storing them. Created on first start with mode 0600.
 */
export function loadOrCreateSecretKey(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${path} is not a FrontGate key (expected 64 hex characters); restore it from the backup`);
  try {
    chmodSync(path, 0o600);
  } catch {
    // not a POSIX file system
  }
  return key;
}

/** Keyed hash of an ID document number, normalised (upper case, no spaces or dashes). */
export function idNumberHash(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}
