/**
 * The GOAP brain: deterministic, no model. At every step it re-plans from what the agent knows now (the
 * knowledge record plus the room it stands in) towards the task's goal, or without a task towards the
 * standing goal of highest utility, and returns the plan's first step as a decision whose reason shows
 * the plan ("plan: go north → read sovereignty stone (goal: read all lesson stones)"). It only ever returns
 * a tool offered at this step, with input that tool accepts here; when nothing applies it waits or looks.
 */
import { emptyKnowledge, type Knowledge, readKnowledge } from '../../knowledge/knowledge.ts';
import { learnRoom } from '../../knowledge/learn-room.ts';
import { checkCall } from '../../tools/check-call.ts';
import type { Brain, Decision, DecisionContext } from '../brain.ts';
import { AT, type GoalVerdict, type GoapGoal, type StepPayload } from './facts.ts';
import { DEFAULT_MAX_EXPANSIONS, plan } from './planner.ts';
import { standingGoals } from './standing-goals.ts';
import { taskGoal } from './task-goals.ts';
import { worldActions } from './world-actions.ts';

export interface GoapBrainOptions {
  /** Planner expansions per goal and step; default 20 000. */
  maxExpansions?: number;
  /** Seconds to wait when there is nothing to do; default 30. */
  idleSeconds?: number;
}

const PLAN_SHOWN = 6;

function planText(steps: readonly StepPayload[]): string {
  const shown = steps.slice(0, PLAN_SHOWN).map(step => step.label);
  const more = steps.length > PLAN_SHOWN ? ` → … (${steps.length} steps)` : '';
  return `${shown.join(' → ')}${more}`;
}

/** The knowledge the context carries (or none), with the room the agent stands in learned. */
function currentKnowledge(context: DecisionContext): Knowledge {
  const known = readKnowledge(context.knowledge) ?? emptyKnowledge();
  // Planning never depends on time; a fixed "now" keeps decisions equal for equal inputs.
  const latest = Object.values(known.rooms).reduce((max, room) => Math.max(max, room.seenAt), 0);
  return learnRoom(known, context.room, latest + 1);
}

export function decideGoap(context: DecisionContext, options: GoapBrainOptions = {}): Decision {
  const knowledge = currentKnowledge(context);
  const offered = new Set(context.tools.map(tool => tool.definition.name));
  const accepted = (tool: string, input: unknown) => checkCall(context.tools, tool, input).ok;
  const decision = (tool: string, input: unknown, reason: string): Decision => ({
    tool,
    input,
    reason,
    brain: 'goap',
  });
  const finish = (verdict: GoalVerdict): Decision | undefined =>
    accepted('complete', verdict.finish)
      ? decision('complete', verdict.finish, `${verdict.finish.summary} (goal: ${verdict.name})`)
      : undefined;

  const goals: (GoapGoal | GoalVerdict)[] = context.task
    ? [taskGoal(context.task.goal, { knowledge, room: context.room, history: context.history })]
    : standingGoals(knowledge, context.room, context.agent.goals);
  const actions = worldActions(knowledge, offered);
  const failures: string[] = [];
  for (const goal of goals) {
    if ('finish' in goal) {
      const finished = finish(goal);
      if (finished) return finished;
      continue;
    }
    const result = plan(
      { [AT]: knowledge.currentRoom ?? context.room.dbref, ...goal.start },
      goal.facts,
      [...actions, ...goal.actions],
      { maxExpansions: options.maxExpansions ?? DEFAULT_MAX_EXPANSIONS },
    );
    const first = result.actions[0];
    if (
      result.outcome === 'found' &&
      first &&
      offered.has(first.payload.tool) &&
      accepted(first.payload.tool, first.payload.input)
    ) {
      const steps = result.actions.map(action => action.payload);
      return decision(
        first.payload.tool,
        first.payload.input,
        `plan: ${planText(steps)} (goal: ${goal.name})`,
      );
    }
    failures.push(`${goal.name}: ${result.outcome === 'found' ? 'nothing to do' : result.outcome}`);
    if (context.task) {
      const finished = finish({
        name: goal.name,
        finish: { status: 'failed', summary: `I found no way to ${goal.name} (${result.outcome}).` },
      });
      if (finished) return finished;
    }
  }
  const why = failures.length > 0 ? `no plan (${failures.join('; ')})` : 'nothing to do';
  const seconds = options.idleSeconds ?? 30;
  if (accepted('wait', { seconds })) return decision('wait', { seconds }, `${why}; waiting`);
  if (accepted('look', {})) return decision('look', {}, `${why}; looking around`);
  const fallback = context.tools[0]?.definition.name ?? 'wait';
  return decision(fallback, {}, `${why}; no wait or look offered`);
}

export class GoapBrain implements Brain {
  readonly name = 'goap' as const;
  private readonly _options: GoapBrainOptions;

  constructor(options: GoapBrainOptions = {}) {
    this._options = options;
  }

  async decide(context: DecisionContext): Promise<Decision> {
    const started = performance.now();
    const decision = decideGoap(context, this._options);
    return { ...decision, ms: Math.round((performance.now() - started) * 1000) / 1000 };
  }
}
