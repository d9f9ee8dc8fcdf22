/**
 * The naive baseline the benchmark measures the planner against: breadth-first search over every action
 * (no relevance pruning, no heuristic), states compared on all facts any action changes. It finds the
 * plan with the fewest actions, which is the cheapest when all costs are equal.
 */
import type { PlanOptions, PlanResult } from './planner.ts';
import { DEFAULT_MAX_EXPANSIONS } from './planner.ts';
import { type PlanAction, satisfies, type WorldState } from './world-state.ts';

interface Node<Payload> {
  state: WorldState;
  parent: Node<Payload> | undefined;
  via: PlanAction<Payload> | undefined;
}

export function planBreadthFirst<Payload>(
  start: WorldState,
  goal: WorldState,
  actions: readonly PlanAction<Payload>[],
  options: PlanOptions = {},
): PlanResult<Payload> {
  const maxExpansions = options.maxExpansions ?? DEFAULT_MAX_EXPANSIONS;
  const changeable = [...new Set(actions.flatMap(action => Object.keys(action.effects)))].sort();
  const keyOf = (state: WorldState) =>
    changeable
      .map(name => {
        const value = state[name] ?? false;
        return `${typeof value}:${String(value)}`;
      })
      .join('\u0001');
  const seen = new Set<string>([keyOf(start)]);
  const queue: Node<Payload>[] = [{ state: start, parent: undefined, via: undefined }];
  let expansions = 0;
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index] as Node<Payload>;
    if (satisfies(node.state, goal)) {
      const path: PlanAction<Payload>[] = [];
      for (let at: Node<Payload> | undefined = node; at?.via; at = at.parent) path.push(at.via);
      path.reverse();
      const cost = path.reduce((sum, action) => sum + action.cost, 0);
      return { outcome: 'found', actions: path, cost, expansions, relevant: actions.length };
    }
    if (expansions >= maxExpansions)
      return { outcome: 'cap', actions: [], cost: 0, expansions, relevant: actions.length };
    expansions++;
    for (const action of actions) {
      if (!satisfies(node.state, action.preconditions)) continue;
      const state = { ...node.state, ...action.effects };
      const key = keyOf(state);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push({ state, parent: node, via: action });
    }
  }
  return { outcome: 'no-plan', actions: [], cost: 0, expansions, relevant: actions.length };
}
