/**
 * A generic GOAP planner: A* over world states from `start` to a state satisfying `goal`, with relevance
 * pruning (relevant-actions.ts), an admissible heuristic (the unsatisfied goal facts, at most as many per
 * action as the best action fixes, each at least the cheapest cost) and a cap on expansions. Ties are
 * broken by f, then h, then the order actions were given in (sorted by id), so equal inputs give equal
 * plans. States are compared only on the facts some relevant action can change.
 */
import { relevantActions } from './relevant-actions.ts';
import { type FactValue, factHolds, type PlanAction, satisfies, type WorldState } from './world-state.ts';

export interface PlanOptions {
  /** States taken off the open list before giving up; default 20 000. */
  maxExpansions?: number;
}

export type PlanOutcome = 'found' | 'no-plan' | 'cap';

export interface PlanResult<Payload> {
  outcome: PlanOutcome;
  /** The actions in order (empty when the goal already holds or no plan was found). */
  actions: PlanAction<Payload>[];
  cost: number;
  expansions: number;
  /** How many actions survived relevance pruning. */
  relevant: number;
}

export const DEFAULT_MAX_EXPANSIONS = 20_000;

interface Compiled<Payload> {
  action: PlanAction<Payload>;
  /** [slot, value] over the changeable facts. */
  needs: [number, FactValue][];
  sets: [number, FactValue][];
}

interface SearchNode {
  values: (FactValue | undefined)[];
  g: number;
  h: number;
  f: number;
  sequence: number;
  parent: SearchNode | undefined;
  via: number;
}

/** A binary min-heap on (f, h, sequence). */
class OpenList {
  private readonly nodes: SearchNode[] = [];
  get size(): number {
    return this.nodes.length;
  }
  private static before(a: SearchNode, b: SearchNode): boolean {
    return a.f !== b.f ? a.f < b.f : a.h !== b.h ? a.h < b.h : a.sequence < b.sequence;
  }
  push(node: SearchNode): void {
    const nodes = this.nodes;
    nodes.push(node);
    let index = nodes.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!OpenList.before(nodes[index] as SearchNode, nodes[parent] as SearchNode)) break;
      [nodes[index], nodes[parent]] = [nodes[parent] as SearchNode, nodes[index] as SearchNode];
      index = parent;
    }
  }
  pop(): SearchNode | undefined {
    const nodes = this.nodes;
    const top = nodes[0];
    const last = nodes.pop();
    if (nodes.length > 0 && last) {
      nodes[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < nodes.length && OpenList.before(nodes[left] as SearchNode, nodes[smallest] as SearchNode))
          smallest = left;
        if (
          right < nodes.length &&
          OpenList.before(nodes[right] as SearchNode, nodes[smallest] as SearchNode)
        )
          smallest = right;
        if (smallest === index) break;
        [nodes[index], nodes[smallest]] = [nodes[smallest] as SearchNode, nodes[index] as SearchNode];
        index = smallest;
      }
    }
    return top;
  }
}

const holds = (actual: FactValue | undefined, value: FactValue) =>
  actual === undefined ? value === false : actual === value;

