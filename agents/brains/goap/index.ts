/** Public surface of the GOAP brain and its generic planner. */
export { planBreadthFirst } from './breadth-first-plan.ts';
export type { GoalVerdict, GoapAction, GoapGoal, StepPayload } from './facts.ts';
export { decideGoap, GoapBrain, type GoapBrainOptions } from './goap-brain.ts';
export {
  DEFAULT_MAX_EXPANSIONS,
  type PlanOptions,
  type PlanOutcome,
  type PlanResult,
  plan,
} from './planner.ts';
export { relevantActions } from './relevant-actions.ts';
export { type StandingGoal, standingGoals } from './standing-goals.ts';
export { roomReport, type TaskSituation, taskGoal } from './task-goals.ts';
export { worldActions } from './world-actions.ts';
export { type FactValue, type PlanAction, satisfies, type WorldState } from './world-state.ts';
