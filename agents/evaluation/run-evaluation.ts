/**
 * `timmy eval`: provisions a fresh evaluation agent (and a helper character the tasks look for), gives
 * it every evaluation task in turn through `AgentRuntime.enqueue`, checks each against the world with
 * `world_query`, and reports per task success, steps, tokens and time, and the success rate.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mudSession } from '../../mud-client/index.ts';
import { openWorldSession, type WorldCredentials } from '../../world-seed/world-session.ts';
import { provisionAgent } from '../accounts/provision-agent.ts';
import type { Brain } from '../brains/brain.ts';
import {
  type AgentDefinition,
  AgentDefinitionSchema,
  type BrainConfig,
} from '../definitions/agent-definition.ts';
import { agentPaths } from '../runtime/agent-paths.ts';
import { type AgentLogger, AgentRuntime } from '../runtime/agent-runtime.ts';
import type { AgentToolkit } from '../runtime/agent-toolkit.ts';
import { createBrain } from '../runtime/brain-factory.ts';
import { defaultToolkit } from '../runtime/default-toolkit.ts';
import { AgentError } from '../runtime/errors.ts';
import { defaultSession, type GameAddress } from '../runtime/start-lineage.ts';
import { EVALUATION_TASKS, type EvaluationTask } from './evaluation-tasks.ts';

export interface EvaluationOptions {
  game: GameAddress;
  superuser: WorldCredentials;
  brain: BrainConfig;
  /** Only the tasks with these names (default all). */
  only?: readonly string[];
  progress?: (message: string) => void;
  logger?: AgentLogger;
  toolkit?: AgentToolkit;
  createBrain?: (definition: AgentDefinition) => Brain;
}

export interface EvaluatedTask {
  name: string;
  success: boolean;
  steps: number;
  tokens: number;
  ms: number;
  /** Why the check passed or failed. */
  detail: string;
}

export interface EvaluationResult {
  brain: BrainConfig['kind'];
  model: string | null;
  tasks: EvaluatedTask[];
  successRate: number;
}

export async function runEvaluation(options: EvaluationOptions): Promise<EvaluationResult> {
  const progress = options.progress ?? (() => {});
  const tasks = options.only
    ? EVALUATION_TASKS.filter(task => options.only?.includes(task.name))
    : EVALUATION_TASKS;
  const nonce = randomBytes(3).toString('hex');
  const agentName = `Eval-${nonce}`;
  const friend = `Friend-${nonce}`;
  const letterTitle = `Letter ${nonce}`;
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'timmy-eval-'));
  const { game } = options;
  const admin = await openWorldSession({ host: game.host, port: game.ports.websocket }, options.superuser);
  const friendSession = mudSession({
    transport: 'websocket',
    host: game.host,
    port: game.ports.websocket,
    keepAliveMs: 0,
  });
  let runtime: AgentRuntime | undefined;
  try {
    const definition = AgentDefinitionSchema.parse({
      name: agentName,
      role: 'an agent under evaluation',
      brain: options.brain,
      goals: ['explore'],
      limits: { maxIterations: 60, taskStepMs: 0, idleStepMs: 60_000 },
      transport: 'telnet',
    });
    const account = await provisionAgent(admin, definition, agentPaths(agentName, stateRoot));
    const helper = await provisionAgent(
      admin,
      { name: friend, builder: false, parent: null, role: 'a helper the evaluation tasks look for' },
      agentPaths(friend, stateRoot),
    );
    progress(`Evaluating ${agentName} (${options.brain.kind}) on ${tasks.length} tasks; helper ${friend}`);
    // The helper waits in the Learning Library, where it has left a letter for the agent to read.
    await friendSession.connect();
    await friendSession.login(friend, helper.password);
    for (const line of [
      'north',
      'west',
      `write ${letterTitle} = To whoever reads this: the archive keeps ${nonce}.`,
    ]) {
      await friendSession.send(line);
    }

    runtime = new AgentRuntime({
      definition,
      paths: agentPaths(agentName, stateRoot),
      password: account.password,
      brain: (options.createBrain ?? (item => createBrain(item.brain, options.logger)))(definition),
      toolkit: options.toolkit ?? defaultToolkit(),
      session: defaultSession(definition, game),
      heartbeat: false,
      useBacklog: false,
      idle: false,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    await runtime.start();
    const results: EvaluatedTask[] = [];
    for (const evaluation of tasks) {
      const result = await runOne(evaluation, runtime, {
        admin,
        agent: agentName,
        friend,
        letterTitle,
        nonce,
      });
      results.push(result);
      progress(
        `  ${result.success ? 'pass' : 'FAIL'} ${result.name}: ${result.steps} steps, ${result.tokens} tokens, ${Math.round(result.ms)} ms${result.success ? '' : ` (${result.detail})`}`,
      );
    }
    const successes = results.filter(result => result.success).length;
    return {
      brain: options.brain.kind,
      model: options.brain.kind === 'ollama' ? options.brain.model : null,
      tasks: results,
      successRate: results.length === 0 ? 0 : successes / results.length,
    };
  } finally {
    await runtime?.stop();
    await friendSession.close();
    await admin.close();
    rmSync(stateRoot, { recursive: true, force: true });
  }
}

async function runOne(
  evaluation: EvaluationTask,
  runtime: AgentRuntime,
  context: {
    admin: Awaited<ReturnType<typeof openWorldSession>>;
    agent: string;
    friend: string;
    letterTitle: string;
    nonce: string;
  },
): Promise<EvaluatedTask> {
  const report = await runtime.enqueue({
    ...evaluation.task(context),
    id: `eval-${evaluation.name}`,
    source: 'eval',
  });
  let check: { success: boolean; detail: string };
  try {
    check = await evaluation.check({ ...context, report, knowledge: runtime.state.knowledge });
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    check = { success: false, detail: error.message };
  }
  return {
    name: evaluation.name,
    success: check.success,
    steps: report.outcome.steps,
    tokens: report.tokens.prompt + report.tokens.completion,
    ms: Math.round(report.ms),
    detail: check.detail,
  };
}

/** The `--json` form: exactly `{brain, model, tasks: [{name, success, steps, tokens, ms}], successRate}`. */
export function evaluationJson(result: EvaluationResult): string {
  return JSON.stringify({
    brain: result.brain,
    model: result.model,
    tasks: result.tasks.map(({ name, success, steps, tokens, ms }) => ({ name, success, steps, tokens, ms })),
    successRate: result.successRate,
  });
}

export function evaluationTable(result: EvaluationResult): string {
  const width = Math.max(4, ...result.tasks.map(task => task.name.length));
  const lines = [
    `${'task'.padEnd(width)}  result  steps  tokens       ms`,
    ...result.tasks.map(
      task =>
        `${task.name.padEnd(width)}  ${(task.success ? 'pass' : 'FAIL').padEnd(6)}  ${String(task.steps).padStart(5)}  ${String(task.tokens).padStart(6)}  ${String(task.ms).padStart(7)}`,
    ),
    '',
    `Success rate: ${(result.successRate * 100).toFixed(0)}% (${result.tasks.filter(task => task.success).length}/${result.tasks.length}) with ${result.brain}${result.model ? ` (${result.model})` : ''}.`,
  ];
  return lines.join('\n');
}
