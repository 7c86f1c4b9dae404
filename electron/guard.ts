/**
 * The one global guard of the shell: every navigation, new window, permission, webview and IPC sender is checked
 * here against the gateway's origin. URLs are compared by parsed origin (`new URL`), never by string prefix.
 */
import type { App, Session, WebContents } from 'electron';

const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

function parseWebUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!WEB_PROTOCOLS.has(url.protocol)) return null;
  // Credentials in a URL are never ours; they also hide the real host from a human reader.
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

/**
 * The origin (`scheme://host:port`) of an http(s) URL without credentials, or null. Hosts are normalised by the
 * WHATWG parser exactly as Chromium does: `LOCALHOST` → `localhost`, IDN → punycode, `127.1` → `127.0.0.1`.
 */
export function gatewayOriginOf(gatewayUrl: string): string | null {
  return parseWebUrl(gatewayUrl)?.origin ?? null;
}

/** True only for an http(s) URL, without credentials, whose origin is exactly the gateway's origin. */
export function isAllowedUrl(url: string, gatewayOrigin: string): boolean {
  const target = parseWebUrl(url);
  const gateway = parseWebUrl(gatewayOrigin);
  if (target === null || gateway === null) return false;
  return target.origin === gateway.origin;
}

/** Permissions the renderer may ever be granted. Only the camera, for visitor photos. */
export type PermissionDecisionInput = {
  permission: string;
  /** URL or origin of the frame that asks. */
  requestingUrl: string | undefined;
  /** For 'media' requests: what is asked for. Missing means unknown. */
  mediaTypes?: readonly string[] | undefined;
};

/** Permission request: 'media' for video only, from the gateway origin; everything else is denied. */
export function decidePermissionRequest(input: PermissionDecisionInput, gatewayOrigin: string): boolean {
  if (input.permission !== 'media') return false;
  if (input.requestingUrl === undefined || !isAllowedUrl(input.requestingUrl, gatewayOrigin)) return false;
  const types = input.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

/** Permission check (e.g. `navigator.permissions.query`, device labels): same rule, one media type at a time. */
export function decidePermissionCheck(
  input: { permission: string; requestingOrigin: string; mediaType?: string | undefined },
  gatewayOrigin: string,
): boolean {
  return decidePermissionRequest(
    {
      permission: input.permission,
      requestingUrl: input.requestingOrigin,
      mediaTypes: input.mediaType === undefined ? [] : [input.mediaType],
    },
    gatewayOrigin,
  );
}

/** The part of an IPC event the sender check reads (`IpcMainInvokeEvent.senderFrame`). */
export type IpcSender = {
  senderFrame: { url: string; parent: unknown } | null;
};

/** An IPC message is trusted only from the top frame of a page on the gateway origin. */
export function isTrustedSender(event: IpcSender, gatewayOrigin: string): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  if (frame.parent !== null) return false;
  return isAllowedUrl(frame.url, gatewayOrigin);
}

/** Hardens one WebContents: navigation and redirects stay on the gateway, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, gatewayOrigin: string): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedUrl(event.url, gatewayOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedUrl(event.url, gatewayOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedUrl(event.url, gatewayOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Installs the guard for the whole app: every WebContents ever created is hardened, and the session grants only
 * the camera to the gateway. Certificate errors are deliberately NOT handled here: Chromium's default (reject) stands,
 * and a pinned gateway certificate is accepted by cert-pin.ts's verify proc only.
 */
export function installGuards(
  app: Pick<App, 'on'>,
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
  >,
  gatewayOrigin: string,
): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, gatewayOrigin);
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(decidePermissionRequest({ permission, requestingUrl: details.requestingUrl, mediaTypes }, gatewayOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermissionCheck({ permission, requestingOrigin, mediaType: details.mediaType }, gatewayOrigin),
  );
  // WebHID / WebUSB / Web Serial: the gateway owns every device; the renderer gets none.
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-serial-port', (event, _portList, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}
