/**
 * Benchmark: the GOAP planner (agents/brains/goap/planner.ts: A* with relevance pruning and an admissible
 * heuristic) against a naive baseline in the same run (breadth-first search over every action, no
 * pruning, no heuristic), on two domains:
 *
 * 1. lineage: the real world of world-seed/timmy-world.yaml as an agent that has been everywhere knows it
 *    (every exit, every thing, a look in every room), standing in Limbo; goal: read every lesson stone;
 * 2. generated: 500 actions drawn from a fixed seed: 60 places joined by 430 one-way paths, and 70 items
 *    lying about (picking one up needs standing there, some also need another item); goal: three items.
 *
 * Each series plans `--iterations` times (at most 200, fewer once it has run 10 s) after a warm-up; the table gives p50/p99 in µs,
 * expansions and plan cost, and the baseline's ratio to the planner. No server is started.
 */
import { planBreadthFirst } from '../agents/brains/goap/breadth-first-plan.ts';
import { AT, type GoapAction, readFact } from '../agents/brains/goap/facts.ts';
import { type PlanResult, plan } from '../agents/brains/goap/planner.ts';
import { worldActions } from '../agents/brains/goap/world-actions.ts';
import type { PlanAction, WorldState } from '../agents/brains/goap/world-state.ts';
import { emptyKnowledge } from '../agents/knowledge/knowledge.ts';
import { learnRoom } from '../agents/knowledge/learn-room.ts';
import { seedWorld } from '../agents/knowledge/testing/seed-world.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { percentile, ratio } from './statistics.ts';

const MAX_SAMPLES = 200;
const WARM_UP = 20;
/** Warm-up stops early once it has taken this long (after the first plan). */
const WARM_UP_BUDGET_MS = 2_000;
/** A series stops early (at 3 samples or more) once it has taken this long: the baseline is slow. */
const SERIES_BUDGET_MS = 10_000;
/** Enough for the baseline to finish both domains; the planner needs far fewer. */
const MAX_EXPANSIONS = 1_000_000;

interface Domain {
  name: string;
  start: WorldState;
  goal: WorldState;
  actions: readonly PlanAction<unknown>[];
}

function lineageDomain(): Domain {
  const world = seedWorld();
  let knowledge = emptyKnowledge();
  for (const room of world.rooms.values()) knowledge = learnRoom(knowledge, room, 1);
  const limbo = world.rooms.get('limbo');
  const stones = world.rooms.get('grove.lesson-stones');
  if (!limbo || !stones) throw new Error('the world file has no Limbo or no Lesson Stones');
  knowledge = learnRoom(knowledge, limbo, 2);
  const actions: GoapAction[] = worldActions(knowledge, new Set(['go', 'read', 'look', 'say']));
  const goal = Object.fromEntries(
    stones.things
      .filter(thing => thing.typeclass.endsWith('LessonStone'))
      .map(thing => [readFact(thing.dbref), true]),
  );
  return { name: 'lineage: read every lesson stone', start: { [AT]: limbo.dbref }, goal, actions };
}

/** A small deterministic generator (a linear congruential one), so every run plans the same domain. */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return below => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % below;
  };
}

function generatedDomain(): Domain {
  const next = generator(20_260_329);
  const places = 60;
  const actions: PlanAction<unknown>[] = [];
  // A ring keeps every place reachable; the other paths are random shortcuts.
  for (let place = 0; place < places; place++) {
    actions.push({
      id: `path ${place}>${(place + 1) % places}`,
      cost: 1,
      preconditions: { at: `p${place}` },
      effects: { at: `p${(place + 1) % places}` },
      payload: null,
    });
  }
  while (actions.length < 430) {
    const from = next(places);
    const to = next(places);
    if (from === to) continue;
    actions.push({
      id: `path ${from}>${to} ${actions.length}`,
      cost: 1 + next(3),
      preconditions: { at: `p${from}` },
      effects: { at: `p${to}` },
      payload: null,
    });
  }
  for (let item = 0; item < 70; item++) {
    const preconditions: Record<string, string | boolean> = { at: `p${next(places)}` };
    if (item >= 10 && next(3) === 0) preconditions[`item${next(item)}`] = true;
    actions.push({
      id: `take item${item}`,
      cost: 1,
      preconditions,
      effects: { [`item${item}`]: true },
      payload: null,
    });
  }
  return {
    name: 'generated: 500 actions, 3 items',
    start: { at: 'p0' },
    goal: { item61: true, item47: true, item33: true },
    actions,
  };
}