export function plan<Payload>(
  start: WorldState,
  goal: WorldState,
  actions: readonly PlanAction<Payload>[],
  options: PlanOptions = {},
): PlanResult<Payload> {
  const maxExpansions = options.maxExpansions ?? DEFAULT_MAX_EXPANSIONS;
  if (satisfies(start, goal)) return { outcome: 'found', actions: [], cost: 0, expansions: 0, relevant: 0 };
  const relevant = relevantActions(start, goal, actions).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const slots = new Map<string, number>();
  for (const action of relevant)
    for (const name of Object.keys(action.effects)) if (!slots.has(name)) slots.set(name, slots.size);
  // A precondition on a fact no relevant action changes is decided by the start state, once.
  const compiled: Compiled<Payload>[] = [];
  for (const action of relevant) {
    const needs: [number, FactValue][] = [];
    let possible = true;
    for (const [name, value] of Object.entries(action.preconditions)) {
      const slot = slots.get(name);
      if (slot === undefined) possible &&= factHolds(start, name, value);
      else needs.push([slot, value]);
    }
    if (!possible) continue;
    compiled.push({
      action,
      needs,
      sets: Object.entries(action.effects).map(([name, value]) => [slots.get(name) as number, value]),
    });
  }
  const goalFacts: [number | undefined, string, FactValue][] = Object.entries(goal).map(([name, value]) => [
    slots.get(name),
    name,
    value,
  ]);
  if (goalFacts.some(([slot, name, value]) => slot === undefined && !factHolds(start, name, value))) {
    return { outcome: 'no-plan', actions: [], cost: 0, expansions: 0, relevant: relevant.length };
  }
  const minCost = Math.min(...compiled.map(entry => entry.action.cost));
  const goalSlots = goalFacts.filter(([slot]) => slot !== undefined) as [number, string, FactValue][];
  const fixesPerAction = Math.max(
    1,
    ...compiled.map(
      entry =>
        entry.sets.filter(([slot, value]) =>
          goalSlots.some(([goalSlot, , goalValue]) => goalSlot === slot && goalValue === value),
        ).length,
    ),
  );
  const heuristic = (values: (FactValue | undefined)[]) => {
    let missing = 0;
    for (const [slot, , value] of goalSlots) if (!holds(values[slot], value)) missing++;
    return Math.ceil(missing / fixesPerAction) * (Number.isFinite(minCost) ? minCost : 1);
  };
  const keyOf = (values: (FactValue | undefined)[]) =>
    values
      .map(value =>
        value === undefined
          ? ''
          : `${typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b'}${String(value)}`,
      )
      .join('\u0001');

  // Successors: only actions whose first precondition holds are looked at (buckets by that fact), in order.
  const factKey = (slot: number, value: FactValue | undefined) =>
    `${slot}\u0000${typeof (value ?? false)}\u0000${String(value ?? false)}`;
  const buckets = new Map<string, number[]>();
  const unconditional: number[] = [];
  compiled.forEach((entry, index) => {
    const first = entry.needs[0];
    if (!first) {
      unconditional.push(index);
      return;
    }
    const key = factKey(first[0], first[1]);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(index);
    else buckets.set(key, [index]);
  });
  const candidates = (values: (FactValue | undefined)[]): number[] => {
    const found = [...unconditional];
    for (let slot = 0; slot < values.length; slot++) {
      const bucket = buckets.get(factKey(slot, values[slot]));
      if (bucket) found.push(...bucket);
    }
    return found.sort((a, b) => a - b);
  };

  const startValues = [...slots.keys()].map(name => start[name]);
  const open = new OpenList();
  const best = new Map<string, number>();
  let sequence = 0;
  const h0 = heuristic(startValues);
  open.push({ values: startValues, g: 0, h: h0, f: h0, sequence: sequence++, parent: undefined, via: -1 });
  best.set(keyOf(startValues), 0);
  let expansions = 0;
  while (open.size > 0) {
    const node = open.pop() as SearchNode;
    if (node.g > (best.get(keyOf(node.values)) ?? Number.POSITIVE_INFINITY)) continue;
    if (node.h === 0 && goalSlots.every(([slot, , value]) => holds(node.values[slot], value))) {
      const path: PlanAction<Payload>[] = [];
      for (let at: SearchNode | undefined = node; at?.parent; at = at.parent) {
        path.push((compiled[at.via] as Compiled<Payload>).action);
      }
      return {
        outcome: 'found',
        actions: path.reverse(),
        cost: node.g,
        expansions,
        relevant: relevant.length,
      };
    }
    if (expansions >= maxExpansions) {
      return { outcome: 'cap', actions: [], cost: 0, expansions, relevant: relevant.length };
    }
    expansions++;
    for (const index of candidates(node.values)) {
      const entry = compiled[index] as Compiled<Payload>;
      if (!entry.needs.every(([slot, value]) => holds(node.values[slot], value))) continue;
      const values = node.values.slice();
      for (const [slot, value] of entry.sets) values[slot] = value;
      const key = keyOf(values);
      const g = node.g + entry.action.cost;
      if (g >= (best.get(key) ?? Number.POSITIVE_INFINITY)) continue;
      best.set(key, g);
      const h = heuristic(values);
      open.push({ values, g, h, f: g + h, sequence: sequence++, parent: node, via: index });
    }
  }
  return { outcome: 'no-plan', actions: [], cost: 0, expansions, relevant: relevant.length };
}
