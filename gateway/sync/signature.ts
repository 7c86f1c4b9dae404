/**
 * Request and response signing between the gateway and upstream: HMAC-SHA256 of the raw body bytes with the shared
 * secret (`upstreamSecret`), hex, in `X-FrontGate-Signature: sha256=<hex>`. The same function signs both directions.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-frontgate-signature';
export const SITE_HEADER = 'x-frontgate-site';
/** MQTT 5 user property carrying the same signature over the message payload. */
export const SIGNATURE_PROPERTY = 'x-frontgate-signature';

export function sign(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time comparison of a received signature with the expected one. */
export function verifySignature(secret: string, body: string | Uint8Array, received: string | string[] | undefined | null): boolean {
  if (typeof received !== 'string') return false;
  const expected = Buffer.from(sign(secret, body));
  const got = Buffer.from(received.trim());
  return got.length === expected.length && timingSafeEqual(got, expected);
}
