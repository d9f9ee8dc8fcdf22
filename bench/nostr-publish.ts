/**
 * Benchmark: publishing one signed event to a local relay (nostr-rs-relay from the test harness) and
 * waiting for its OK, three ways in the same run, interleaved event by event so drift hits all alike:
 *
 * - raw: one `ws` connection sending `["EVENT", …]` and waiting for `["OK", …]` (the baseline);
 * - bridge: the deliverer's path, nostr-tools' pool via `publishToRelays`;
 * - outbox: the whole bridge path, `enqueueEvent` into a real SQLite outbox (fsync'd) until `settled`.
 *
 * Then throughput: a burst of events sent at once, raw (pipelined on one socket) and through the outbox.
 * Events are signed before timing starts; signing is not part of any series.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateIdentity, type NostrIdentity } from '../bridges/nostr/agent-key.ts';
import {
  enqueueEvent,
  publishToRelays,
  registerNostrDeliverers,
} from '../bridges/nostr/publish-deliverer.ts';
import { createRelayPool } from '../bridges/nostr/relay-pool.ts';
import { Outbox } from '../bridges/outbox/outbox.ts';
import { startRelay } from '../test/harness/nostr-relay.ts';
import { RawNostrClient } from '../test/harness/raw-nostr-client.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { percentile, ratio } from './statistics.ts';

const WARMUP = 20;
const BURST = 200;
const SERIES = ['raw', 'bridge', 'outbox'] as const;
type SeriesName = (typeof SERIES)[number];

let sequence = 0;
function note(identity: NostrIdentity) {
  sequence++;
  return identity.sign({
    kind: 1,
    created_at: Math.floor(Date.now() / 1000),
    tags: [['t', 'timmy-bench']],
    content: `bench note ${sequence} ${Math.random()}`,
  });
}

async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const relay = await startRelay();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-nostr-bench-'));
  const pool = createRelayPool();
  const outbox = new Outbox({ file: path.join(directory, 'outbox.sqlite') });
  const raw = await RawNostrClient.connect(relay.url);
  try {
    registerNostrDeliverers(outbox, pool, [relay.url]);
    outbox.start();
    const identity = generateIdentity();
    const samples: Record<SeriesName, number[]> = { raw: [], bridge: [], outbox: [] };
    const send: Record<SeriesName, (event: ReturnType<typeof note>) => Promise<void>> = {
      raw: async event => {
        const answer = await raw.publish(event);
        if (!answer.accepted) throw new Error(`relay refused: ${answer.message}`);
      },
      bridge: async event => {
        const [outcome] = await publishToRelays(pool, [relay.url], event);
        if (!outcome?.accepted) throw new Error(`relay refused: ${outcome?.message}`);
      },
      outbox: async event => {
        const settled = await outbox.settled(enqueueEvent(outbox, event).entry.id, 30_000);
        if (settled.status !== 'delivered') throw new Error(`outbox: ${settled.lastError}`);
      },
    };
    options.log(`relay ${relay.url}; ${options.iterations} events per series after ${WARMUP} warm-up`);
    for (let index = 0; index < WARMUP + options.iterations; index++) {
      const order = SERIES.map((_, offset) => SERIES[(index + offset) % SERIES.length] as SeriesName);
      for (const name of order) {
        const event = note(identity);
        const started = performance.now();
        await send[name](event);
        if (index >= WARMUP) samples[name].push(performance.now() - started);
      }
    }

    options.log(`burst of ${BURST} events, raw then outbox`);
    const rawBurst = Array.from({ length: BURST }, () => note(identity));
    let started = performance.now();
    const answers = await Promise.all(rawBurst.map(event => raw.publish(event, 60_000)));
    const rawBurstMs = performance.now() - started;
    if (answers.some(answer => !answer.accepted)) throw new Error('the relay refused part of the raw burst');
    const outboxBurst = Array.from({ length: BURST }, () => note(identity));
    started = performance.now();
    const entries = outboxBurst.map(event => enqueueEvent(outbox, event).entry);
    const settled = await Promise.all(entries.map(entry => outbox.settled(entry.id, 120_000)));
    const outboxBurstMs = performance.now() - started;
    if (settled.some(entry => entry.status !== 'delivered'))
      throw new Error('part of the outbox burst failed');

    const stats = Object.fromEntries(
      SERIES.map(name => [name, { p50: percentile(samples[name], 50), p99: percentile(samples[name], 99) }]),
    ) as Record<SeriesName, { p50: number; p99: number }>;
    const rows = SERIES.map(name => [
      name,
      cell(stats[name].p50),
      cell(stats[name].p99),
      ratioCell(ratio(stats[name].p50, stats.raw.p50)),
      cell(1000 / stats[name].p50, 0),
    ]);
    const throughput = {
      raw: (BURST / rawBurstMs) * 1000,
      outbox: (BURST / outboxBurstMs) * 1000,
    };
    const table = [
      markdownTable(['path', 'p50 ms', 'p99 ms', 'p50 vs raw', 'events/s one at a time'], rows),
      '',
      markdownTable(
        ['burst', 'events', 'ms', 'events/s'],
        [
          ['raw, pipelined on one socket', String(BURST), cell(rawBurstMs, 0), cell(throughput.raw, 0)],
          ['outbox (2 in flight)', String(BURST), cell(outboxBurstMs, 0), cell(throughput.outbox, 0)],
        ],
      ),
    ].join('\n');
    return {
      table,
      notes: [
        'raw = one ws EVENT/OK round trip; bridge = nostr-tools pool through publishToRelays (the deliverer); ' +
          'outbox = enqueue into the SQLite outbox (synchronous=full) until settled.',
        `Relay: nostr-rs-relay from the test harness, SQLite in a temporary directory, ${relay.url}.`,
      ],
      data: {
        iterations: options.iterations,
        warmup: WARMUP,
        samples: stats,
        burst: BURST,
        rawBurstMs,
        outboxBurstMs,
        throughput,
      },
    };
  } finally {
    await raw.close();
    await outbox.close();
    pool.destroy();
    await relay.dispose();
    rmSync(directory, { recursive: true, force: true });
  }
}

export const nostrPublish: Benchmark = {
  name: 'nostr-publish',
  description: 'publish latency to a local relay: raw ws vs the bridge vs the outbox, and events/s',
  run,
};
