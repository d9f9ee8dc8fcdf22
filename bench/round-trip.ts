/**
 * Benchmark 1: per-command round trip through mud-client (`MudSession.send`) against a raw-socket baseline
 * on the same Evennia, over telnet and websocket, for `look` (a real command) and `idle` (answered by the
 * `text` inputfunc without running a command). Raw and mud-client alternate command by command, so drift
 * hits both alike.
 *
 * Pacing: stock Evennia 5.0.1 never sets TCP_NODELAY, and on its Portal<->Server AMP link Nagle's
 * algorithm met the 40 ms delayed ACK (a command sent within ~44 ms of the previous one waited for that
 * window); evennia-game now turns Nagle off there. The paced series leave PAUSE_MS between commands and
 * measure the round trip itself; the back-to-back series show what a client sending as fast as it can gets.
 */

import { createAccounts } from './account-creation.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { startEvenniaServer } from './evennia-server.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { TRANSPORT_KINDS, type TransportKind } from './mud-sessions.ts';
import { connectMudClient, connectRawClient, type TimedClient } from './round-trip-clients.ts';
import { percentile, ratio } from './statistics.ts';

const WARMUP = 20;
const PAUSE_MS = 50;
const BACK_TO_BACK_ITERATIONS = 40;
/** Without the marker mud-client waits out a 300 ms quiet period per command: keep the run bounded. */
const ITERATIONS_WITHOUT_MARKER = 20;
const COMMANDS = ['look', 'idle'] as const;

interface Samples {
  ms: number[];
  cpuMicroseconds: number;
}

