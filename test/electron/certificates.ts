/** Real self-signed certificates for the pinning tests, made by openssl as the gateway makes its own (gateway/tls.ts). */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function testCertificate(cn = 'frontgate.lan'): Promise<{ pem: string; fingerprint: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${cn}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const pem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return { pem, fingerprint: new X509Certificate(pem).fingerprint256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
