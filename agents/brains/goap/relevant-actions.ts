/**
 * Relevance pruning: only actions that can contribute to the goal take part in a search. An action is
 * relevant when one of its effects sets a fact to a value the goal needs, or a value a relevant action's
 * precondition needs (backward reachability from the unsatisfied goal facts, to a fixed point).
 */
import { type FactValue, type PlanAction, unsatisfied, type WorldState } from './world-state.ts';

const factId = (name: string, value: FactValue) => `${name}\u0000${typeof value}\u0000${String(value)}`;

export function relevantActions<Payload>(
  start: WorldState,
  goal: WorldState,
  actions: readonly PlanAction<Payload>[],
): PlanAction<Payload>[] {
  const byEffect = new Map<string, number[]>();
  actions.forEach((action, index) => {
    for (const [name, value] of Object.entries(action.effects)) {
      const id = factId(name, value);
      const list = byEffect.get(id);
      if (list) list.push(index);
      else byEffect.set(id, [index]);
    }
  });
  const needed = new Set<string>();
  const pending = unsatisfied(start, goal).map(([name, value]) => factId(name, value));
  const chosen = new Set<number>();
  while (pending.length > 0) {
    const fact = pending.pop() as string;
    if (needed.has(fact)) continue;
    needed.add(fact);
    for (const index of byEffect.get(fact) ?? []) {
      if (chosen.has(index)) continue;
      chosen.add(index);
      const action = actions[index] as PlanAction<Payload>;
      for (const [name, value] of Object.entries(action.preconditions)) pending.push(factId(name, value));
    }
  }
  return [...chosen].sort((a, b) => a - b).map(index => actions[index] as PlanAction<Payload>);
}
