/**
 * The Content-Security-Policy of the renderer. The gateway sends it with every page it serves; the Electron shell
 * adds it to any gateway response that arrives without one. Pure strings, no zod, so both sides can import it.
 */

/** Directive name → source list. Order is the order of the header. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // 'self' covers ws:/wss: of the page's own host and port in CSP Level 3; contentSecurityPolicy(origin) also lists
  // the WebSocket origin explicitly for engines that predate that rule.
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  // Visitor photos: the camera preview is a MediaStream, the snapshot a blob.
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  // Mantine writes inline style attributes and <style> tags; scripts stay strict.
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
} as const satisfies Record<string, readonly string[]>;

export type CspDirective = keyof typeof CSP_DIRECTIVES;

/** The WebSocket origin (ws: or wss:) that belongs to an http(s) page origin, or null for anything else. */
export function websocketOriginOf(pageOrigin: string): string | null {
  let url: URL;
  try {
    url = new URL(pageOrigin);
  } catch {
    return null;
  }
  if (url.protocol === 'http:') return `ws://${url.host}`;
  if (url.protocol === 'https:') return `wss://${url.host}`;
  return null;
}

/**
 * The header value. With the page's origin (e.g. `http://127.0.0.1:4820`) connect-src also names the matching
 * `ws://` / `wss://` origin; without it, connect-src is `'self'` alone (CSP Level 3 semantics).
 */
export function contentSecurityPolicy(pageOrigin?: string): string {
  const ws = pageOrigin === undefined ? null : websocketOriginOf(pageOrigin);
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => {
      const list: string[] = [...sources];
      if (name === 'connect-src' && ws !== null) list.push(ws);
      return `${name} ${list.join(' ')}`;
    })
    .join('; ');
}

/** The policy for a page whose origin is not known (e.g. behind several host names). */
export const CONTENT_SECURITY_POLICY: string = contentSecurityPolicy();
