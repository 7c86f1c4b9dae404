import type { App, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  decidePermissionCheck,
  decidePermissionRequest,
  gatewayOriginOf,
  hardenWebContents,
  installGuards,
  isAllowedUrl,
  isTrustedSender,
} from '../../electron/guard.js';
import { FakeWebContents, fakeEvent } from './fakes.js';

const GATEWAY = 'http://127.0.0.1:4820';

describe('isAllowedUrl', () => {
  it.each([
    'http://127.0.0.1:4820/',
    'http://127.0.0.1:4820/kiosk/check-in?lang=vi#photo',
    'http://127.0.0.1:4820',
    // The WHATWG parser (like Chromium) normalises these spellings to 127.0.0.1 itself: same origin, same server.
    'http://127.1:4820/',
    'http://0x7f.0.0.1:4820/',
    'http://127.0.0.1.:4820/',
    'HTTP://127.0.0.1:4820/',
  ])('allows the gateway origin: %s', (url) => {
    expect(isAllowedUrl(url, GATEWAY)).toBe(true);
  });

  it.each([
    ['other host', 'http://evil.com/'],
    ['other loopback name', 'http://localhost:4820/'],
    ['other port', 'http://127.0.0.1:4821/'],
    ['default port', 'http://127.0.0.1/'],
    ['other scheme, same host and port', 'https://127.0.0.1:4820/'],
    ['websocket scheme', 'ws://127.0.0.1:4820/api/events'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob: of the same origin', 'blob:http://127.0.0.1:4820/0f5e6a3c-1111-2222-3333-444455556666'],
    ['about:blank', 'about:blank'],
    ['chrome:', 'chrome://settings'],
    ['userinfo trick', 'http://127.0.0.1:4820@evil.com/'],
    ['userinfo trick with path', 'http://127.0.0.1:4820@evil.com/http://127.0.0.1:4820/'],
    ['credentials on the real host', 'http://admin:secret@127.0.0.1:4820/'],
    ['user name only on the real host', 'http://admin@127.0.0.1:4820/'],
    ['gateway origin as a subdomain', 'http://127.0.0.1.evil.com:4820/'],
    ['gateway origin in the query', 'http://evil.com/?next=http://127.0.0.1:4820/'],
    ['gateway origin in the path', 'http://evil.com/http://127.0.0.1:4820/'],
    ['protocol-relative', '//evil.com/'],
    ['relative path', '/api/health'],
    ['empty', ''],
    ['garbage', 'not a url'],
  ])('denies %s: %s', (_name, url) => {
    expect(isAllowedUrl(url, GATEWAY)).toBe(false);
  });

  it('compares hostnames after normalisation: uppercase is the same host, IDN look-alikes and trailing dots are not', () => {
    const origin = 'https://frontgate.lan';
    expect(isAllowedUrl('https://FRONTGATE.LAN/', origin)).toBe(true);
    expect(isAllowedUrl('https://FrontGate.Lan:443/visits', origin)).toBe(true);
    // Cyrillic "а" (U+0430) instead of Latin "a": punycode xn--frontgte-…, a different host.
    expect(isAllowedUrl('https://frontg\u0430te.lan/', origin)).toBe(false);
    expect(isAllowedUrl('https://xn--frontgte-66g.lan/', origin)).toBe(false);
    // Fullwidth letters fold to ASCII under IDNA: the same host (as in Chromium), so allowed.
    expect(isAllowedUrl('https://ｆｒｏｎｔｇａｔｅ.lan/', origin)).toBe(true);
    expect(isAllowedUrl('https://frontgate.lan./', origin)).toBe(false);
    expect(isAllowedUrl('https://FRONTGATE.LAN./', origin)).toBe(false);
    expect(isAllowedUrl('http://localhost.:4820/', 'http://localhost:4820')).toBe(false);
    expect(isAllowedUrl('https://frontgate.lan.evil.com/', origin)).toBe(false);
  });

  it('denies everything when the gateway origin itself is not an http(s) origin', () => {
    expect(isAllowedUrl('file:///x', 'file:///x')).toBe(false);
    expect(isAllowedUrl('null', 'null')).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:4820/', 'not a url')).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:4820/', 'http://admin@127.0.0.1:4820')).toBe(false);
  });

  it('derives the gateway origin from the configured URL', () => {
    expect(gatewayOriginOf('http://127.0.0.1:4820/')).toBe('http://127.0.0.1:4820');
    expect(gatewayOriginOf('https://FrontGate.lan:443/kiosk')).toBe('https://frontgate.lan');
    expect(gatewayOriginOf('http://[::1]:4820/')).toBe('http://[::1]:4820');
    expect(gatewayOriginOf('ftp://127.0.0.1/')).toBeNull();
    expect(gatewayOriginOf('http://u:p@127.0.0.1/')).toBeNull();
  });
});

