import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryContext, EnqueueRequest } from '../outbox/outbox-contract.ts';
import { DeliveryError } from '../outbox/outbox-contract.ts';
import { generateIdentity } from './agent-key.ts';
import { heartbeatTemplate } from './heartbeat.ts';
import {
  enqueueEvent,
  nostrEventDeliverer,
  type PublishPayload,
  publishIdempotencyKey,
  registerNostrDeliverers,
} from './publish-deliverer.ts';
import type { NostrPool } from './relay-pool.ts';

const agent = generateIdentity();
const event = agent.sign(
  heartbeatTemplate({ agent: 'Ezra', status: 'idle', at: new Date('2026-11-05T10:00:00Z') }),
);
const context: DeliveryContext = { attempt: 1, idempotencyKey: 'k', signal: new AbortController().signal };

/** A pool whose relays answer with the scripted outcome (a string resolves, an Error rejects). */
function scriptedPool(answers: Record<string, string | Error>) {
  const sent: { relays: string[]; id: string }[] = [];
  const pool = {
    publish(relays: string[], published: { id: string }) {
      sent.push({ relays, id: published.id });
      return relays.map(relay => {
        const answer = answers[relay];
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? '');
      });
    },
  };
  return { pool: pool as unknown as NostrPool, sent };
}

describe('nostrEventDeliverer', () => {
  it('sends the stored event unchanged and reports the relays that took it', async () => {
    const { pool, sent } = scriptedPool({ 'ws://a': '', 'ws://b': '' });
    const result = await nostrEventDeliverer(pool, ['ws://a', 'ws://b'])({ event }, context);
    assert.deepEqual(result, { id: event.id, relays: ['ws://a', 'ws://b'] });
    assert.deepEqual(sent, [{ relays: ['ws://a', 'ws://b'], id: event.id }]);
  });

  it('counts a relay’s duplicate answer, positive or negative, as delivered', async () => {
    const { pool } = scriptedPool({
      'ws://a': 'duplicate:',
      'ws://b': new Error('duplicate: already have this event'),
    });
    const result = await nostrEventDeliverer(pool, ['ws://a', 'ws://b'])({ event }, context);
    assert.deepEqual(result, { id: event.id, relays: ['ws://a', 'ws://b'] });
  });

  it('asks for a retry when a relay cannot be reached', async () => {
    const { pool } = scriptedPool({
      'ws://a': '',
      'ws://b': new Error('connection failure: connection failed'),
    });
    await assert.rejects(
      nostrEventDeliverer(pool, ['ws://a', 'ws://b'])({ event }, context),
      error => error instanceof DeliveryError && error.retryable && /1 of 2 relays/.test(error.message),
    );
  });

  it('is content with fewer relays when the minimum says so', async () => {
    const { pool } = scriptedPool({ 'ws://a': '', 'ws://b': new Error('connection failure') });
    const result = await nostrEventDeliverer(pool, ['ws://a', 'ws://b'], { minimumAccepted: 1 })(
      { event },
      context,
    );
    assert.deepEqual(result, { id: event.id, relays: ['ws://a'] });
  });

  it('fails for good when every relay refuses the event as invalid or blocked', async () => {
    const { pool } = scriptedPool({
      'ws://a': new Error('invalid: bad event'),
      'ws://b': new Error('blocked: not allowed'),
    });
    await assert.rejects(
      nostrEventDeliverer(pool, ['ws://a', 'ws://b'])({ event }, context),
      error => error instanceof DeliveryError && !error.retryable,
    );
  });

  it('fails for good, without sending, when the stored payload is not a validly signed event', async () => {
    const { pool, sent } = scriptedPool({ 'ws://a': '' });
    const tampered = { event: { ...event, content: '{"agent":"Mallory"}' } } as PublishPayload;
    await assert.rejects(
      nostrEventDeliverer(pool, ['ws://a'])(tampered, context),
      error => error instanceof DeliveryError && !error.retryable,
    );
    assert.equal(sent.length, 0);
  });
});

describe('enqueueEvent and registerNostrDeliverers', () => {
  it('enqueues the signed event keyed by its id and registers the event.publish deliverer', () => {
    const requests: EnqueueRequest[] = [];
    const registered: string[] = [];
    const outbox = {
      enqueue<Payload>(request: EnqueueRequest<Payload>) {
        requests.push(request as EnqueueRequest);
        return { entry: { id: 1 } as never, duplicate: false };
      },
      register(bridge: string, kind: string) {
        registered.push(`${bridge}/${kind}`);
      },
    };
    enqueueEvent(outbox, event);
    registerNostrDeliverers(outbox, scriptedPool({}).pool, ['ws://a']);
    assert.deepEqual(requests, [
      {
        bridge: 'nostr',
        kind: 'event.publish',
        idempotencyKey: publishIdempotencyKey(event),
        payload: { event },
      },
    ]);
    assert.equal(publishIdempotencyKey(event), `nostr:event:${event.id}`);
    assert.deepEqual(registered, ['nostr/event.publish']);
  });
});
