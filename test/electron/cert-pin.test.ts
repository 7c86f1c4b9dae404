import { describe, expect, it } from 'vitest';
import { CERT_ACCEPT, CERT_CHROMIUM_DEFAULT, CERT_REFUSE, decideCertificate, fingerprintOfPem, installCertificatePin, normalizeFingerprint, pinFor } from '../../electron/cert-pin.js';
import { testCertificate } from './certificates.js';
import { MemoryLogger } from './fakes.js';

describe('gateway certificate pinning', () => {
  it('normalizes the fingerprint forms an operator may copy, and refuses anything else', () => {
    const colons = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
    expect(normalizeFingerprint(colons)).toBe(colons);
    expect(normalizeFingerprint(colons.toLowerCase().replace(/:/g, ''))).toBe(colons);
    expect(normalizeFingerprint(` sha256=${colons.replace(/:/g, ' ')} `)).toBe(colons);
    expect(normalizeFingerprint(colons.slice(3))).toBeNull(); // 31 bytes
    expect(normalizeFingerprint(colons.replace('AB', 'XY'))).toBeNull();
    expect(normalizeFingerprint('')).toBeNull();
  });

  it('trusts exactly the paired certificate for the gateway host, refuses any other, and leaves other hosts to Chromium', async () => {
    const paired = await testCertificate();
    const impostor = await testCertificate(); // same name, another key: a rogue machine or an intercepting proxy
    const pin = pinFor('https://FrontGate.lan:8443/kiosk', paired.fingerprint);
    expect(pin).toEqual({ host: 'frontgate.lan', fingerprint256: paired.fingerprint });
    expect(decideCertificate({ hostname: 'frontgate.lan', certificate: { data: paired.pem } }, pin)).toBe(CERT_ACCEPT);
    expect(decideCertificate({ hostname: 'frontgate.lan', certificate: { data: impostor.pem } }, pin)).toBe(CERT_REFUSE);
    expect(decideCertificate({ hostname: 'frontgate.lan', certificate: { data: 'not a certificate' } }, pin)).toBe(CERT_REFUSE);
    expect(decideCertificate({ hostname: 'fonts.example.org', certificate: { data: impostor.pem } }, pin)).toBe(CERT_CHROMIUM_DEFAULT);
    expect(decideCertificate({ hostname: 'frontgate.lan', certificate: { data: impostor.pem } }, null)).toBe(CERT_CHROMIUM_DEFAULT);
    expect(fingerprintOfPem(paired.pem)).toBe(paired.fingerprint);
  });

  it('pins IPv6 hosts without brackets and never pins plain http', async () => {
    const { pem, fingerprint } = await testCertificate();
    const pin = pinFor('https://[fe80::1]:4820/', fingerprint);
    expect(pin?.host).toBe('fe80::1');
    expect(decideCertificate({ hostname: '[fe80::1]', certificate: { data: pem } }, pin)).toBe(CERT_ACCEPT);
    expect(pinFor('http://127.0.0.1:4820/', fingerprint)).toBeNull();
    expect(pinFor('https://frontgate.lan/', undefined)).toBeNull();
  });

  it('logs a refused certificate with both fingerprints, and installs nothing without a pin', async () => {
    const paired = await testCertificate();
    const other = await testCertificate();
    const logger = new MemoryLogger();
    let proc: ((request: { hostname: string; certificate: { data: string } }, callback: (r: number) => void) => void) | undefined;
    const session = { setCertificateVerifyProc: (p: typeof proc) => (proc = p) };
    installCertificatePin(session as never, null, logger);
    expect(proc).toBeUndefined();
    installCertificatePin(session as never, pinFor('https://frontgate.lan/', paired.fingerprint), logger);
    const results: number[] = [];
    proc?.({ hostname: 'frontgate.lan', certificate: { data: other.pem } }, (r) => results.push(r));
    expect(results).toEqual([CERT_REFUSE]);
    expect(logger.entries).toEqual([
      { level: 'error', message: expect.stringMatching(/other than the paired one/), fields: { host: 'frontgate.lan', expected: paired.fingerprint, got: other.fingerprint } },
    ]);
  });
});
