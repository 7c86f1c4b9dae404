/**
 * A client that trusts the gateway's certificate only by its pinned SHA-256 fingerprint, as a station does after
 * pairing: it fetches the certificate without sending anything, compares the fingerprint, then makes each request
 * with exactly that certificate as the only trusted one (and the fingerprint checked again on the connection).
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:https';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:tls';

export const opensslAvailable = (): boolean => spawnSync('openssl', ['version']).status === 0;

/** This machine's first non-loopback IPv4 address (a LAN address), if it has one. */
export function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

export async function pinnedCertificate(host: string, port: number, fingerprint256: string): Promise<string> {
  // Verification is replaced by the fingerprint comparison below; nothing is sent on this connection.
  const socket = connect({ host, port, rejectUnauthorized: false });
  try {
    await once(socket, 'secureConnect');
    const peer = socket.getPeerCertificate();
    if (peer.fingerprint256 !== fingerprint256) throw new Error(`the certificate ${peer.fingerprint256} is not the pinned ${fingerprint256}`);
    return new X509Certificate(peer.raw).toString();
  } finally {
    socket.destroy();
  }
}

export async function pinnedRequest(url: string, fingerprint256: string, method = 'GET'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any endpoint
  const { hostname, port } = new URL(url);
  const ca = await pinnedCertificate(hostname, Number(port), fingerprint256);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        // A fresh connection each time: a resumed TLS session would skip checkServerIdentity.
        agent: false,
        checkServerIdentity: (_host, cert) => (cert.fingerprint256 === fingerprint256 ? undefined : new Error(`certificate ${cert.fingerprint256} is not the pinned one`)),
      },
      (response) => {
        let text = '';
        response.on('data', (d) => (text += String(d)));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
