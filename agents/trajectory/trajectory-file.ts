/**
 * A task's trajectory as JSONL chat messages (format in README.md): appended line by line as the task
 * runs, so a killed agent loses at most the line being written and a resumed task continues the file.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Decision } from '../brains/brain.ts';
import { AgentError } from '../runtime/errors.ts';
import type { Task, TaskOutcome } from '../tasks/task.ts';
import type { ToolObservation } from '../tools/tool.ts';

export const TRAJECTORY_FORMAT = 'timmy-trajectory/1';

export const TrajectoryMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  tool_calls: z
    .array(
      z.object({
        id: z.string(),
        type: z.literal('function'),
        function: z.object({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});
export type TrajectoryMessage = z.infer<typeof TrajectoryMessageSchema>;

export const TrajectoryMetaSchema = z.object({
  meta: z.object({ event: z.enum(['start', 'resume', 'end']), at: z.number() }).loose(),
});
export type TrajectoryMeta = z.infer<typeof TrajectoryMetaSchema>;

export interface TrajectoryStart {
  agent: string;
  role: string;
  goals: readonly string[];
  task: Task;
  brain: string;
  /** Where the agent stands when the task begins. */
  room: string;
}

export class TrajectoryWriter {
  constructor(
    readonly file: string,
    private readonly _now: () => number = Date.now,
  ) {}

  get exists(): boolean {
    return existsSync(this.file);
  }

  start(start: TrajectoryStart): void {
    this._write({
      meta: {
        format: TRAJECTORY_FORMAT,
        event: 'start',
        agent: start.agent,
        role: start.role,
        task: start.task,
        brain: start.brain,
        at: this._now(),
      },
    });
    this._write({
      role: 'system',
      content: `You are ${start.agent}, ${start.role}. Standing goals: ${start.goals.join(', ') || 'none'}.`,
    });
    this._write({
      role: 'user',
      content: `Task ${start.task.id}: ${start.task.title}${start.task.requestedBy ? ` (asked by ${start.task.requestedBy})` : ''}. You are in ${start.room}.`,
    });
  }

  resume(step: number): void {
    this._write({ meta: { event: 'resume', step, at: this._now() } });
  }

  step(step: number, decision: Decision, observation: ToolObservation): void {
    const id = `call_${step}`;
    this._write({
      role: 'assistant',
      content: decision.reason,
      tool_calls: [
        {
          id,
          type: 'function',
          function: { name: decision.tool, arguments: JSON.stringify(decision.input ?? {}) },
        },
      ],
      brain: decision.brain,
      ...(decision.fallback ? { fallback: decision.fallback } : {}),
    });
    this._write({
      role: 'tool',
      tool_call_id: id,
      name: decision.tool,
      content: observation.text,
      ok: observation.ok,
      ...(observation.refused ? { refused: observation.refused } : {}),
    });
  }

  end(outcome: TaskOutcome, tokens: { prompt: number; completion: number }): void {
    this._write({ meta: { event: 'end', outcome, tokens, at: this._now() } });
  }

  private _write(record: unknown): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}

export interface Trajectory {
  meta: TrajectoryMeta['meta'][];
  messages: TrajectoryMessage[];
}

/** Reads a trajectory file; a torn last line (the process was killed while writing it) is skipped. */
export function readTrajectory(file: string): Trajectory {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '');
  const trajectory: Trajectory = { meta: [], messages: [] };
  lines.forEach((line, index) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      if (index === lines.length - 1) return;
      throw new AgentError(
        'AGENT_ERR_STATE_CORRUPT',
        `${file}:${index + 1}: not JSON: ${(error as Error).message}`,
      );
    }
    const meta = TrajectoryMetaSchema.safeParse(record);
    if (meta.success) trajectory.meta.push(meta.data.meta);
    else {
      const message = TrajectoryMessageSchema.safeParse(record);
      if (!message.success)
        throw new AgentError('AGENT_ERR_STATE_CORRUPT', `${file}:${index + 1}: not a trajectory message`);
      trajectory.messages.push(message.data);
    }
  });
  return trajectory;
}
