/**
 * Publishing through the durable outbox. An event is signed once, when it is enqueued, and the signed
 * event is the outbox payload: every retry sends the identical event (same id), so a relay that already
 * stored it answers `duplicate:` and that counts as delivered. The idempotency key is the event id.
 */
import { z } from 'zod';
import type { Deliverer, EnqueueRequest, OutboxApi } from '../outbox/outbox-contract.ts';
import { DeliveryError } from '../outbox/outbox-contract.ts';
import { NostrEventSchema, type NostrEventShape } from './event-schema.ts';
import { checkIncomingEvent } from './incoming-event.ts';
import type { NostrPool } from './relay-pool.ts';

export const PUBLISH_KIND = 'event.publish';

export const PublishPayloadSchema = z.object({ event: NostrEventSchema });
export type PublishPayload = z.infer<typeof PublishPayloadSchema>;

/** OK-message prefixes (NIP-01) after which sending the same event again cannot succeed. */
const PERMANENT_PREFIXES = ['invalid:', 'pow:', 'blocked:', 'restricted:'];

export interface RelayOutcome {
  relay: string;
  accepted: boolean;
  /** The relay's OK message, or why the publish failed. */
  message: string;
}

export function publishIdempotencyKey(event: Pick<NostrEventShape, 'id'>): string {
  return `nostr:event:${event.id}`;
}

/** The outbox request for a signed event. */
export function publishRequest(event: NostrEventShape): EnqueueRequest<PublishPayload> {
  return {
    bridge: 'nostr',
    kind: PUBLISH_KIND,
    idempotencyKey: publishIdempotencyKey(event),
    payload: { event },
  };
}

/** Enqueues a signed event; enqueueing the same event again returns the existing entry. */
export function enqueueEvent(outbox: Pick<OutboxApi, 'enqueue'>, event: NostrEventShape) {
  return outbox.enqueue(publishRequest(event));
}

/** Sends one event to every relay and reports each relay's answer; never throws. */
export async function publishToRelays(
  pool: NostrPool,
  relays: readonly string[],
  event: NostrEventShape,
  options: { maxWaitMs?: number; signal?: AbortSignal } = {},
): Promise<RelayOutcome[]> {
  const publishes = pool.publish([...relays], event, {
    maxWait: options.maxWaitMs ?? 5000,
    ...(options.signal ? { abort: options.signal } : {}),
  });
  const settled = await Promise.allSettled(publishes);
  return settled.map((result, index) => {
    const relay = relays[index] ?? '?';
    if (result.status === 'fulfilled') return { relay, accepted: true, message: result.value ?? '' };
    const message = reasonText(result.reason);
    // A relay that answers OK false with `duplicate:` already has the event.
    return { relay, accepted: message.startsWith('duplicate:'), message };
  });
}

export interface DelivererOptions {
  /** How many relays must hold the event for it to count as delivered (default: all of them). */
  minimumAccepted?: number;
  maxWaitMs?: number;
}

/** The deliverer for `nostr` / `event.publish` entries. */
export function nostrEventDeliverer(
  pool: NostrPool,
  relays: readonly string[],
  options: DelivererOptions = {},
): Deliverer<PublishPayload> {
  if (relays.length === 0) throw new RangeError('the Nostr bridge needs at least one relay');
  const minimum = Math.min(options.minimumAccepted ?? relays.length, relays.length);
  return async (payload, context) => {
    const parsed = PublishPayloadSchema.safeParse(payload);
    const checked = parsed.success ? checkIncomingEvent(parsed.data.event) : undefined;
    if (!checked?.ok) {
      throw new DeliveryError('the stored payload is not a validly signed Nostr event', { retryable: false });
    }
    const outcomes = await publishToRelays(pool, relays, checked.event, {
      signal: context.signal,
      ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
    });
    const accepted = outcomes.filter(outcome => outcome.accepted);
    if (accepted.length >= minimum) {
      return { id: checked.event.id, relays: accepted.map(outcome => outcome.relay) };
    }
    const failures = outcomes.filter(outcome => !outcome.accepted);
    const permanent = failures.every(outcome =>
      PERMANENT_PREFIXES.some(prefix => outcome.message.startsWith(prefix)),
    );
    throw new DeliveryError(
      `event ${checked.event.id.slice(0, 12)} reached ${accepted.length} of ${minimum} relays: ${failures
        .map(outcome => `${outcome.relay} ${outcome.message}`)
        .join('; ')
        .slice(0, 500)}`,
      { retryable: !permanent },
    );
  };
}

/** Registers every Nostr deliverer with the outbox (one today: `event.publish`). */
export function registerNostrDeliverers(
  outbox: Pick<OutboxApi, 'register'>,
  pool: NostrPool,
  relays: readonly string[],
  options: DelivererOptions = {},
): void {
  outbox.register('nostr', PUBLISH_KIND, nostrEventDeliverer(pool, relays, options));
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : String(reason);
}