interface Series {
  transport: TransportKind;
  command: string;
  pacing: 'paced' | 'back-to-back';
  pauseMs: number;
  iterations: number;
  raw: Samples;
  mudClient: Samples;
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function measureSeries(
  clients: [TimedClient, TimedClient],
  command: string,
  iterations: number,
  pauseMs: number,
): Promise<{ raw: Samples; mudClient: Samples }> {
  const samples = {
    raw: { ms: [] as number[], cpuMicroseconds: 0 },
    'mud-client': { ms: [] as number[], cpuMicroseconds: 0 },
  };
  for (let index = 0; index < WARMUP + iterations; index++) {
    const order = index % 2 === 0 ? clients : ([clients[1], clients[0]] as const);
    for (const client of order) {
      if (pauseMs > 0) await pause(pauseMs);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await client.roundTrip(command);
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      if (index < WARMUP) continue;
      samples[client.label].ms.push(elapsed);
      samples[client.label].cpuMicroseconds += cpu.user + cpu.system;
    }
  }
  return { raw: samples.raw, mudClient: samples['mud-client'] };
}

function seriesRow(series: Series): string[] {
  const raw = { p50: percentile(series.raw.ms, 50), p99: percentile(series.raw.ms, 99) };
  const mud = { p50: percentile(series.mudClient.ms, 50), p99: percentile(series.mudClient.ms, 99) };
  const cpu = {
    raw: series.raw.cpuMicroseconds / series.iterations,
    mud: series.mudClient.cpuMicroseconds / series.iterations,
  };
  return [
    series.transport,
    series.command,
    series.pacing === 'paced' ? `${series.pauseMs} ms pause` : 'back-to-back',
    String(series.iterations),
    cell(raw.p50),
    cell(raw.p99),
    cell(mud.p50),
    cell(mud.p99),
    ratioCell(ratio(mud.p50, raw.p50)),
    ratioCell(ratio(mud.p99, raw.p99)),
    cell(cpu.raw, 0),
    cell(cpu.mud, 0),
    ratioCell(ratio(cpu.mud, cpu.raw)),
  ];
}

function summary(series: Series) {
  const describe = (samples: Samples) => ({
    p50Ms: percentile(samples.ms, 50),
    p90Ms: percentile(samples.ms, 90),
    p99Ms: percentile(samples.ms, 99),
    minMs: percentile(samples.ms, 0),
    maxMs: percentile(samples.ms, 100),
    cpuMicrosecondsPerCommand: samples.cpuMicroseconds / series.iterations,
    samplesMs: samples.ms.map(value => Math.round(value * 1000) / 1000),
  });
  return {
    transport: series.transport,
    command: series.command,
    pacing: series.pacing,
    pauseMs: series.pauseMs,
    iterations: series.iterations,
    raw: describe(series.raw),
    mudClient: describe(series.mudClient),
  };
}

async function run(options: BenchmarkOptions): Promise<BenchmarkReport> {
  options.log('starting Evennia');
  const server = await startEvenniaServer();
  const series: Series[] = [];
  const notes: string[] = [];
  const correlation: Record<string, unknown> = {};
  try {
    const accounts = await createAccounts(server, 'roundtrip', 2 * TRANSPORT_KINDS.length, 4);
    for (const [index, transport] of TRANSPORT_KINDS.entries()) {
      const mudAccount = accounts[2 * index];
      const rawAccount = accounts[2 * index + 1];
      if (!mudAccount || !rawAccount) throw new Error('account creation returned too few accounts');
      const mudClient = await connectMudClient(server, transport, mudAccount);
      const raw = await connectRawClient(server, transport, rawAccount, mudClient.markerSupported);
      try {
        const iterations = mudClient.markerSupported ? options.iterations : ITERATIONS_WITHOUT_MARKER;
        if (!mudClient.markerSupported) {
          notes.push(
            `${transport}: the server did not announce cmd_done: mud-client used its quiet-period heuristic and the raw baseline timed the first reply bytes; ${iterations} iterations only.`,
          );
        }
        for (const command of COMMANDS) {
          options.log(`${transport} ${command}: ${iterations} paced round trips each`);
          const measured = await measureSeries([raw, mudClient], command, iterations, PAUSE_MS);
          series.push({ transport, command, pacing: 'paced', pauseMs: PAUSE_MS, iterations, ...measured });
        }
        const backToBack = Math.min(BACK_TO_BACK_ITERATIONS, iterations);
        options.log(`${transport} look: ${backToBack} back-to-back round trips each`);
        const measured = await measureSeries([raw, mudClient], 'look', backToBack, 0);
        series.push({
          transport,
          command: 'look',
          pacing: 'back-to-back',
          pauseMs: 0,
          iterations: backToBack,
          ...measured,
        });
        correlation[transport] = {
          markerSupported: mudClient.markerSupported,
          methods: mudClient.methods,
          uncorrelated: mudClient.uncorrelated,
        };
        if (mudClient.uncorrelated > 0) {
          notes.push(
            `${transport}: ${mudClient.uncorrelated} mud-client results were not correlated by the marker.`,
          );
        }
      } finally {
        await Promise.all([raw.close(), mudClient.close()]);
      }
    }
  } finally {
    await server.stop();
  }
  const table = markdownTable(
    [
      'transport',
      'command',
      'pacing',
      'n',
      'raw p50 ms',
      'raw p99 ms',
      'mud-client p50 ms',
      'mud-client p99 ms',
      'ratio p50',
      'ratio p99',
      'raw CPU µs/cmd',
      'mud-client CPU µs/cmd',
      'ratio CPU',
    ],
    series.map(seriesRow),
  );
  notes.push(
    `ratio = mud-client / raw; ${WARMUP} warm-up round trips per client and series are not counted; raw and mud-client alternate command by command.`,
    `CPU = this Node process's user+system CPU from send to end of output, per command.`,
    `Back-to-back rows: each command is sent as soon as the previous one ended (stock Evennia made these wait ~44 ms for a delayed ACK on its AMP link; evennia-game turns Nagle off there); paced rows leave ${PAUSE_MS} ms between commands.`,
  );
  return {
    table,
    notes,
    data: { warmup: WARMUP, pauseMs: PAUSE_MS, correlation, series: series.map(summary) },
  };
}

export const roundTrip: Benchmark = {
  name: 'round-trip',
  description: 'per-command round trip, mud-client vs a raw socket, telnet and websocket',
  run,
};