describe('permission decisions', () => {
  it('grants the camera to the gateway origin', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: `${GATEWAY}/visits/new`, mediaTypes: ['video'] }, GATEWAY)).toBe(true);
  });

  it.each([
    ['microphone', { permission: 'media', requestingUrl: `${GATEWAY}/`, mediaTypes: ['audio'] }],
    ['camera and microphone', { permission: 'media', requestingUrl: `${GATEWAY}/`, mediaTypes: ['video', 'audio'] }],
    ['media with unknown types', { permission: 'media', requestingUrl: `${GATEWAY}/`, mediaTypes: [] }],
    ['media without types', { permission: 'media', requestingUrl: `${GATEWAY}/` }],
    ['camera from another origin', { permission: 'media', requestingUrl: 'http://evil.com/', mediaTypes: ['video'] }],
    ['camera from another port', { permission: 'media', requestingUrl: 'http://127.0.0.1:9999/', mediaTypes: ['video'] }],
    ['camera without a requesting URL', { permission: 'media', requestingUrl: undefined, mediaTypes: ['video'] }],
    ['geolocation', { permission: 'geolocation', requestingUrl: `${GATEWAY}/` }],
    ['notifications', { permission: 'notifications', requestingUrl: `${GATEWAY}/` }],
    ['openExternal', { permission: 'openExternal', requestingUrl: `${GATEWAY}/` }],
    ['display-capture', { permission: 'display-capture', requestingUrl: `${GATEWAY}/` }],
    ['clipboard-read', { permission: 'clipboard-read', requestingUrl: `${GATEWAY}/` }],
    ['fullscreen', { permission: 'fullscreen', requestingUrl: `${GATEWAY}/` }],
    ['pointerLock', { permission: 'pointerLock', requestingUrl: `${GATEWAY}/` }],
    ['fileSystem', { permission: 'fileSystem', requestingUrl: `${GATEWAY}/` }],
    ['unknown', { permission: 'unknown', requestingUrl: `${GATEWAY}/` }],
  ])('denies %s', (_name, input) => {
    expect(decidePermissionRequest(input, GATEWAY)).toBe(false);
  });

  it('answers permission checks with the same rule', () => {
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: GATEWAY, mediaType: 'video' }, GATEWAY)).toBe(true);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: GATEWAY, mediaType: 'audio' }, GATEWAY)).toBe(false);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: GATEWAY, mediaType: 'unknown' }, GATEWAY)).toBe(false);
    expect(decidePermissionCheck({ permission: 'media', requestingOrigin: 'http://evil.com', mediaType: 'video' }, GATEWAY)).toBe(false);
    expect(decidePermissionCheck({ permission: 'hid', requestingOrigin: GATEWAY }, GATEWAY)).toBe(false);
    expect(decidePermissionCheck({ permission: 'serial', requestingOrigin: GATEWAY }, GATEWAY)).toBe(false);
    expect(decidePermissionCheck({ permission: 'usb', requestingOrigin: GATEWAY }, GATEWAY)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame of a gateway page', () => {
    expect(isTrustedSender({ senderFrame: { url: `${GATEWAY}/kiosk`, parent: null } }, GATEWAY)).toBe(true);
  });

  it('refuses other origins, subframes and missing frames', () => {
    expect(isTrustedSender({ senderFrame: { url: 'http://evil.com/', parent: null } }, GATEWAY)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'http://127.0.0.1:4820@evil.com/', parent: null } }, GATEWAY)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'file:///app/index.html', parent: null } }, GATEWAY)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'about:blank', parent: null } }, GATEWAY)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: `${GATEWAY}/`, parent: { url: `${GATEWAY}/` } } }, GATEWAY)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, GATEWAY)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents, GATEWAY);
    return contents;
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: stays on the gateway, blocks the rest', (name) => {
    const contents = hardened();
    const inside = fakeEvent({ url: `${GATEWAY}/visits` });
    const outside = fakeEvent({ url: 'https://evil.com/phish' });
    const trick = fakeEvent({ url: 'http://127.0.0.1:4820@evil.com/' });
    contents.emit(name, inside);
    contents.emit(name, outside);
    contents.emit(name, trick);
    expect(inside.defaultPrevented).toBe(false);
    expect(outside.defaultPrevented).toBe(true);
    expect(trick.defaultPrevented).toBe(true);
  });

  it('denies every new window, even one on the gateway origin', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: `${GATEWAY}/popup` })).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { preload: '/evil.js', nodeIntegration: true }, { src: 'https://evil.com/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('installGuards', () => {
  type RequestHandler = (c: unknown, permission: string, cb: (granted: boolean) => void, details: Record<string, unknown>) => void;
  type CheckHandler = (c: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean;

  function install() {
    const app = new FakeWebContents();
    const sessionEvents = new FakeWebContents();
    const session = {
      requestHandler: null as RequestHandler | null,
      checkHandler: null as CheckHandler | null,
      deviceHandler: null as (() => boolean) | null,
      setPermissionRequestHandler(handler: RequestHandler) {
        session.requestHandler = handler;
      },
      setPermissionCheckHandler(handler: CheckHandler) {
        session.checkHandler = handler;
      },
      setDevicePermissionHandler(handler: () => boolean) {
        session.deviceHandler = handler;
      },
      on: sessionEvents.on.bind(sessionEvents),
    };
    installGuards(app as unknown as App, session as unknown as Session, GATEWAY);
    return { app, session, sessionEvents };
  }

  it('hardens every WebContents the app creates', () => {
    const { app } = install();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), contents);
    const event = fakeEvent({ url: 'https://evil.com/' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: GATEWAY })).toEqual({ action: 'deny' });
  });

  it('routes session permission requests and checks through the decisions', () => {
    const { session } = install();
    const answers: boolean[] = [];
    session.requestHandler?.(null, 'media', (granted) => answers.push(granted), { requestingUrl: `${GATEWAY}/`, mediaTypes: ['video'] });
    session.requestHandler?.(null, 'media', (granted) => answers.push(granted), { requestingUrl: 'http://evil.com/', mediaTypes: ['video'] });
    session.requestHandler?.(null, 'geolocation', (granted) => answers.push(granted), { requestingUrl: `${GATEWAY}/` });
    expect(answers).toEqual([true, false, false]);
    expect(session.checkHandler?.(null, 'media', GATEWAY, { mediaType: 'video', isMainFrame: true })).toBe(true);
    expect(session.checkHandler?.(null, 'notifications', GATEWAY, { isMainFrame: true })).toBe(false);
    expect(session.deviceHandler?.()).toBe(false);
  });

  it('cancels WebHID, Web Serial and WebUSB device pickers', () => {
    const { sessionEvents } = install();
    const picked: unknown[] = [];
    const hid = fakeEvent();
    sessionEvents.emit('select-hid-device', hid, { deviceList: [{ deviceId: '1' }] }, (id: string) => picked.push(id));
    const serial = fakeEvent();
    sessionEvents.emit('select-serial-port', serial, [{ portId: '1' }], null, (id: string) => picked.push(id));
    const usb = fakeEvent();
    sessionEvents.emit('select-usb-device', usb, { deviceList: [{ deviceId: '1' }] }, (id?: string) => picked.push(id));
    expect([hid.defaultPrevented, serial.defaultPrevented, usb.defaultPrevented]).toEqual([true, true, true]);
    expect(picked).toEqual(['', '', undefined]);
  });

  it('leaves certificate errors to Chromium (no override)', () => {
    const { app } = install();
    expect(app.listenerCount('certificate-error')).toBe(0);
    expect(app.eventNames()).toEqual(['web-contents-created']);
  });
});
