/** Loopback by default; HTTPS on any other address, with a certificate stations pin by fingerprint. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/app.js';
import { loadConfig } from '../../gateway/config.js';
import { TLS_CERT_FILE, TLS_KEY_FILE, TlsSetupError, isLoopbackHost, resolveTls } from '../../gateway/tls.js';
import { call, startTestGateway } from '../support/gateway.js';
import { lanAddress, opensslAvailable, pinnedCertificate, pinnedRequest } from '../support/tls.js';
import { skipWithout } from '../support/tools.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-tls-'));
  dirs.push(dir);
  return dir;
};
const settings = (dataDir: string, host: string, more: { tlsCert?: string; tlsKey?: string } = {}) => ({ dataDir, host, siteCode: 'SONGHONG', tlsCert: more.tlsCert ?? null, tlsKey: more.tlsKey ?? null });
const lan = lanAddress();
const openssl = opensslAvailable();

describe('network exposure', () => {
  it('counts 127.0.0.0/8, ::1 and localhost as loopback, and nothing else', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'fd00::2', '::ffff:192.168.1.20', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('speaks plain HTTP on loopback without TLS material', () => {
    expect(resolveTls(settings(tempDir(), '127.0.0.1'))).toBeNull();
  });

  it('refuses a LAN address when no certificate is configured and openssl cannot make one', async () => {
    const dir = tempDir();
    expect(() => resolveTls(settings(dir, '0.0.0.0'), { openssl: join(dir, 'no-openssl') })).toThrow(
      /listens on 0\.0\.0\.0, which other computers can reach, so it needs TLS\. openssl was not found .*apt-get install openssl.*tlsCert and tlsKey.*set host to 127\.0\.0\.1/,
    );
    expect(() => resolveTls(settings(dir, '127.0.0.1', { tlsCert: join(dir, 'cert.pem') }))).toThrow(/tlsCert and tlsKey go together/);
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, port: 0, host: '0.0.0.0', logLevel: 'silent' } });
    await expect(startGateway(config, { openssl: join(dir, 'no-openssl'), logger: pino({ level: 'silent' }) })).rejects.toThrow(TlsSetupError);
    // Nothing was left holding the data directory.
    const loopback = await startGateway({ ...config, host: '127.0.0.1' }, { logger: pino({ level: 'silent' }) });
    expect(loopback.tls).toBeNull();
    await loopback.close();
  });

  it.skipIf(skipWithout(openssl))('makes a self-signed certificate once, keeps its key private, and refuses a key of another certificate', () => {
    const a = tempDir();
    const made = resolveTls(settings(a, '0.0.0.0'));
    expect(made).toMatchObject({ source: 'generated', fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    expect(statSync(join(a, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(resolveTls(settings(a, '0.0.0.0'))).toMatchObject({ source: 'self-signed', fingerprint256: made?.fingerprint256 });
    const b = tempDir();
    resolveTls(settings(b, '0.0.0.0'));
    const mixed = settings(tempDir(), '127.0.0.1', { tlsCert: join(a, TLS_CERT_FILE), tlsKey: join(b, TLS_KEY_FILE) });
    expect(() => resolveTls(mixed)).toThrow(/cannot be used together/);
    expect(resolveTls({ ...mixed, tlsKey: join(a, TLS_KEY_FILE) })).toMatchObject({ source: 'configured', fingerprint256: made?.fingerprint256 });
  });

  it.skipIf(skipWithout(openssl && lan !== undefined))('serves HTTPS on a LAN address to a client that pins the fingerprint, and to no other', async () => {
    const gw = await startTestGateway({ overrides: { host: lan } });
    try {
      expect(gw.base).toMatch(new RegExp(`^https://${lan?.replace(/\./g, '\\.')}:\\d+$`));
      const fingerprint = gw.tls?.fingerprint256 as string;
      const health = await pinnedRequest(`${gw.base}/api/health`, fingerprint);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', tls: { fingerprint256: fingerprint } } });

      // Default verification refuses a self-signed certificate; a wrong pin is refused before anything is sent.
      await expect(fetch(`${gw.base}/api/health`)).rejects.toMatchObject({ cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
      const wrongPin = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
      const { port } = new URL(gw.base);
      await expect(pinnedCertificate(lan as string, Number(port), wrongPin)).rejects.toThrow(/is not the pinned/);
      // No plain HTTP on that port.
      await expect(call(gw.base.replace('https:', 'http:'), 'GET', '/api/health')).rejects.toThrow();
    } finally {
      await gw.stop();
    }
  });
});
