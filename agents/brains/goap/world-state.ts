/** The GOAP vocabulary: a world state is a map of facts; actions have preconditions, effects and a cost. */
export type FactValue = string | number | boolean;

/** Facts by name. A missing fact equals `false` (and nothing else). */
export type WorldState = Readonly<Record<string, FactValue>>;

export interface PlanAction<Payload = unknown> {
  /** Unique and stable: ties between equally good plans are broken by it. */
  id: string;
  /** Positive. */
  cost: number;
  preconditions: WorldState;
  effects: WorldState;
  payload: Payload;
}

export function factHolds(state: WorldState, name: string, value: FactValue): boolean {
  const actual = state[name];
  return actual === undefined ? value === false : actual === value;
}

export function satisfies(state: WorldState, facts: WorldState): boolean {
  return Object.entries(facts).every(([name, value]) => factHolds(state, name, value));
}

export function unsatisfied(state: WorldState, facts: WorldState): [string, FactValue][] {
  return Object.entries(facts).filter(([name, value]) => !factHolds(state, name, value));
}
