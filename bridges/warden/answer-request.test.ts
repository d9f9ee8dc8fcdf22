import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerBridgeRequest, type WardenHandlers } from './answer-request.ts';
import type { BridgeRequest } from './bridge-request.ts';

const request = (overrides: Partial<BridgeRequest> = {}): BridgeRequest => ({
  id: 'br-1',
  bridge: 'gitea',
  action: 'list',
  args: {},
  caller: { account: 'ezra', character: 'Ezra', dbref: '#9', permissions: ['player'], canWrite: false },
  ...overrides,
});

const options = (
  handlers: WardenHandlers,
  extra: { timeoutMs?: number; signal?: AbortSignal; maxTextChars?: number } = {},
) => ({
  handlers,
  timeoutMs: extra.timeoutMs ?? 1000,
  maxTextChars: extra.maxTextChars ?? 300,
  ...(extra.signal ? { signal: extra.signal } : {}),
});

describe('answerBridgeRequest', () => {
  test('routes a valid request to the handler of its bridge and action', async () => {
    const seen: BridgeRequest[] = [];
    const handlers: WardenHandlers = {
      gitea: {
        list: async incoming => {
          seen.push(incoming);
          return { ok: true, text: '#1 Broken lamp' };
        },
      },
      nostr: { list: async () => ({ ok: true, text: 'wrong table' }) },
    };
    const answer = await answerBridgeRequest(request(), options(handlers));
    assert.deepEqual(answer, { id: 'br-1', ok: true, text: '#1 Broken lamp' });
    assert.equal(seen[0]?.caller.character, 'Ezra');
  });

  test('an invalid request is answered with its id when it has one, and says what is wrong', async () => {
    const answer = await answerBridgeRequest({ id: 'br-2', bridge: 'ftp', action: 'list' }, options({}));
    assert.equal(answer.id, 'br-2');
    assert.equal(answer.ok, false);
    assert.match(answer.text, /could not read the request \(bridge: /);
    const anonymous = await answerBridgeRequest('not even an object', options({}));
    assert.equal(anonymous.id, undefined);
    assert.equal(anonymous.ok, false);
  });

  test('an unserved bridge and an unknown action are refusals, prototype names included', async () => {
    const handlers: WardenHandlers = { gitea: { list: async () => ({ ok: true, text: 'x' }) } };
    const nostr = await answerBridgeRequest(request({ bridge: 'nostr' }), options(handlers));
    assert.deepEqual([nostr.ok, nostr.text], [false, 'The warden does not serve the Nostr bridge.']);
    for (const action of ['merge', 'constructor', 'toString', '__proto__']) {
      const answer = await answerBridgeRequest(request({ action }), options(handlers));
      assert.equal(answer.ok, false, action);
      assert.match(answer.text, /knows no action .* \(known: list\)/);
    }
  });

  test('a handler that throws becomes a failed answer naming the first line of the error', async () => {
    const handlers: WardenHandlers = {
      gitea: {
        list: async () => {
          throw new Error('Gitea refused\nstack line');
        },
      },
    };
    const answer = await answerBridgeRequest(request(), options(handlers));
    assert.deepEqual([answer.ok, answer.text], [false, 'The Gitea bridge failed: Gitea refused']);
  });

  test('a handler that hangs is answered when the time limit passes and its signal aborts', async () => {
    let aborted = false;
    const handlers: WardenHandlers = {
      gitea: {
        list: (_incoming, signal) =>
          new Promise(() => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
          }),
      },
    };
    const answer = await answerBridgeRequest(request(), options(handlers, { timeoutMs: 30 }));
    assert.equal(answer.ok, false);
    assert.match(answer.text, /did not answer within 0 seconds/);
    assert.equal(aborted, true);
  });

  test('stopping the warden interrupts running handlers', async () => {
    const stop = new AbortController();
    const handlers: WardenHandlers = { gitea: { list: () => new Promise(() => {}) } };
    const pending = answerBridgeRequest(
      request(),
      options(handlers, { signal: stop.signal, timeoutMs: 60_000 }),
    );
    stop.abort();
    assert.deepEqual(await pending, { id: 'br-1', ok: false, text: 'The warden is shutting down.' });
  });

  test('a malformed handler answer is refused and long text is bounded', async () => {
    const handlers: WardenHandlers = {
      gitea: {
        list: async () => ({ ok: 'yes', text: 3 }) as never,
        read: async () => ({ ok: true, text: 'x'.repeat(500) }),
      },
    };
    const bad = await answerBridgeRequest(request(), options(handlers));
    assert.deepEqual([bad.ok, bad.text], [false, 'The Gitea bridge gave a malformed answer.']);
    const long = await answerBridgeRequest(
      request({ action: 'read' }),
      options(handlers, { maxTextChars: 50 }),
    );
    assert.equal(long.text.length, 50);
    assert.ok(long.text.endsWith('…'));
  });
});
