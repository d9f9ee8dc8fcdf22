/**
 * Benchmark: events per second through the bridges' durable outbox (bridges/outbox/outbox.ts), against
 * naive baselines measured in the same run on the same disk:
 *
 * - write side: `enqueue` alone against a plain `INSERT` per event in the same SQLite settings (WAL,
 *   synchronous=FULL) without the outbox's idempotency lookup;
 * - no-op deliverer: enqueue + deliver until every entry is delivered (claim, deliver, record), in the
 *   outbox's `full` mode (the default: fsync per enqueue, transitions without) and its `normal` mode;
 * - loopback HTTP deliverer: enqueue + deliver by POSTing to a node:http server on 127.0.0.1, against the
 *   same POSTs sent directly without any persistence, at the same concurrency (2 in flight).
 *
 * Events = 5 × --iterations (default 1,500). Needs no Evennia.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Outbox } from '../bridges/outbox/outbox.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { ratio } from './statistics.ts';

const IN_FLIGHT = 2;

interface Series {
  name: string;
  events: number;
  ms: number;
  eventsPerSecond: number;
  baseline?: string;
}

function series(name: string, events: number, ms: number, baseline?: string): Series {
  return { name, events, ms, eventsPerSecond: (events / ms) * 1000, ...(baseline ? { baseline } : {}) };
}

async function timed(work: () => Promise<void> | void): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function plainInserts(file: string, events: number): number {
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = database.prepare('INSERT INTO events (payload) VALUES (?)');
  const started = performance.now();
  for (let index = 0; index < events; index++) insert.run(JSON.stringify({ index }));
  const ms = performance.now() - started;
  database.close();
  return ms;
}

function payload(index: number) {
  return {
    bridge: 'gitea',
    kind: 'bench.event',
    idempotencyKey: `event-${index}`,
    payload: { index },
  } as const;
}

async function outboxRun(
  file: string,
  events: number,
  options: {
    deliver: boolean;
    synchronous: 'full' | 'normal';
    deliverer?: (payload: unknown) => Promise<unknown>;
  },
): Promise<number> {
  const outbox = new Outbox({ file, synchronous: options.synchronous, maxInFlightPerBridge: IN_FLIGHT });
  let delivered = 0;
  let allDelivered!: () => void;
  const done = new Promise<void>(resolve => {
    allDelivered = resolve;
  });
  outbox.onSettled(() => {
    if (++delivered === events) allDelivered();
  });
  outbox.register('gitea', 'bench.event', options.deliverer ?? (async () => null));
  const ms = await timed(async () => {
    if (options.deliver) outbox.start();
    for (let index = 0; index < events; index++) outbox.enqueue(payload(index));
    if (options.deliver) await done;
  });
  await outbox.close();
  return ms;
}

function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    );
  });
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/event` });
    });
  });
}

function httpDeliverer(url: string) {
  return async (body: unknown) => {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`receiver answered ${response.status}`);
    return response.json();
  };
}

async function directPosts(url: string, events: number): Promise<number> {
  const deliver = httpDeliverer(url);
  let next = 0;
  return timed(async () => {
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < events) await deliver({ index: next++ });
      }),
    );
  });
}

export const outboxThroughput: Benchmark = {
  name: 'outbox-throughput',
  description:
    'events/s enqueued and delivered through the bridges outbox against plain INSERTs and direct POSTs',
  async run(options: BenchmarkOptions): Promise<BenchmarkReport> {
    const events = options.iterations * 5;
    const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-bench-outbox-'));
    const file = (name: string) => path.join(directory, `${name}.sqlite`);
    const { server, url } = await startReceiver();
    try {
      const results: Series[] = [];
      options.log(`plain INSERT x${events}`);
      results.push(series('plain INSERT per event (WAL, FULL)', events, plainInserts(file('plain'), events)));
      options.log(`outbox enqueue x${events}`);
      results.push(
        series(
          'outbox enqueue only (full mode)',
          events,
          await outboxRun(file('enqueue'), events, { deliver: false, synchronous: 'full' }),
          'plain INSERT per event (WAL, FULL)',
        ),
      );
      options.log('outbox enqueue + no-op delivery');
      results.push(
        series(
          'outbox enqueue + no-op deliver (full mode)',
          events,
          await outboxRun(file('noop-full'), events, { deliver: true, synchronous: 'full' }),
          'plain INSERT per event (WAL, FULL)',
        ),
      );
      results.push(
        series(
          'outbox enqueue + no-op deliver (normal mode)',
          events,
          await outboxRun(file('noop-normal'), events, { deliver: true, synchronous: 'normal' }),
          'plain INSERT per event (WAL, FULL)',
        ),
      );
      options.log('direct POSTs and outbox + loopback HTTP delivery');
      results.push(
        series(
          `direct POST, no persistence (${IN_FLIGHT} in flight)`,
          events,
          await directPosts(url, events),
        ),
      );
      results.push(
        series(
          'outbox enqueue + HTTP deliver (full mode)',
          events,
          await outboxRun(file('http'), events, {
            deliver: true,
            synchronous: 'full',
            deliverer: httpDeliverer(url),
          }),
          `direct POST, no persistence (${IN_FLIGHT} in flight)`,
        ),
      );
      const rate = (name: string | undefined) =>
        results.find(result => result.name === name)?.eventsPerSecond;
      const table = markdownTable(
        ['series', 'events', 'total ms', 'events/s', 'vs baseline (events/s ratio)'],
        results.map(result => [
          result.name,
          String(result.events),
          cell(result.ms, 0),
          cell(result.eventsPerSecond, 0),
          result.baseline
            ? `${ratioCell(ratio(result.eventsPerSecond, rate(result.baseline)))} of ${result.baseline}`
            : 'baseline',
        ]),
      );
      return {
        table,
        notes: [
          `Outbox with ${IN_FLIGHT} deliveries in flight per bridge; each delivered event costs one enqueue INSERT (fsynced in full mode), one claim UPDATE and one delivered UPDATE (not fsynced: a power cut can only cause a redelivery), each its own transaction.`,
          'enqueue is synchronous, so each outbox series enqueues every event before the first delivery starts: its total is enqueue time plus delivery time, not overlapped.',
          `SQLite files in ${os.tmpdir()} (same filesystem as the project).`,
        ],
        data: { events, series: results },
      };
    } finally {
      await new Promise(resolve => server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    }
  },
};
