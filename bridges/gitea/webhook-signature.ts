/**
 * Gitea's webhook signature: `X-Gitea-Signature` is the lowercase hex HMAC-SHA256 of the raw request body
 * keyed with the hook's secret, without prefix (`services/webhook/deliver.go`). Verify over the bytes as
 * received, never over re-serialised JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhookBody(secret: string, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export type SignatureVerdict = 'valid' | 'missing' | 'malformed' | 'mismatch';

/** Compares in constant time; a missing, odd-length or non-hex header never reaches the comparison. */
export function verifyWebhookSignature(
  secret: string,
  body: Uint8Array,
  header: string | undefined,
): SignatureVerdict {
  if (header === undefined || header.trim() === '') return 'missing';
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return 'malformed';
  const expected = Buffer.from(signWebhookBody(secret, body), 'hex');
  const received = Buffer.from(given, 'hex');
  if (received.length !== expected.length) return 'malformed';
  return timingSafeEqual(received, expected) ? 'valid' : 'mismatch';
}
