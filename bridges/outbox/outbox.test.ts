import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BridgeError } from '../errors.ts';
import { Outbox, type OutboxOptions } from './outbox.ts';
import { ManualClock } from './outbox-clock.ts';
import { type DeliveryContext, DeliveryError } from './outbox-contract.ts';
import { OutboxStore } from './outbox-store.ts';

const temporary = mkdtempSync(path.join(tmpdir(), 'timmy-outbox-'));
after(() => rmSync(temporary, { recursive: true, force: true }));

/** Lets queued deliveries and their bookkeeping run. */
async function flush(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise(resolve => setImmediate(resolve));
}

function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function makeOutbox(options: Partial<OutboxOptions> = {}) {
  const clock = new ManualClock();
  const outbox = new Outbox({
    file: ':memory:',
    clock,
    random: () => 0,
    backoff: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
    maxAttempts: 3,
    ...options,
  });
  return { clock, outbox };
}

const request = (key: string, payload: unknown = { key }) =>
  ({ bridge: 'gitea', kind: 'issue.create', idempotencyKey: key, payload }) as const;

describe('Outbox.enqueue', () => {
  it('records an entry as pending before any deliverer exists', () => {
    const { outbox } = makeOutbox();
    const { entry, duplicate } = outbox.enqueue(request('a', { title: 'hello' }));
    assert.equal(duplicate, false);
    assert.equal(entry.status, 'pending');
    assert.equal(entry.attempts, 0);
    assert.deepEqual(entry.payload, { title: 'hello' });
    assert.deepEqual(outbox.stats(), { pending: 1, delivering: 0, delivered: 0, dead: 0 });
  });

  it('returns the existing entry for a key that was already enqueued', () => {
    const { outbox } = makeOutbox();
    const first = outbox.enqueue(request('same', { version: 1 }));
    const second = outbox.enqueue(request('same', { version: 2 }));
    assert.equal(second.duplicate, true);
    assert.equal(second.entry.id, first.entry.id);
    assert.deepEqual(second.entry.payload, { version: 1 });
    assert.equal(outbox.stats().pending, 1);
  });

  it('keeps the same key apart in different bridges', () => {
    const { outbox } = makeOutbox();
    outbox.enqueue(request('k'));
    const other = outbox.enqueue({ bridge: 'nostr', kind: 'issue.create', idempotencyKey: 'k', payload: 1 });
    assert.equal(other.duplicate, false);
  });
});

