/**
 * Network exposure. On loopback (the default) the gateway speaks plain HTTP. On any other address it speaks HTTPS
 * only: with the certificate and key the operator configured (`tlsCert`, `tlsKey`), or else with a self-signed
 * certificate made on first start in the data directory by `openssl` (Debian always has it). Stations pair by
 * comparing the certificate's SHA-256 fingerprint, printed at start and shown in /api/health. Without TLS material
 * and without openssl the gateway refuses to start on a LAN address.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Config } from './config.js';

export const TLS_CERT_FILE = 'tls-cert.pem';
export const TLS_KEY_FILE = 'tls-key.pem';
/** Self-signed certificates live ten years: pairing is by fingerprint, and a new certificate means pairing again. */
const SELF_SIGNED_DAYS = 3650;

export class TlsSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsSetupError';
  }
}

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  /** `AB:CD:…` (SHA-256 of the certificate), what stations compare when they pair. */
  fingerprint256: string;
  validTo: Date;
  certPath: string;
  /** `configured` (tlsCert/tlsKey), `generated` (made now), `self-signed` (made on an earlier start). */
  source: 'configured' | 'generated' | 'self-signed';
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: reachable from this PC only. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) !== 6) return false;
  // The URL parser writes IPv6 in its shortest form, IPv4-mapped ones in hex: ::ffff:127.0.0.1 → ::ffff:7f00:1.
  const canonical = new URL(`http://[${host}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

export interface TlsOptions {
  /** The openssl executable (tests point it elsewhere to play "openssl missing"). */
  openssl?: string;
  now?: Date;
}

/**
 * The TLS material the gateway must use, or null for plain HTTP on loopback. Throws TlsSetupError with what to do
 * when TLS is needed and cannot be had.
 */
export function resolveTls(config: Pick<Config, 'host' | 'dataDir' | 'tlsCert' | 'tlsKey' | 'siteCode'>, options: TlsOptions = {}): TlsMaterial | null {
  const now = options.now ?? new Date();
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) throw new TlsSetupError('tlsCert and tlsKey go together: set both (a PEM certificate and its private key) or neither');
  if (config.tlsCert && config.tlsKey) return load(config.tlsCert, config.tlsKey, 'configured', now);
  if (isLoopbackHost(config.host)) return null;
  const certPath = join(config.dataDir, TLS_CERT_FILE);
  const keyPath = join(config.dataDir, TLS_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) return load(certPath, keyPath, 'self-signed', now);
  generateSelfSigned(config, certPath, keyPath, options.openssl ?? 'openssl');
  return load(certPath, keyPath, 'generated', now);
}

function load(certPath: string, keyPath: string, source: TlsMaterial['source'], now: Date): TlsMaterial {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new TlsSetupError(`cannot read the TLS ${what} ${path}: ${(error as Error).message}`);
    }
  };
  const cert = read(certPath, 'certificate');
  const key = read(keyPath, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
    createPrivateKey(key);
    createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsSetupError(`the TLS certificate ${certPath} and key ${keyPath} cannot be used together: ${(error as Error).message}`);
  }
  const validTo = new Date(x509.validTo);
  if (validTo.getTime() <= now.getTime()) {
    const fix = source === 'configured' ? 'renew it' : `delete ${certPath} and ${keyPath} to make a new one (stations then pair again)`;
    throw new TlsSetupError(`the TLS certificate ${certPath} expired on ${validTo.toISOString()}: ${fix}`);
  }
  return { key, cert, fingerprint256: x509.fingerprint256, validTo, certPath, source };
}

/** Names the certificate is valid for: this PC's name, localhost and every address it has. */
function subjectAltNames(host: string): string {
  const names = new Set<string>([`DNS:${hostname()}`, 'DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
  if (isIP(host) && host !== '0.0.0.0' && host !== '::') names.add(`IP:${host}`);
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) if (!address.internal && !address.address.startsWith('fe80:')) names.add(`IP:${address.address}`);
  }
  return [...names].join(',');
}

function generateSelfSigned(config: Pick<Config, 'host' | 'dataDir' | 'siteCode'>, certPath: string, keyPath: string, openssl: string): void {
  const tmpCert = `${certPath}.new`;
  const tmpKey = `${keyPath}.new`;
  const result = spawnSync(
    openssl,
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-sha256', '-nodes',
      '-days', String(SELF_SIGNED_DAYS), '-subj', `/O=FrontGate/CN=FrontGate ${config.siteCode}`,
      '-addext', `subjectAltName=${subjectAltNames(config.host)}`, '-addext', 'extendedKeyUsage=serverAuth',
      '-keyout', tmpKey, '-out', tmpCert,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const cleanup = () => [tmpCert, tmpKey].forEach((p) => rmSync(p, { force: true }));
  if (result.error || result.status !== 0) {
    cleanup();
    const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    throw new TlsSetupError(
      `FrontGate listens on ${config.host}, which other computers can reach, so it needs TLS. ` +
        (missing
          ? `openssl was not found to make a certificate: install it (sudo apt-get install openssl) or set tlsCert and tlsKey to a certificate and its key.`
          : `openssl could not make a certificate (${(result.error?.message ?? result.stderr).trim()}): set tlsCert and tlsKey to a certificate and its key.`) +
        ' To keep the gateway on this PC only, set host to 127.0.0.1.',
    );
  }
  chmodSync(tmpKey, 0o600);
  renameSync(tmpKey, keyPath);
  renameSync(tmpCert, certPath);
}
