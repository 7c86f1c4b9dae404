import { CONTENT_SECURITY_POLICY } from './contract/csp.js';

/** Sent with every response of the gateway: Fastify's onSend hook and the door controllers' lane. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};
