/**
 * Benchmark: building the Timmy world (world-seed/timmy-world.yaml) on a fresh Evennia, three ways, in
 * one run on one server:
 *
 * 1. Evennia's own `batchcommand`, on a `.ev` file generated from the world file (world-seed/batch-file.ts)
 *    into the game's `world/` folder, run by the superuser over a websocket session and timed until its
 *    output ends (the `cmd_done` marker) — the baseline;
 * 2. a full `world apply` (snapshot, plan, dry run, one-transaction apply), repeated after pruning the
 *    seeded objects again;
 * 3. a no-op re-apply of the same file (snapshot and plan; nothing to send).
 *
 * `batchcommand` runs first, on the fresh world. It builds copies of the rooms under the alias
 * `seed-<id>`; the applies then build the seeded world beside them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { batchFile } from '../world-seed/batch-file.ts';
import { type DesiredWorld, desiredWorld } from '../world-seed/desired-world.ts';
import { planWorld } from '../world-seed/planner.ts';
import { applyOperations, fetchSnapshot } from '../world-seed/world-client.ts';
import { DEFAULT_WORLD_FILE, parseWorldFile, readWorldFile } from '../world-seed/world-file.ts';
import { openWorldSession } from '../world-seed/world-session.ts';
import { applyLive } from '../world-seed/world-sync.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { startEvenniaServer } from './evennia-server.ts';
import { machineNote } from './machine.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { percentile, ratio } from './statistics.ts';

const FULL_APPLIES = 3;
const NO_OP_APPLIES = 10;
const BATCH_NAME = 'timmy_world_bench';

interface FullApply {
  totalMs: number;
  snapshotMs: number;
  planMs: number;
  dryRunMs: number;
  applyMs: number;
  operations: number;
}

const median = (samples: readonly number[]) => percentile(samples, 50);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export const worldApply: Benchmark = {
  name: 'world-apply',
  description: 'building the Timmy world: world apply (full and no-op) against Evennia batchcommand',
  async run(options: BenchmarkOptions): Promise<BenchmarkReport> {
    const world = desiredWorld(readWorldFile(DEFAULT_WORLD_FILE));
    // Limbo alone: applying it with prune deletes every seeded object, so a full apply can run again.
    const empty = desiredWorld(
      parseWorldFile('version: 1\nrooms:\n  - { id: limbo, dbref: "#2", key: Limbo }\n', 'limbo-only.yaml'),
    );
    const server = await startEvenniaServer();
    try {
      const batch = batchFile(world);
      const commands = batch.split('\n#\n').length - 1;
      writeFileSync(path.join(server.gameDir, 'world', `${BATCH_NAME}.ev`), batch);
      const session = await openWorldSession(
        { host: server.host, port: server.ports.websocket },
        server.superuser,
      );
      try {
        options.log(`batchcommand ${BATCH_NAME} (${commands} builder commands)`);
        const batchRun = await timed(() =>
          session.send(`batchcommand ${BATCH_NAME}`, { timeoutMs: 600_000 }),
        );
        if (!/Batchfile '.*' applied/.test(batchRun.value.text)) {
          throw new Error(`batchcommand did not finish: ${batchRun.value.text.slice(-300)}`);
        }
        const full: FullApply[] = [];
        for (let run = 0; run < FULL_APPLIES; run++) {
          options.log(`full world apply ${run + 1}/${FULL_APPLIES}`);
          full.push(await fullApply(session, world));
          if (run < FULL_APPLIES - 1) await applyLive(session, empty, { prune: true });
        }
        const noOp: number[] = [];
        for (let run = 0; run < NO_OP_APPLIES; run++) {
          const outcome = await applyLive(session, world);
          if (outcome.plan.operations.length > 0) throw new Error('the re-apply was not a no-op');
          noOp.push(outcome.ms);
        }
        return report(batchRun.ms, commands, full, noOp);
      } finally {
        await session.close();
      }
    } finally {
      await server.stop();
    }
  },
};

/** One full apply, phase by phase (what `applyLive` does, with the clock on each step). */
async function fullApply(
  session: Awaited<ReturnType<typeof openWorldSession>>,
  world: DesiredWorld,
): Promise<FullApply> {
  const started = performance.now();
  const snapshot = await timed(() => fetchSnapshot(session));
  const planned = await timed(async () => planWorld(world, snapshot.value));
  const operations = planned.value.operations;
  const dryRun = await timed(() => applyOperations(session, operations, { dryRun: true }));
  const applied = await timed(() => applyOperations(session, operations));
  return {
    totalMs: performance.now() - started,
    snapshotMs: snapshot.ms,
    planMs: planned.ms,
    dryRunMs: dryRun.ms,
    applyMs: applied.ms,
    operations: operations.length,
  };
}

function report(batchMs: number, commands: number, full: FullApply[], noOp: number[]): BenchmarkReport {
  const fullMs = median(full.map(run => run.totalMs));
  const phase = (pick: (run: FullApply) => number) => median(full.map(pick));
  const noOpMs = median(noOp);
  const row = (what: string, work: string, ms: number, runs: number) => [
    what,
    work,
    cell(ms, 0),
    String(runs),
    ratioCell(ratio(ms, batchMs)),
  ];
  const operations = full[0]?.operations ?? 0;
  const table = markdownTable(
    ['build of the Timmy world', 'work', 'median ms', 'runs', 'vs batchcommand'],
    [
      row('Evennia batchcommand (.ev file)', `${commands} builder commands`, batchMs, 1),
      row('world apply, full', `${operations} operations`, fullMs, full.length),
      row(
        '  of which snapshot',
        'world_snapshot',
        phase(run => run.snapshotMs),
        full.length,
      ),
      row(
        '  of which plan',
        'in Node',
        phase(run => run.planMs),
        full.length,
      ),
      row(
        '  of which dry run',
        'world_apply dryRun',
        phase(run => run.dryRunMs),
        full.length,
      ),
      row(
        '  of which apply',
        'world_apply, one transaction',
        phase(run => run.applyMs),
        full.length,
      ),
      row('world apply, no-op re-apply', 'snapshot + plan, 0 operations', noOpMs, noOp.length),
    ],
  );
  return {
    table,
    notes: [
      'One Evennia 5.0.1 from a temporary copy of evennia-game/ (test password hasher), one websocket session as the superuser.',
      'batchcommand runs first on the fresh world; each full apply after the first follows a prune of the seeded objects.',
      'A full apply times everything `timmy world apply` does after login: snapshot, plan, dry run, apply.',
    ],
    data: {
      batchcommand: { ms: batchMs, commands },
      fullApply: full,
      noOpApplyMs: noOp,
      medians: { batchMs, fullMs, noOpMs },
      ratios: { fullVsBatch: ratio(fullMs, batchMs), noOpVsBatch: ratio(noOpMs, batchMs) },
    },
  };
}

/** Runs this benchmark alone and prints its table (`node --import tsx bench/world-apply.ts`). */
export async function main(): Promise<number> {
  const started = performance.now();
  const log = (message: string) => process.stderr.write(`# world-apply: ${message}\n`);
  const result = await worldApply.run({ clients: 1, iterations: NO_OP_APPLIES, log });
  process.stdout.write(
    [
      `\n## ${worldApply.name}: ${worldApply.description}\n`,
      result.table,
      '',
      ...result.notes.map(note => `- ${note}`),
      `- ${machineNote()}`,
      `- Wall time ${((performance.now() - started) / 1000).toFixed(1)} s (including Evennia start and stop).`,
      '',
    ].join('\n'),
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
