import { describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_URL, parseKioskConfig, readFlags } from '../../electron/config.js';

// A real hash of "2468" with cheap scrypt parameters (N=1024), made by hashKioskPin.
const PIN_HASH = 'scrypt$1024$8$1$AAECAwQFBgcICQoLDA0ODw$XW2Vxo7t07ICl9pIX-QvNY2deNDzgYAlLiEn1kVmTK8';

function ok(argv: string[], env: Record<string, string> = {}) {
  const result = parseKioskConfig(argv, env);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

function errorOf(argv: string[], env: Record<string, string> = {}): string {
  const result = parseKioskConfig(argv, env);
  if (result.ok) throw new Error('expected a configuration error');
  return result.message;
}

describe('parseKioskConfig', () => {
  it('defaults to the local gateway in kiosk mode, without starting a gateway', () => {
    expect(ok([], {})).toEqual({
      url: DEFAULT_GATEWAY_URL,
      gatewayOrigin: 'http://127.0.0.1:4820',
      kiosk: true,
      startGateway: false,
      exitPinHash: undefined,
      nodePath: 'node',
      appRoot: undefined,
      gatewayFingerprint: undefined,
    });
  });

  it('takes the gateway certificate fingerprint for an https gateway, normalized, and refuses a bad one or plain http', () => {
    const hex = 'ab'.repeat(32);
    const colons = Array(32).fill('AB').join(':');
    expect(ok(['--url', 'https://frontgate.lan:4820/', '--gateway-fingerprint', hex]).gatewayFingerprint).toBe(colons);
    expect(ok([], { FRONTGATE_KIOSK_URL: 'https://frontgate.lan/', FRONTGATE_GATEWAY_FINGERPRINT: colons }).gatewayFingerprint).toBe(colons);
    expect(errorOf(['--url', 'https://frontgate.lan/', '--gateway-fingerprint', 'abc'])).toContain('gatewayFingerprint (--gateway-fingerprint) = "abc": must be the SHA-256 fingerprint');
    expect(errorOf(['--gateway-fingerprint', hex])).toContain('gatewayFingerprint (--gateway-fingerprint): pins an https:// gateway; url is "http://127.0.0.1:4820/"');
  });

  it('reads the environment', () => {
    const config = ok([], {
      FRONTGATE_KIOSK_URL: 'https://frontgate.lan:8443/kiosk',
      FRONTGATE_KIOSK_MODE: 'off',
      FRONTGATE_KIOSK_EXIT_PIN_HASH: PIN_HASH,
      FRONTGATE_NODE: '/usr/bin/node',
    });
    expect(config).toMatchObject({ url: 'https://frontgate.lan:8443/kiosk', gatewayOrigin: 'https://frontgate.lan:8443', kiosk: false, exitPinHash: PIN_HASH, nodePath: '/usr/bin/node' });
  });

  it('lets flags win over the environment, in both --flag=value and --flag value forms', () => {
    const env = { FRONTGATE_KIOSK_URL: 'http://127.0.0.1:1111/', FRONTGATE_KIOSK_MODE: 'on' };
    expect(ok(['.', '--url=http://localhost:5000/', '--no-kiosk'], env)).toMatchObject({ url: 'http://localhost:5000/', kiosk: false });
    expect(ok(['--url', 'http://[::1]:4820/', '--start-gateway', '--app-root', '/opt/frontgate'], env)).toMatchObject({
      url: 'http://[::1]:4820/',
      startGateway: true,
      appRoot: '/opt/frontgate',
    });
  });

  it('ignores Chromium switches and the app path Electron puts on argv', () => {
    expect(ok(['/opt/FrontGate/resources/app.asar', '--enable-logging', '--lang=vi', '--kiosk'])).toMatchObject({ kiosk: true });
    expect(readFlags(['--urls=x', '--kiosks']).values).toEqual({});
  });

  it('treats an empty environment variable as unset', () => {
    expect(ok([], { FRONTGATE_KIOSK_URL: '' }).url).toBe(DEFAULT_GATEWAY_URL);
  });

  it.each([
    [['--url=ftp://127.0.0.1/'], {}, 'url (--url) = "ftp://127.0.0.1/": must be an http:// or https:// URL'],
    [[], { FRONTGATE_KIOSK_URL: 'not a url' }, 'url (FRONTGATE_KIOSK_URL) = "not a url": must be an absolute http:// or https:// URL'],
    [['--url=file:///etc/passwd'], {}, 'must be an http:// or https:// URL'],
    [['--url=http://admin:pw@127.0.0.1:4820/'], {}, 'must not contain a user name or password'],
    [['--url=http://192.168.1.20:4820/'], {}, 'url (--url) = "http://192.168.1.20:4820/": must use https:// unless the gateway is on this PC'],
    [['--url=http://127.0.0.1:4820/#x'], {}, 'must not contain a #fragment'],
    [[], { FRONTGATE_KIOSK_MODE: 'maybe' }, 'kiosk (FRONTGATE_KIOSK_MODE) = "maybe": must be one of on, off, true, false, 1, 0, yes, no'],
    [['--start-gateway=sometimes'], {}, 'startGateway (--start-gateway) = "sometimes": must be one of on, off'],
    [['--url'], {}, '--url needs a value'],
    [['--url', '--kiosk'], {}, '--url needs a value'],
    [['--node='], {}, 'nodePath (--node) = "": must not be empty'],
  ])('names the key, the value and what is allowed: %j %j', (argv, env, expected) => {
    const message = errorOf(argv, env as Record<string, string>);
    expect(message).toContain('FrontGate kiosk: invalid configuration');
    expect(message).toContain(expected);
  });

  it('refuses to start a gateway for a URL on another PC', () => {
    expect(errorOf(['--start-gateway', '--url=https://frontgate.lan/'])).toContain(
      'startGateway (--start-gateway): needs url on this PC (127.0.0.1, localhost, [::1]), got "https://frontgate.lan/"',
    );
  });

  it('rejects a malformed exit PIN hash without echoing it', () => {
    const message = errorOf([], { FRONTGATE_KIOSK_EXIT_PIN_HASH: '1234' });
    expect(message).toContain('exitPinHash (FRONTGATE_KIOSK_EXIT_PIN_HASH) = (hidden): must be a scrypt hash');
    expect(message).not.toContain('1234');
    const outOfRange = PIN_HASH.replace('$1024$', '$1000$');
    expect(errorOf([], { FRONTGATE_KIOSK_EXIT_PIN_HASH: outOfRange })).toContain('scrypt parameters out of range');
  });

  it('reports every bad key at once', () => {
    const message = errorOf(['--url=ftp://x/'], { FRONTGATE_KIOSK_MODE: 'maybe' });
    expect(message).toContain('url (--url)');
    expect(message).toContain('kiosk (FRONTGATE_KIOSK_MODE)');
  });
});
