/**
 * The facts the GOAP brain plans over (names of world-state keys) and what each planned step carries:
 * the tool call to make and a label for the decision's reason.
 */
import type { PlanAction, WorldState } from './world-state.ts';

export const AT = 'at';
export const DONE = 'done';
export const readFact = (thing: string) => `read:${thing}`;
export const greetedFact = (character: string) => `greeted:${character}`;
export const lookedFact = (room: string) => `looked:${room}`;
export const noteFact = (room: string) => `noted:${room}`;
export const saidFact = (room: string) => `said:${room}`;
export const pagedFact = (character: string) => `paged:${character}`;

export interface StepPayload {
  tool: string;
  input: Record<string, unknown>;
  /** Short words for the reason: `go north`, `read sovereignty stone`. */
  label: string;
}

export type GoapAction = PlanAction<StepPayload>;

/** What the brain works towards at one step. */
export interface GoapGoal {
  /** For the reason: `read all lesson stones`. */
  name: string;
  facts: WorldState;
  /** Facts that hold now besides `at` (what the task history or knowledge says is done). */
  start: WorldState;
  /** Actions only this goal uses (complete, write this note, ...). */
  actions: GoapAction[];
}

/** A goal that cannot be planned for: finish the task at once (or, without a task, idle). */
export interface GoalVerdict {
  name: string;
  finish: { status: 'completed' | 'failed'; summary: string };
}

/** Text safe inside one command line: no control characters, no leading @ / |, bounded. */
export function commandSafe(text: string, max: number, separators = false): string {
  let safe = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/^[\s@/|]+/, '')
    .trim();
  if (separators)
    safe = safe
      .replace(/[=,;:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return safe.slice(0, max);
}
