/**
 * `state.json`: what an agent must not forget across a restart: its knowledge of the world, the task it
 * is working (with the step it reached and its recent steps), tasks waiting, counters, and the time of its
 * last heartbeat. Written atomically after every step, so a killed agent resumes where it stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { TaskSchema } from '../tasks/task.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { AgentError } from './errors.ts';

const ObservationSchema = z.object({ ok: z.boolean(), text: z.string(), refused: z.string().optional() });

export const StepRecordSchema = z.object({
  tool: z.string(),
  input: z.unknown(),
  reason: z.string(),
  observation: ObservationSchema,
});

const Tokens = z.object({ prompt: z.number(), completion: z.number() });

export const CurrentTaskSchema = z.object({
  task: TaskSchema,
  /** Steps taken so far; the next step is `step + 1`. */
  step: z.number().int().min(0),
  /** The last steps, oldest first (bounded). */
  history: z.array(StepRecordSchema),
  startedAt: z.number(),
  tokens: Tokens,
});
export type CurrentTask = z.infer<typeof CurrentTaskSchema>;

export const AgentStateSchema = z.object({
  version: z.literal(1),
  agent: z.string(),
  /** The knowledge record of agents/knowledge (plain JSON). */
  knowledge: z.unknown(),
  task: CurrentTaskSchema.nullable(),
  /** Tasks from in-world requests and `enqueue()` not begun yet, in order. */
  queue: z.array(TaskSchema),
  stats: z.object({
    steps: z.number().int().min(0),
    tasksCompleted: z.number().int().min(0),
    tasksFailed: z.number().int().min(0),
  }),
  /** The last finished tasks, newest last (bounded), for `timmy agent list` and tests. */
  finished: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(['completed', 'failed']),
      summary: z.string(),
      steps: z.number(),
      at: z.number(),
    }),
  ),
  lastHeartbeat: z.number().nullable(),
  lastStepAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

export function freshState(agent: string, knowledge: unknown, now: number): AgentState {
  return {
    version: 1,
    agent,
    knowledge,
    task: null,
    queue: [],
    stats: { steps: 0, tasksCompleted: 0, tasksFailed: 0 },
    finished: [],
    lastHeartbeat: null,
    lastStepAt: null,
    updatedAt: now,
  };
}

/** The saved state, or undefined when there is none yet. */
export function loadState(file: string): AgentState | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AgentError('AGENT_ERR_STATE_CORRUPT', `${file} is not JSON: ${(error as Error).message}`, {
      cause: error,
      fix: `move ${file} away to start the agent afresh`,
    });
  }
  const parsed = AgentStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError(
      'AGENT_ERR_STATE_CORRUPT',
      `${file} is not an agent state: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
      { fix: `move ${file} away to start the agent afresh` },
    );
  }
  return parsed.data;
}

export function saveState(file: string, state: AgentState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`);
}
