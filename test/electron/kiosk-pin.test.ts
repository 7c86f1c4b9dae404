import { describe, expect, it } from 'vitest';
import { KioskExitGate, hashKioskPin, parseKioskPinHash, verifyKioskPin } from '../../electron/kiosk-pin.js';
import { ManualClock } from './fakes.js';

const CHEAP = { N: 1024, r: 8, p: 1 };
const fixedSalt = (size: number) => Buffer.alloc(size, 7);

describe('kiosk exit PIN hashing', () => {
  it('hashes with a random salt and verifies the right PIN only', async () => {
    const hash = await hashKioskPin('2468', undefined, CHEAP);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hashKioskPin('2468', undefined, CHEAP)).not.toBe(hash);
    expect(await verifyKioskPin('2468', hash)).toBe(true);
    expect(await verifyKioskPin('2469', hash)).toBe(false);
    expect(await verifyKioskPin('', hash)).toBe(false);
  });

  it('is deterministic for a given salt and normalises Unicode', async () => {
    const a = await hashKioskPin('mã-1', fixedSalt, CHEAP);
    expect(await hashKioskPin('mã-1', fixedSalt, CHEAP)).toBe(a);
    // "ã" composed vs decomposed (a + combining tilde) is the same PIN.
    expect(await verifyKioskPin('ma\u0303-1', a)).toBe(true);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    expect(parseKioskPinHash('plain-text-pin')).toBeNull();
    expect(parseKioskPinHash('scrypt$1000$8$1$AAECAwQFBgcICQoLDA0ODw$XW2Vxo7t07ICl9pIX-QvNY2deNDzgYAlLiEn1kVmTK8')).toBeNull();
    expect(parseKioskPinHash('scrypt$1024$99$1$AAECAwQFBgcICQoLDA0ODw$XW2Vxo7t07ICl9pIX-QvNY2deNDzgYAlLiEn1kVmTK8')).toBeNull();
    expect(await verifyKioskPin('2468', 'nonsense')).toBe(false);
  });
});

describe('KioskExitGate', () => {
  const hashPromise = hashKioskPin('2468', fixedSalt, CHEAP);

  it('is disabled without a configured hash', async () => {
    const gate = new KioskExitGate({ pinHash: undefined, now: () => 0 });
    expect(await gate.check('2468')).toEqual({ error: 'disabled' });
  });

  it('opens for the right PIN and says wrong-pin otherwise', async () => {
    const gate = new KioskExitGate({ pinHash: await hashPromise, now: () => 0 });
    expect(await gate.check('1111')).toEqual({ error: 'wrong-pin' });
    expect(await gate.check('2468')).toEqual({ ok: true });
  });

  it('locks after repeated wrong PINs, even against the right one, then unlocks', async () => {
    const clock = new ManualClock();
    const gate = new KioskExitGate({ pinHash: await hashPromise, now: clock.now, maxAttempts: 3, lockMs: 60_000 });
    expect(await gate.check('0000')).toEqual({ error: 'wrong-pin' });
    expect(await gate.check('0001')).toEqual({ error: 'wrong-pin' });
    expect(await gate.check('0002')).toEqual({ error: 'locked', retryAfterSeconds: 60 });
    await clock.advance(30_000);
    expect(await gate.check('2468')).toEqual({ error: 'locked', retryAfterSeconds: 30 });
    await clock.advance(30_000);
    expect(await gate.check('2468')).toEqual({ ok: true });
  });

  it('resets the failure count after a success', async () => {
    const gate = new KioskExitGate({ pinHash: await hashPromise, now: () => 0, maxAttempts: 2 });
    expect(await gate.check('0000')).toEqual({ error: 'wrong-pin' });
    expect(await gate.check('2468')).toEqual({ ok: true });
    expect(await gate.check('0000')).toEqual({ error: 'wrong-pin' });
  });
});
