import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  contentSecurityPolicy,
  installContentSecurityPolicy,
  withContentSecurityPolicy,
} from '../../electron/csp.js';
import { websocketOriginOf } from '../../gateway/contract/csp.js';

const GATEWAY = 'http://127.0.0.1:4820';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('the Content-Security-Policy string', () => {
  it('has every directive the checklist asks for', () => {
    const csp = directives(contentSecurityPolicy(GATEWAY));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4820']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });

  it('never allows inline or evaluated scripts, or any remote origin', () => {
    const policy = contentSecurityPolicy(GATEWAY);
    const scripts = directives(policy).get('script-src') ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain('*');
    expect(policy).not.toMatch(/https?:\/\//);
  });

  it('uses wss: for an https gateway and plain self without an origin', () => {
    expect(directives(contentSecurityPolicy('https://frontgate.lan')).get('connect-src')).toEqual(["'self'", 'wss://frontgate.lan']);
    expect(directives(CONTENT_SECURITY_POLICY).get('connect-src')).toEqual(["'self'"]);
    expect(websocketOriginOf('file:///x')).toBeNull();
    expect(websocketOriginOf('garbage')).toBeNull();
  });

  it('lists each directive once, in the declared order', () => {
    const names = [...directives(CONTENT_SECURITY_POLICY).keys()];
    expect(names).toEqual(Object.keys(CSP_DIRECTIVES));
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the policy to a gateway response that has none', () => {
    const headers = withContentSecurityPolicy(`${GATEWAY}/`, { 'Content-Type': ['text/html'] }, GATEWAY);
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy(GATEWAY)]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('keeps a policy the gateway sent, whatever the header case', () => {
    const sent = { 'content-security-policy': ["default-src 'none'"] };
    expect(withContentSecurityPolicy(`${GATEWAY}/`, sent, GATEWAY)).toEqual(sent);
  });

  it('leaves responses of other origins alone and copes with no headers', () => {
    expect(withContentSecurityPolicy('https://evil.com/', { A: ['1'] }, GATEWAY)).toEqual({ A: ['1'] });
    expect(withContentSecurityPolicy(`${GATEWAY}/x`, undefined, GATEWAY)).toHaveProperty('Content-Security-Policy');
  });

  it('is applied through session.webRequest.onHeadersReceived', () => {
    type Listener = (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    let listener: Listener | null = null;
    const session = { webRequest: { onHeadersReceived: (l: Listener) => (listener = l) } };
    installContentSecurityPolicy(session as unknown as Session, GATEWAY);
    const replies: Record<string, string[]>[] = [];
    (listener as Listener | null)?.({ url: `${GATEWAY}/`, responseHeaders: {} }, (r) => replies.push(r.responseHeaders));
    expect(replies).toEqual([{ 'Content-Security-Policy': [contentSecurityPolicy(GATEWAY)] }]);
  });
});