interface Series {
  microseconds: number[];
  result: PlanResult<unknown>;
}

type Planner = (
  start: WorldState,
  goal: WorldState,
  actions: readonly PlanAction<unknown>[],
) => PlanResult<unknown>;

function measure(domain: Domain, planner: Planner, samples: number): Series {
  const warming = performance.now();
  let result = planner(domain.start, domain.goal, domain.actions);
  for (let run = 1; run < WARM_UP && performance.now() - warming < WARM_UP_BUDGET_MS; run++) {
    planner(domain.start, domain.goal, domain.actions);
  }
  const microseconds: number[] = [];
  const began = performance.now();
  for (let run = 0; run < samples; run++) {
    if (run >= 3 && performance.now() - began > SERIES_BUDGET_MS) break;
    const started = performance.now();
    result = planner(domain.start, domain.goal, domain.actions);
    microseconds.push((performance.now() - started) * 1000);
  }
  return { microseconds, result };
}

export const goapPlan: Benchmark = {
  name: 'goap-plan',
  description: 'GOAP planning (A* with relevance pruning) against breadth-first search, in process',
  async run(options: BenchmarkOptions): Promise<BenchmarkReport> {
    const samples = Math.min(options.iterations, MAX_SAMPLES);
    const planners: [string, Planner][] = [
      [
        'A* + pruning',
        (start, goal, actions) => plan(start, goal, actions, { maxExpansions: MAX_EXPANSIONS }),
      ],
      [
        'breadth-first (baseline)',
        (start, goal, actions) => planBreadthFirst(start, goal, actions, { maxExpansions: MAX_EXPANSIONS }),
      ],
    ];
    const rows: string[][] = [];
    const data: Record<string, unknown> = {};
    for (const domain of [lineageDomain(), generatedDomain()]) {
      const measured: Record<
        string,
        {
          samples: number;
          p50: number;
          p99: number;
          expansions: number;
          cost: number;
          outcome: string;
          relevant: number;
        }
      > = {};
      for (const [label, planner] of planners) {
        options.log(`${domain.name}: ${label}, ${samples} plans`);
        const series = measure(domain, planner, samples);
        measured[label] = {
          samples: series.microseconds.length,
          p50: percentile(series.microseconds, 50),
          p99: percentile(series.microseconds, 99),
          expansions: series.result.expansions,
          cost: series.result.cost,
          outcome: series.result.outcome,
          relevant: series.result.relevant,
        };
      }
      const astar = measured['A* + pruning'];
      for (const [label] of planners) {
        const row = measured[label];
        if (!row || !astar) continue;
        const baseline = label !== 'A* + pruning';
        rows.push([
          domain.name,
          label,
          String(row.samples),
          `${row.relevant}/${domain.actions.length}`,
          cell(row.p50, 0),
          cell(row.p99, 0),
          String(row.expansions),
          row.outcome === 'found' ? String(row.cost) : row.outcome,
          baseline ? ratioCell(ratio(row.p50, astar.p50)) : '1.00x',
          baseline ? ratioCell(ratio(row.expansions, astar.expansions)) : '1.00x',
        ]);
      }
      data[domain.name] = measured;
    }
    const table = markdownTable(
      [
        'domain',
        'planner',
        'plans',
        'actions used',
        'p50 µs',
        'p99 µs',
        'expansions',
        'plan cost',
        'p50 ratio',
        'expansions ratio',
      ],
      rows,
    );
    return {
      table,
      notes: [
        `Up to ${samples} plans per series after up to ${WARM_UP} warm-up plans (${WARM_UP_BUDGET_MS / 1000} s at most; a series stops after ${SERIES_BUDGET_MS / 1000} s, at 3 plans or more); ratios are baseline / A* (higher: the planner is faster).`,
        '"actions used": the actions left after relevance pruning (the baseline uses all of them).',
        'Breadth-first finds the fewest actions, so on the generated domain (paths cost 1 to 3) its plan can cost more.',
      ],
      data,
    };
  },
};
