/**
 * Applies the renderer's Content-Security-Policy in the shell: a gateway response that arrives without one gets the
 * policy from the contract, so an old or misconfigured gateway still runs under it. A policy the gateway sent is kept.
 */
import type { Session } from 'electron';
import { contentSecurityPolicy } from '../gateway/contract/csp.js';
import { isAllowedUrl } from './guard.js';

export { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, contentSecurityPolicy } from '../gateway/contract/csp.js';

export type ResponseHeaders = Record<string, string[]>;

function hasHeader(headers: ResponseHeaders, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === wanted);
}

/**
 * The headers to hand back to Chromium. Adds the policy when the response comes from the gateway and has no CSP;
 * otherwise returns the headers unchanged (other origins are blocked by the guard and by the policy itself).
 */
export function withContentSecurityPolicy(
  url: string,
  headers: ResponseHeaders | undefined,
  gatewayOrigin: string,
): ResponseHeaders {
  const current: ResponseHeaders = { ...(headers ?? {}) };
  if (!isAllowedUrl(url, gatewayOrigin)) return current;
  if (hasHeader(current, 'content-security-policy')) return current;
  return { ...current, 'Content-Security-Policy': [contentSecurityPolicy(gatewayOrigin)] };
}

export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>, gatewayOrigin: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, gatewayOrigin) });
  });
}
