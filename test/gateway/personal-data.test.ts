/** AES-256-GCM sealing of personal data with a rotating key ring beside the database. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PERSONAL_DATA_KEY_FILE, PersonalDataCipher, PersonalDataError, loadOrCreateKeyRing, parseKeyRing, rotateKeyRing } from '../../gateway/personal-data.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-keys-'));
  dirs.push(dir);
  return dir;
};

describe('personal data at rest', () => {
  it('creates a private key ring once and seals values that only open in their own column', () => {
    const dir = dataDir();
    const cipher = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    expect(statSync(join(dir, PERSONAL_DATA_KEY_FILE)).mode & 0o777).toBe(0o600);
    const sealed = cipher.seal('079301001234', 'visits.doc_number');
    expect(sealed.includes(Buffer.from('079301001234'))).toBe(false);
    expect(cipher.open(sealed, 'visits.doc_number').toString()).toBe('079301001234');
    expect(cipher.seal('079301001234', 'visits.doc_number').equals(sealed)).toBe(false); // fresh IV each time
    expect(() => cipher.open(sealed, 'visits.photo')).toThrow(PersonalDataError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => cipher.open(tampered, 'visits.doc_number')).toThrow(/damaged/);
    expect(new PersonalDataCipher(loadOrCreateKeyRing(dir)).open(sealed, 'visits.doc_number').toString()).toBe('079301001234');
  });

  it('rotates: new values use the new key, old values still open, a missing key is named', () => {
    const dir = dataDir();
    const before = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    const old = before.seal('old', 'c');
    expect(rotateKeyRing(dir)).toBe(2);
    const after = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    const fresh = after.seal('new', 'c');
    expect([PersonalDataCipher.keyIdOf(old), PersonalDataCipher.keyIdOf(fresh)]).toEqual([1, 2]);
    expect(after.open(old, 'c').toString()).toBe('old');
    const onlyNew = readFileSync(join(dir, PERSONAL_DATA_KEY_FILE), 'utf8').split('\n').filter((l) => l.startsWith('2 ')).join('\n');
    writeFileSync(join(dir, PERSONAL_DATA_KEY_FILE), onlyNew);
    expect(() => new PersonalDataCipher(loadOrCreateKeyRing(dir)).open(old, 'c')).toThrow(/key 1/);
  });

  it('refuses a damaged key file with its line number', () => {
    expect(() => parseKeyRing('1 abc')).toThrow(/line 1/);
    expect(() => parseKeyRing(`1 ${'a'.repeat(64)}\n1 ${'b'.repeat(64)}`)).toThrow(/line 2/);
    expect(() => parseKeyRing('# nothing\n')).toThrow(/no key/);
  });
});
