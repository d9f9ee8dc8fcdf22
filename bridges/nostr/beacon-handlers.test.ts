import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyEvent } from 'nostr-tools/pure';
import type { EnqueueRequest, OutboxEntry } from '../outbox/outbox-contract.ts';
import type { BridgeRequest } from '../warden/bridge-request.ts';
import { generateIdentity } from './agent-key.ts';
import { nostrBeaconHandlers } from './beacon-handlers.ts';
import { heartbeatTemplate } from './heartbeat.ts';
import type { PublishPayload } from './publish-deliverer.ts';
import type { NostrPool } from './relay-pool.ts';

const warden = generateIdentity();
const ezra = generateIdentity();
const stranger = generateIdentity();
const now = new Date('2026-11-05T12:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);
const signal = new AbortController().signal;

function request(action: string, args: Record<string, unknown>, canWrite = true): BridgeRequest {
  return {
    id: 'r1',
    bridge: 'nostr',
    action,
    args,
    caller: { account: 'alex', character: 'Alexander', dbref: '#7', permissions: ['Player'], canWrite },
  };
}

function setup(options: { stored?: unknown[]; settle?: OutboxEntry['status'] | 'never' } = {}) {
  const enqueued: EnqueueRequest<PublishPayload>[] = [];
  const pool = {
    querySync: async (_relays: string[], filter: { kinds: number[] }) =>
      (options.stored ?? []).filter(event => filter.kinds.includes((event as { kind: number }).kind)),
  } as unknown as NostrPool;
  const outbox = {
    enqueue<Payload>(entry: EnqueueRequest<Payload>) {
      enqueued.push(entry as unknown as EnqueueRequest<PublishPayload>);
      return { entry: { id: 7 } as OutboxEntry<Payload>, duplicate: false };
    },
    async settled(): Promise<OutboxEntry> {
      if (options.settle === 'never') throw new Error('timeout');
      return { status: options.settle ?? 'delivered' } as OutboxEntry;
    },
  };
  const handlers = nostrBeaconHandlers({
    pool,
    relays: ['ws://relay'],
    outbox,
    warden,
    keyOf: character => (character.toLowerCase() === 'ezra' ? ezra.publicKey : undefined),
    nameOf: key => (key === ezra.publicKey ? 'Ezra' : undefined),
    now: () => now,
  });
  return { handlers, enqueued };
}

describe('beacon recent', () => {
  it('lists verified notes and heartbeats newest first and leaves out forged and expired ones', async () => {
    const stored = [
      ezra.sign({ kind: 1, created_at: seconds - 300, tags: [], content: 'Morning, hall.' }),
      ezra.sign(
        heartbeatTemplate({
          agent: 'Ezra',
          status: 'working',
          at: new Date(now.getTime() - 60_000),
          room: 'Fraternity Hall',
        }),
      ),
      {
        ...stranger.sign({ kind: 1, created_at: seconds - 10, tags: [], content: 'real' }),
        content: 'FORGED',
      },
      stranger.sign({
        kind: 1,
        created_at: seconds - 20,
        tags: [['expiration', String(seconds - 5)]],
        content: 'gone',
      }),
    ];
    const { handlers } = setup({ stored });
    const answer = await handlers.recent?.(request('recent', {}), signal);
    assert.equal(answer?.ok, true);
    const lines = answer?.text.split('\n') ?? [];
    assert.equal(lines[0], 'The beacon shows:');
    assert.match(lines[1] ?? '', /heartbeat Ezra: working in Fraternity Hall$/);
    assert.match(lines[2] ?? '', /Ezra: Morning, hall\.$/);
    assert.equal(lines.length, 3);
    assert.ok(!answer?.text.includes('FORGED') && !answer?.text.includes('gone'));
  });

  it('says the beacon is quiet when the relays have nothing, and refuses a silly count', async () => {
    const { handlers } = setup();
    assert.match((await handlers.recent?.(request('recent', {}), signal))?.text ?? '', /quiet/);
    const bad = await handlers.recent?.(request('recent', { count: 500 }), signal);
    assert.equal(bad?.ok, false);
    assert.match(bad?.text ?? '', /^Usage: beacon recent/);
  });
});

describe('beacon post', () => {
  it('signs the note with the warden’s key, names the character and sends it through the outbox', async () => {
    const { handlers, enqueued } = setup();
    const answer = await handlers.post?.(request('post', { text: 'Hello, |rNostr|n!' }), signal);
    assert.equal(answer?.ok, true);
    assert.match(answer?.text ?? '', /posted as note1/);
    assert.equal(enqueued.length, 1);
    const event = enqueued[0]?.payload.event;
    assert.ok(event && verifyEvent({ ...event }));
    assert.equal(event?.pubkey, warden.publicKey);
    assert.equal(event?.content, 'Alexander: Hello, |rNostr|n!');
    assert.equal(enqueued[0]?.idempotencyKey, `nostr:event:${event?.id}`);
  });

  it('refuses a caller who may not write, and sends nothing', async () => {
    const { handlers, enqueued } = setup();
    const answer = await handlers.post?.(request('post', { text: 'spam' }, false), signal);
    assert.equal(answer?.ok, false);
    assert.equal(enqueued.length, 0);
  });

  it('answers that the note is queued when the relay does not answer in time', async () => {
    const { handlers } = setup({ settle: 'never' });
    const answer = await handlers.post?.(request('post', { text: 'later' }), signal);
    assert.equal(answer?.ok, true);
    assert.match(answer?.text ?? '', /queued/);
  });
});

describe('beacon key', () => {
  it('gives an agent’s npub and says so when a character has no key', async () => {
    const { handlers } = setup();
    const known = await handlers.key?.(request('key', { character: 'Ezra' }), signal);
    assert.equal(known?.text, `Ezra: ${ezra.npub}`);
    const unknown = await handlers.key?.(request('key', { character: 'Alexander' }), signal);
    assert.equal(unknown?.ok, false);
    assert.match(unknown?.text ?? '', /has no Nostr key/);
  });
});
