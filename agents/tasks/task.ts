/**
 * A task: what an agent is asked to do, with a symbolic goal that the GOAP brain plans for, that
 * `timmy eval` checks against the world, and that an LLM brain sees as `title`. Tasks come from the
 * agent's backlog file, from in-world requests and from the evaluation suite.
 */
import { z } from 'zod';

/** A room or thing named by seed id (`grove-clearing`), key (`Teaching Grove`) or dbref (`#12`). */
const Target = z.string().min(1).max(200);

export const GoalSchema = z.discriminatedUnion('kind', [
  /** Stand in the room. */
  z.object({ kind: z.literal('reach'), room: Target }),
  /** Read a readable thing (a lesson stone, a note). */
  z.object({ kind: z.literal('read'), thing: Target }),
  /** Find a character wherever they are and greet them by name with `say`. */
  z.object({ kind: z.literal('greet'), character: Target }),
  /** Write a note with this text in the room. */
  z.object({ kind: z.literal('note'), room: Target, text: z.string().min(1).max(2000) }),
  /** Go to the room and complete the task with a report naming what is there. */
  z.object({ kind: z.literal('report'), room: Target }),
  /** Say this text in the room. */
  z.object({ kind: z.literal('say'), room: Target, text: z.string().min(1).max(2000) }),
  /** Page a character with this text. */
  z.object({ kind: z.literal('page'), character: Target, text: z.string().min(1).max(2000) }),
  /** Visit every room reachable from here (or of one area). */
  z.object({ kind: z.literal('explore'), area: Target.optional() }),
  /** Anything else: only an LLM brain can attempt it; GOAP completes it as not understood. */
  z.object({ kind: z.literal('free'), text: z.string().min(1).max(2000) }),
]);
export type Goal = z.infer<typeof GoalSchema>;

export const TaskSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(2000),
  goal: GoalSchema,
  source: z.enum(['backlog', 'world', 'eval', 'nostr']).default('backlog'),
  /** Who asked (a character, a public key); shown to the agent as data. */
  requestedBy: z.string().optional(),
  /** Overrides the agent's `limits.maxIterations`. */
  maxIterations: z.number().int().positive().max(1000).optional(),
});
export type Task = z.infer<typeof TaskSchema>;
export type TaskInput = z.input<typeof TaskSchema>;

export type TaskStatus = 'pending' | 'running' | 'completed' | 'failed';

/** How a task ended, as the `complete` tool or the runtime's iteration limit reported it. */
export interface TaskOutcome {
  status: 'completed' | 'failed';
  summary: string;
  steps: number;
}
