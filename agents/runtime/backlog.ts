/**
 * `backlog.yaml`: tasks the operator gives an agent, taken in order. A pending entry is a task title
 * (`- go to the Teaching Grove`) or `{title, id?, goal?, maxIterations?}`; without a goal the title is
 * parsed into one. When a task ends it is moved from `pending` to `done` with its outcome:
 *
 *     pending:
 *       - go to the Teaching Grove
 *       - { id: stones, title: read the sovereignty stone }
 *     done:
 *       - { id: b-3f2a9c1e, title: greet Allegro, status: completed, summary: ..., steps: 4, at: ... }
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { type Goal, GoalSchema, type Task, type TaskOutcome } from '../tasks/task.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { AgentError } from './errors.ts';

const PendingEntry = z.union([
  z.string().min(1).max(2000),
  z
    .object({
      id: z.string().min(1).max(100).optional(),
      title: z.string().min(1).max(2000),
      goal: GoalSchema.optional(),
      maxIterations: z.number().int().positive().max(1000).optional(),
    })
    .strict(),
]);

const DoneEntry = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['completed', 'failed']),
    summary: z.string(),
    steps: z.number(),
    at: z.string(),
  })
  .loose();

const BacklogSchema = z
  .object({
    pending: z.array(PendingEntry).nullable().default([]),
    done: z.array(DoneEntry).nullable().default([]),
  })
  .strict();

type Backlog = { pending: z.infer<typeof PendingEntry>[]; done: z.infer<typeof DoneEntry>[] };

export type ParseTaskText = (text: string) => Goal;

function readBacklog(file: string): Backlog {
  if (!existsSync(file)) return { pending: [], done: [] };
  let json: unknown;
  try {
    json = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new AgentError(
      'AGENT_ERR_BACKLOG',
      `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = BacklogSchema.safeParse(Array.isArray(json) ? { pending: json } : json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError(
      'AGENT_ERR_BACKLOG',
      `${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message} (expected pending: [task title or {title, id?, goal?}])`,
    );
  }
  return { pending: parsed.data.pending ?? [], done: parsed.data.done ?? [] };
}

/** The id of a pending entry: its own, else derived from its title (and its rank among equal titles). */
function entryIds(pending: Backlog['pending']): string[] {
  const seen = new Map<string, number>();
  return pending.map(entry => {
    if (typeof entry !== 'string' && entry.id) return entry.id;
    const title = typeof entry === 'string' ? entry : entry.title;
    const base = `b-${createHash('sha256').update(title).digest('hex').slice(0, 8)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

/** The first pending task of the backlog, or undefined. */
export function nextBacklogTask(file: string, parseTaskText: ParseTaskText): Task | undefined {
  const backlog = readBacklog(file);
  const entry = backlog.pending[0];
  if (entry === undefined) return undefined;
  const id = entryIds(backlog.pending)[0] as string;
  const title = typeof entry === 'string' ? entry : entry.title;
  const goal = typeof entry === 'string' || !entry.goal ? parseTaskText(title) : entry.goal;
  return {
    id,
    title,
    goal,
    source: 'backlog',
    ...(typeof entry !== 'string' && entry.maxIterations ? { maxIterations: entry.maxIterations } : {}),
  };
}

/** Moves the pending entry with this id to `done` with its outcome (nothing when it is not pending). */
export function finishBacklogTask(file: string, id: string, outcome: TaskOutcome, now: number): void {
  const backlog = readBacklog(file);
  const index = entryIds(backlog.pending).indexOf(id);
  if (index === -1) return;
  const [entry] = backlog.pending.splice(index, 1);
  const title = typeof entry === 'string' ? entry : (entry?.title ?? id);
  backlog.done.push({ id, title, ...outcome, at: new Date(now).toISOString() });
  writeFileAtomic(file, stringify(backlog));
}

/** Appends a task title (the operator's way, from code: `timmy agent run --task`, tests). */
export function addBacklogTask(file: string, entry: z.input<typeof PendingEntry>): void {
  const backlog = readBacklog(file);
  backlog.pending.push(PendingEntry.parse(entry));
  writeFileAtomic(file, stringify(backlog));
}