describe('Outbox delivery', () => {
  it('delivers an entry and settles it with the deliverer result', async () => {
    const { outbox } = makeOutbox();
    const seen: DeliveryContext[] = [];
    outbox.register('gitea', 'issue.create', async (payload: { key: string }, context) => {
      seen.push(context);
      return { number: 7, key: payload.key };
    });
    outbox.start();
    const { entry } = outbox.enqueue(request('x'));
    const settled = await outbox.settled(entry.id);
    assert.equal(settled.status, 'delivered');
    assert.deepEqual(settled.result, { number: 7, key: 'x' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.attempt, 1);
    assert.equal(seen[0]?.idempotencyKey, 'x');
  });

  it('retries a failed delivery only after its backoff delay, telling the deliverer the attempt number', async () => {
    const { clock, outbox } = makeOutbox();
    const attempts: number[] = [];
    outbox.register('gitea', 'issue.create', async (_payload, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error('502 Bad Gateway');
      return 'ok';
    });
    outbox.start();
    const { entry } = outbox.enqueue(request('r'));
    await flush();
    assert.deepEqual(attempts, [1]);
    assert.equal(outbox.entry(entry.id)?.lastError, '502 Bad Gateway');
    clock.advance(499); // backoff after one failure: 500..1000 ms, jitter 0 gives 500
    await flush();
    assert.deepEqual(attempts, [1]);
    clock.advance(1);
    await flush();
    assert.deepEqual(attempts, [1, 2]);
    clock.advance(1_000); // after two failures: 1000 ms
    const settled = await outbox.settled(entry.id);
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(settled.status, 'delivered');
  });

  it('parks an entry as a dead letter after its last attempt and retry() gives it a new budget', async () => {
    const { clock, outbox } = makeOutbox({ maxAttempts: 2 });
    const attempts: number[] = [];
    let healthy = false;
    outbox.register('gitea', 'issue.create', async (_payload, context) => {
      attempts.push(context.attempt);
      if (!healthy) throw new Error('connection refused');
      return 'ok';
    });
    outbox.start();
    const { entry } = outbox.enqueue(request('d'));
    await flush();
    clock.advance(60_000);
    const dead = await outbox.settled(entry.id);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.lastError, 'connection refused');
    assert.deepEqual(
      outbox.deadLetters().map(letter => letter.id),
      [entry.id],
    );
    healthy = true;
    outbox.retry(entry.id);
    const delivered = await outbox.settled(entry.id);
    assert.equal(delivered.status, 'delivered');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.deepEqual(outbox.deadLetters(), []);
  });

  it('sends a permanent failure straight to the dead letters', async () => {
    const { outbox } = makeOutbox({ maxAttempts: 5 });
    let calls = 0;
    outbox.register('gitea', 'issue.create', async () => {
      calls++;
      throw new DeliveryError('401 wrong token', { retryable: false });
    });
    outbox.start();
    const { entry } = outbox.enqueue(request('p'));
    const settled = await outbox.settled(entry.id);
    assert.equal(settled.status, 'dead');
    assert.equal(calls, 1);
    assert.equal(outbox.stats().dead, 1);
  });

  it('refuses to retry an entry that is not a dead letter', () => {
    const { outbox } = makeOutbox();
    const { entry } = outbox.enqueue(request('n'));
    assert.throws(
      () => outbox.retry(entry.id),
      (error: unknown) => {
        return error instanceof BridgeError && error.code === 'BRIDGE_ERR_OUTBOX_UNKNOWN_ENTRY';
      },
    );
  });

  it('aborts an attempt that outlives its lease and retries it', async () => {
    const { clock, outbox } = makeOutbox({ leaseMs: 5_000 });
    const signals: AbortSignal[] = [];
    outbox.register('gitea', 'issue.create', (_payload, context) => {
      signals.push(context.signal);
      if (context.attempt === 1) return new Promise(() => {});
      return Promise.resolve('second time lucky');
    });
    outbox.start();
    const { entry } = outbox.enqueue(request('slow'));
    await flush();
    clock.advance(5_000);
    await flush();
    assert.equal(signals[0]?.aborted, true);
    assert.match(outbox.entry(entry.id)?.lastError ?? '', /BRIDGE_ERR_TIMEOUT/);
    clock.advance(1_000);
    assert.equal((await outbox.settled(entry.id)).result, 'second time lucky');
  });

  it('keeps entries of a bridge without a deliverer pending', async () => {
    const { outbox } = makeOutbox();
    outbox.register('gitea', 'issue.create', async () => 'ok');
    outbox.start();
    outbox.enqueue({ bridge: 'nostr', kind: 'event.publish', idempotencyKey: 'e1', payload: {} });
    const { entry } = outbox.enqueue(request('g1'));
    await outbox.settled(entry.id);
    assert.deepEqual(outbox.stats(), { pending: 1, delivering: 0, delivered: 1, dead: 0 });
  });

  it('rejects settled() with a timeout error when the entry does not settle in time', async () => {
    const { clock, outbox } = makeOutbox();
    const { entry } = outbox.enqueue(request('never'));
    const waiting = outbox.settled(entry.id, 1_000);
    clock.advance(1_000);
    await assert.rejects(waiting, (error: unknown) => {
      return error instanceof BridgeError && error.code === 'BRIDGE_ERR_OUTBOX_TIMEOUT';
    });
  });

  it('tells onSettled listeners about delivered entries', async () => {
    const { outbox } = makeOutbox();
    const settled: string[] = [];
    outbox.onSettled(entry => settled.push(`${entry.idempotencyKey}:${entry.status}`));
    outbox.register('gitea', 'issue.create', async () => 'ok');
    outbox.start();
    const { entry } = outbox.enqueue(request('l'));
    await outbox.settled(entry.id);
    assert.deepEqual(settled, ['l:delivered']);
  });
});

