/**
 * Runs the mud-client benchmarks (all, or those named) and prints one markdown table per benchmark with
 * its baselines measured in the same run. Results also go to bench/results/<name>.json.
 *
 *   npm run bench                                   # everything, full sizes
 *   npm run bench -- round-trip --iterations 50     # one benchmark, smaller
 *   npm run bench -- concurrent-logins --clients 20
 */
import { agentFleet } from './agent-fleet.ts';
import type { Benchmark } from './benchmark.ts';
import { brainDecisions } from './brain-decisions.ts';
import { parseCommandLine, USAGE } from './command-line.ts';
import { concurrentLogins } from './concurrent-logins.ts';
import { giteaOperations } from './gitea-operations.ts';
import { goapPlan } from './goap-plan.ts';
import { machineInfo, machineNote } from './machine.ts';
import { memoryRetrieval } from './memory-retrieval.ts';
import { nostrPublish } from './nostr-publish.ts';
import { outboxThroughput } from './outbox-throughput.ts';
import { writeResults } from './results-file.ts';
import { roundTrip } from './round-trip.ts';
import { worldApply } from './world-apply.ts';

const BENCHMARKS: readonly Benchmark[] = [
  roundTrip,
  concurrentLogins,
  worldApply,
  memoryRetrieval,
  agentFleet,
  outboxThroughput,
  nostrPublish,
  goapPlan,
  giteaOperations,
  brainDecisions,
];

async function main(): Promise<number> {
  const commandLine = parseCommandLine(process.argv.slice(2));
  if (commandLine.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = commandLine.names.filter(name => !BENCHMARKS.some(benchmark => benchmark.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const selected =
    commandLine.names.length === 0
      ? BENCHMARKS
      : BENCHMARKS.filter(benchmark => commandLine.names.includes(benchmark.name));
  const machine = machineInfo();
  for (const benchmark of selected) {
    const started = performance.now();
    const log = (message: string) => process.stderr.write(`# ${benchmark.name}: ${message}\n`);
    log(benchmark.description);
    const report = await benchmark.run({
      clients: commandLine.clients,
      iterations: commandLine.iterations,
      log,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const file = writeResults(benchmark.name, {
      benchmark: benchmark.name,
      date: new Date().toISOString(),
      machine,
      options: { clients: commandLine.clients, iterations: commandLine.iterations },
      wallSeconds,
      notes: report.notes,
      ...report.data,
    });
    process.stdout.write(
      [
        `\n## ${benchmark.name}: ${benchmark.description}\n`,
        report.table,
        '',
        ...report.notes.map(note => `- ${note}`),
        `- ${machineNote(machine)}`,
        `- Wall time ${wallSeconds.toFixed(1)} s (including Evennia start and stop). JSON: ${file}`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

process.exitCode = await main();
