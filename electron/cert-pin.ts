/**
 * Certificate pinning for a gateway on the LAN. A gateway off loopback speaks HTTPS, usually with a self-signed
 * certificate whose SHA-256 fingerprint it prints at start and shows in /api/health (gateway/tls.ts). The kiosk is
 * configured with that fingerprint (`--gateway-fingerprint`), and then trusts exactly that certificate for the
 * gateway's host: a different certificate (another machine, a proxy, even one signed by a public CA) is refused.
 * Without a pin Chromium's own verification stands (a gateway with a CA-signed certificate needs none).
 */
import { X509Certificate } from 'node:crypto';
import type { Session } from 'electron';
import type { Logger } from './clock.js';

/** Results of Electron's certificate verify proc: accept, refuse, or leave it to Chromium. */
export const CERT_ACCEPT = 0;
export const CERT_REFUSE = -2;
export const CERT_CHROMIUM_DEFAULT = -3;
export type CertDecision = typeof CERT_ACCEPT | typeof CERT_REFUSE | typeof CERT_CHROMIUM_DEFAULT;

export interface CertificatePin {
  /** Host name as in the kiosk URL (`frontgate.lan`, `192.168.1.20`, `[fe80::1]` without brackets). */
  host: string;
  /** `AB:CD:…`, 32 upper-case hex bytes. */
  fingerprint256: string;
}

const HEX64 = /^[0-9A-F]{64}$/;

/** `ab:cd:…`, `ABCD…` or with spaces → `AB:CD:…`; null when it is not a SHA-256 fingerprint. */
export function normalizeFingerprint(value: string): string | null {
  const hex = value.trim().toUpperCase().replace(/^SHA-?256[:= ]*/, '').replace(/[\s:]/g, '');
  if (!HEX64.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** The SHA-256 fingerprint of a PEM certificate (what Electron hands the verify proc), or null if it is unreadable. */
export function fingerprintOfPem(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
}

/** The decision for one TLS connection: only the pinned host is judged here; every other host keeps Chromium's rules. */
export function decideCertificate(request: VerifyRequest, pin: CertificatePin | null): CertDecision {
  if (pin === null || request.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== pin.host) return CERT_CHROMIUM_DEFAULT;
  return fingerprintOfPem(request.certificate.data) === pin.fingerprint256 ? CERT_ACCEPT : CERT_REFUSE;
}

/** The pin for a kiosk URL and a configured fingerprint (none for plain http or without a fingerprint). */
export function pinFor(url: string, fingerprint256: string | undefined): CertificatePin | null {
  const parsed = new URL(url);
  if (fingerprint256 === undefined || parsed.protocol !== 'https:') return null;
  return { host: parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase(), fingerprint256 };
}

export function installCertificatePin(session: Pick<Session, 'setCertificateVerifyProc'>, pin: CertificatePin | null, logger: Logger): void {
  if (pin === null) return;
  session.setCertificateVerifyProc((request, callback) => {
    const decision = decideCertificate(request, pin);
    if (decision === CERT_REFUSE) {
      logger.error('the gateway presented a certificate other than the paired one; connection refused', {
        host: request.hostname,
        expected: pin.fingerprint256,
        got: fingerprintOfPem(request.certificate.data) ?? 'unreadable',
      });
    }
    callback(decision);
  });
}