describe('Outbox concurrency and order', () => {
  it('keeps at most maxInFlightPerBridge deliveries in flight per bridge', async () => {
    const { outbox } = makeOutbox({ maxInFlightPerBridge: 2 });
    const gates = new Map<string, ReturnType<typeof deferred>>();
    let running = 0;
    let peak = 0;
    const deliverer = async (payload: { key: string }) => {
      running++;
      peak = Math.max(peak, running);
      const gate = deferred();
      gates.set(payload.key, gate);
      await gate.promise;
      running--;
      return payload.key;
    };
    outbox.register('gitea', 'issue.create', deliverer);
    outbox.register('nostr', 'event.publish', deliverer);
    outbox.start();
    const ids = ['a', 'b', 'c', 'd'].map(key => outbox.enqueue(request(key)).entry.id);
    outbox.enqueue({ bridge: 'nostr', kind: 'event.publish', idempotencyKey: 'n', payload: { key: 'n' } });
    await flush();
    assert.deepEqual([...gates.keys()].sort(), ['a', 'b', 'n']);
    assert.equal(outbox.stats().delivering, 3);
    for (let round = 0; round < 4; round++) {
      for (const gate of gates.values()) gate.resolve(undefined);
      await flush();
    }
    for (const id of ids) assert.equal((await outbox.settled(id)).status, 'delivered');
    assert.equal(peak, 3);
  });

  it('delivers an ordered stream one entry at a time in enqueue order, waiting out a failure', async () => {
    const { clock, outbox } = makeOutbox({ maxInFlightPerBridge: 4 });
    const delivered: string[] = [];
    let failedOnce = false;
    outbox.register(
      'journal',
      'journal.append',
      async (payload: { line: string }) => {
        if (payload.line === 'first' && !failedOnce) {
          failedOnce = true;
          throw new Error('index.lock exists');
        }
        delivered.push(payload.line);
      },
      { ordered: true },
    );
    outbox.start();
    const ids = ['first', 'second', 'third'].map(
      line =>
        outbox.enqueue({ bridge: 'journal', kind: 'journal.append', idempotencyKey: line, payload: { line } })
          .entry.id,
    );
    await flush();
    assert.deepEqual(delivered, []);
    assert.equal(outbox.stats().pending, 3);
    clock.advance(1_000);
    for (const id of ids) await outbox.settled(id);
    assert.deepEqual(delivered, ['first', 'second', 'third']);
  });
});

describe('Outbox after a crash', () => {
  it('returns entries left delivering to pending on start and tells the deliverer it is not the first attempt', async () => {
    const file = path.join(temporary, 'crash.sqlite');
    const crashed = new OutboxStore(file);
    const { entry } = crashed.enqueue(request('c'), 1_000);
    assert.equal(crashed.claim([entry.id], 1_000, 61_000).length, 1);
    crashed.close(); // the process died here: the row stays `delivering`

    const clock = new ManualClock(2_000);
    const outbox = new Outbox({ file, clock });
    assert.equal(outbox.stats().delivering, 1);
    const attempts: number[] = [];
    outbox.register('gitea', 'issue.create', async (_payload, context) => {
      attempts.push(context.attempt);
      return 'found the issue of attempt 1';
    });
    outbox.start();
    const settled = await outbox.settled(entry.id);
    assert.equal(settled.status, 'delivered');
    assert.deepEqual(attempts, [2]);
    await outbox.close();
  });

  it('keeps delivered entries and dead letters across a reopen', async () => {
    const file = path.join(temporary, 'reopen.sqlite');
    const first = new Outbox({ file, clock: new ManualClock(), maxAttempts: 1 });
    first.register('gitea', 'issue.create', async (payload: { key: string }) => {
      if (payload.key === 'bad') throw new Error('422');
      return 'ok';
    });
    first.start();
    const good = first.enqueue(request('good')).entry.id;
    const bad = first.enqueue(request('bad')).entry.id;
    await first.settled(good);
    await first.settled(bad);
    await first.close();

    const second = new Outbox({ file, clock: new ManualClock() });
    assert.deepEqual(second.stats(), { pending: 0, delivering: 0, delivered: 1, dead: 1 });
    assert.equal(second.enqueue(request('good')).duplicate, true);
    assert.equal(second.deadLetters()[0]?.lastError, '422');
    await second.close();
  });
});
