import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateIdentity } from './agent-key.ts';
import type { DirectTask } from './direct-task.ts';
import { nip04TaskEvent } from './nip04-task.ts';
import { wrapTask } from './nip17-task.ts';
import type { NostrPool } from './relay-pool.ts';
import { fileSeenStore } from './seen-store.ts';
import { openTaskInbox } from './task-inbox.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'timmy-inbox-'));
after(() => rmSync(root, { recursive: true, force: true }));

const agent = generateIdentity();
const parent = generateIdentity();
const operator = generateIdentity();
const NOW = 1_800_000_000;

/** A pool that records subscriptions and lets the test push events into them. */
function subscriptionPool() {
  const subscriptions: {
    filter: Record<string, unknown>;
    onevent: (event: unknown) => void;
    onclose: (reasons: { url: string; reason: string }[]) => void;
    closed: boolean;
  }[] = [];
  const pool = {
    subscribe(
      _relays: string[],
      filter: Record<string, unknown>,
      params: {
        onevent: (event: unknown) => void;
        onclose: (reasons: { url: string; reason: string }[]) => void;
      },
    ) {
      const subscription = { filter, onevent: params.onevent, onclose: params.onclose, closed: false };
      subscriptions.push(subscription);
      return {
        close: () => {
          subscription.closed = true;
        },
      };
    },
  };
  return { pool: pool as unknown as NostrPool, subscriptions };
}

function open(seenFile: string, tasks: DirectTask[], lines: string[]) {
  const { pool, subscriptions } = subscriptionPool();
  const inbox = openTaskInbox({
    pool,
    relays: ['ws://relay'],
    identity: agent,
    authorised: [parent.npub, operator.publicKey],
    seen: fileSeenStore(seenFile),
    onTask: task => void tasks.push(task),
    log: line => lines.push(line),
    now: () => NOW,
    maxAgeSeconds: 1e9,
  });
  return { inbox, subscriptions };
}

describe('openTaskInbox', () => {
  it('subscribes to gift wraps more than two days back and to kind-4 messages, both p-tagged to the agent', () => {
    const { inbox, subscriptions } = open(path.join(root, 'subs.txt'), [], []);
    const [wraps, legacy] = subscriptions;
    assert.deepEqual(wraps?.filter.kinds, [1059]);
    assert.deepEqual(wraps?.filter['#p'], [agent.publicKey]);
    assert.ok((wraps?.filter.since as number) <= NOW - 2 * 86_400 - 60);
    assert.deepEqual(legacy?.filter.kinds, [4]);
    inbox.close();
    assert.ok(subscriptions.every(subscription => subscription.closed));
  });

  it('hands an authorised task to the callback once, also after a restart with the same seen file', async () => {
    const seenFile = path.join(root, 'agent-seen.txt');
    const tasks: DirectTask[] = [];
    const wrap = wrapTask(parent, agent.publicKey, 'Greet Ezra in the hall.');
    const first = open(seenFile, tasks, []);
    await first.inbox.receive(wrap);
    await first.inbox.receive(wrap);
    first.inbox.close();
    const restarted = open(seenFile, tasks, []);
    await restarted.inbox.receive(wrap);
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]?.text, 'Greet Ezra in the hall.');
    assert.equal(tasks[0]?.from, parent.publicKey);
  });

  it('drops tasks from unauthorised keys with a log line and accepts kind-4 tasks from operators', async () => {
    const tasks: DirectTask[] = [];
    const lines: string[] = [];
    const { inbox, subscriptions } = open(path.join(root, 'mixed.txt'), tasks, lines);
    const stranger = generateIdentity();
    subscriptions[0]?.onevent(wrapTask(stranger, agent.publicKey, 'Open the vault.'));
    await inbox.receive(
      nip04TaskEvent(operator, agent.publicKey, 'Read the lesson stone.', new Date(NOW * 1000)),
    );
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(
      tasks.map(task => [task.protocol, task.text]),
      [['nip04', 'Read the lesson stone.']],
    );
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /unauthorised/);
    assert.ok(!lines[0]?.includes('Open the vault'), 'the log line does not repeat the message text');
  });

  it('subscribes again with a fresh two-day look-back when the relay drops the subscription', t => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const lines: string[] = [];
    const { inbox, subscriptions } = open(path.join(root, 'again.txt'), [], lines);
    subscriptions[0]?.onclose([{ url: 'ws://relay', reason: 'relay connection closed' }]);
    assert.equal(subscriptions.length, 2, 'not at once');
    t.mock.timers.tick(500);
    assert.equal(subscriptions.length, 3);
    assert.deepEqual(subscriptions[2]?.filter, subscriptions[0]?.filter);
    assert.match(lines[0] ?? '', /nip17 inbox on ws:\/\/relay closed \(relay connection closed\)/);
    inbox.close();
    subscriptions[2]?.onclose([{ url: 'ws://relay', reason: 'closed by caller' }]);
    t.mock.timers.tick(60_000);
    assert.equal(subscriptions.length, 3, 'a closed inbox stays closed');
  });

  it('refuses an authorised-key list with something that is not a public key', () => {
    const { pool } = subscriptionPool();
    assert.throws(
      () =>
        openTaskInbox({
          pool,
          relays: ['ws://relay'],
          identity: agent,
          authorised: ['alice'],
          seen: fileSeenStore(path.join(root, 'bad.txt')),
          onTask: () => {},
          log: () => {},
        }),
      RangeError,
    );
  });
});
