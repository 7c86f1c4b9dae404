/**
 * The kiosk exit PIN. Config holds only a scrypt hash (`scrypt$N$r$p$salt$hash`, base64url); the PIN is compared
 * with timingSafeEqual, and repeated wrong PINs lock the exit for a while.
 */
import { randomBytes as nodeRandomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { KioskExitResult } from '../gateway/contract/kiosk-bridge.js';

const KEY_LENGTH = 32;
const DEFAULT_COST = { N: 16384, r: 8, p: 1 } as const;

/** `scrypt$<N>$<r>$<p>$<salt>$<hash>` with base64url salt (≥ 16 bytes) and hash (32 bytes). */
export const KIOSK_PIN_HASH_PATTERN = /^scrypt\$(\d{1,7})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{22,})\$([A-Za-z0-9_-]{43})$/;

type ParsedHash = { N: number; r: number; p: number; salt: Buffer; hash: Buffer };

export function parseKioskPinHash(value: string): ParsedHash | null {
  const match = KIOSK_PIN_HASH_PATTERN.exec(value);
  if (match === null) return null;
  const [, n, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const N = Number(n);
  // scrypt needs N a power of two > 1; keep the cost sane so a bad config cannot stall the shell.
  if (N < 2 || N > 262_144 || (N & (N - 1)) !== 0) return null;
  const parsed = { N, r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  if (parsed.r < 1 || parsed.r > 16 || parsed.p < 1 || parsed.p > 4 || parsed.salt.length < 16 || parsed.hash.length !== KEY_LENGTH) return null;
  return parsed;
}

function scryptAsync(pin: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** Makes the value for FRONTGATE_KIOSK_EXIT_PIN_HASH. */
export async function hashKioskPin(
  pin: string,
  randomBytes: (size: number) => Buffer = nodeRandomBytes,
  cost: { N: number; r: number; p: number } = DEFAULT_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(pin, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyKioskPin(pin: string, storedHash: string): Promise<boolean> {
  const parsed = parseKioskPinHash(storedHash);
  if (parsed === null) return false;
  const candidate = await scryptAsync(pin, parsed.salt, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

export type KioskExitGateOptions = {
  /** The configured hash; without it the exit is disabled. */
  pinHash: string | undefined;
  now: () => number;
  /** Wrong PINs allowed before a lock. */
  maxAttempts?: number;
  lockMs?: number;
  verify?: (pin: string, hash: string) => Promise<boolean>;
};

/** Checks exit PINs and locks out guessing: after `maxAttempts` wrong PINs, every attempt is refused for `lockMs`. */
export class KioskExitGate {
  private failures = 0;
  private lockedUntil = 0;
  private readonly maxAttempts: number;
  private readonly lockMs: number;
  private readonly verify: (pin: string, hash: string) => Promise<boolean>;

  constructor(private readonly options: KioskExitGateOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.lockMs = options.lockMs ?? 5 * 60_000;
    this.verify = options.verify ?? verifyKioskPin;
  }

  async check(pin: string): Promise<KioskExitResult> {
    const { pinHash, now } = this.options;
    if (pinHash === undefined) return { error: 'disabled' };
    const remaining = this.lockedUntil - now();
    if (remaining > 0) return { error: 'locked', retryAfterSeconds: Math.ceil(remaining / 1000) };
    if (await this.verify(pin, pinHash)) {
      this.failures = 0;
      return { ok: true };
    }
    this.failures += 1;
    if (this.failures >= this.maxAttempts) {
      this.failures = 0;
      this.lockedUntil = now() + this.lockMs;
      return { error: 'locked', retryAfterSeconds: Math.ceil(this.lockMs / 1000) };
    }
    return { error: 'wrong-pin' };
  }
}
