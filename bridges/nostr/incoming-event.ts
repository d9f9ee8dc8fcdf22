/**
 * The one gate every event read from a relay passes before the bridge uses it: the NIP-01 shape (zod),
 * then the id and Schnorr signature (`verifyEvent`), then the expected kind. A forged or malformed event
 * is dropped with one log line naming why and the (claimed) id; it never reaches a caller.
 */
import { verifyEvent } from 'nostr-tools/pure';
import { NostrEventSchema, type NostrEventShape } from './event-schema.ts';

export type IncomingRejection = 'malformed' | 'bad-signature' | 'unexpected-kind' | 'expired';

export type IncomingResult =
  | { ok: true; event: NostrEventShape }
  | { ok: false; reason: IncomingRejection; detail: string };

export interface IncomingOptions {
  /** Accept only these kinds (all when omitted). */
  kinds?: readonly number[];
  /** Unix seconds, for NIP-40 expiration; expired events are dropped when given. */
  now?: number;
}

/** Checks one event; never throws. */
export function checkIncomingEvent(raw: unknown, options: IncomingOptions = {}): IncomingResult {
  const parsed = NostrEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'malformed',
      detail: issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not an event',
    };
  }
  const event = parsed.data;
  // verifyEvent recomputes the id from the serialised event and checks the signature against it;
  // it caches its verdict on the object, so it is given a fresh copy.
  if (!verifyEvent({ ...event })) {
    return { ok: false, reason: 'bad-signature', detail: 'the id or signature does not verify' };
  }
  if (options.kinds && !options.kinds.includes(event.kind)) {
    return { ok: false, reason: 'unexpected-kind', detail: `kind ${event.kind} is not expected here` };
  }
  if (options.now !== undefined) {
    const expiration = Number(event.tags.find(tag => tag[0] === 'expiration')?.[1]);
    if (Number.isFinite(expiration) && expiration <= options.now) {
      return { ok: false, reason: 'expired', detail: `expired at ${expiration}` };
    }
  }
  return { ok: true, event };
}

/** `checkIncomingEvent`, logging and dropping whatever fails. */
export function acceptIncomingEvent(
  raw: unknown,
  log: (line: string) => void,
  options: IncomingOptions = {},
): NostrEventShape | undefined {
  const result = checkIncomingEvent(raw, options);
  if (result.ok) return result.event;
  log(`nostr: dropped event ${claimedId(raw)}: ${result.reason} (${result.detail})`);
  return undefined;
}

function claimedId(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 16).replace(/[^0-9a-zA-Z]/g, '?') : '(no id)';
}
