/**
 * The hidden marker an outbox write leaves in the body of what it creates (`<!-- timmy:<key> -->`, an HTML
 * comment Gitea's markdown does not render), so that a retry whose first answer was lost can find the issue
 * or comment the first attempt made instead of making a second one.
 */
import { createHash } from 'node:crypto';

const SAFE_KEY = /^[A-Za-z0-9:._/-]{1,120}$/;

export function idempotencyMarker(idempotencyKey: string): string {
  const key = SAFE_KEY.test(idempotencyKey)
    ? idempotencyKey
    : `sha256-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
  return `<!-- timmy:${key} -->`;
}

export function withMarker(body: string, idempotencyKey: string): string {
  const marker = idempotencyMarker(idempotencyKey);
  return body.includes(marker) ? body : `${body.trimEnd()}\n\n${marker}`;
}

export function hasMarker(body: string | null | undefined, idempotencyKey: string): boolean {
  return (body ?? '').includes(idempotencyMarker(idempotencyKey));
}
