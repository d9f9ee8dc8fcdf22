import { existsSync } from 'node:fs';
import {
  DEFAULT_LINEAGE_FILE,
  findDefinition,
  readLineageFile,
} from '../../agents/definitions/definition-file.ts';
import { agentPaths } from '../../agents/runtime/agent-paths.ts';
import type { AgentLogger, RuntimeEvent } from '../../agents/runtime/agent-runtime.ts';
import { loadState } from '../../agents/runtime/agent-state.ts';
import { addBacklogTask } from '../../agents/runtime/backlog.ts';
import { AgentError } from '../../agents/runtime/errors.ts';
import { startLineage } from '../../agents/runtime/start-lineage.ts';
import { readSuperuserCredentials } from '../../world-seed/world-session.ts';
import { type CliCommand, stringOption, UsageError } from '../cli-command.ts';
import { BRAIN_HELP, BRAIN_OPTIONS, brainOption, gameAddress } from './agent-options.ts';

export const agentCommand: CliCommand = {
  name: 'agent',
  summary: 'The lineage of AI agents: list them with their state, or run one against the running game',
  help: [
    'Usage: timmy agent list [--json] [--file F]',
    '       timmy agent run <name> [--brain goap|ollama] [--model M] [--task "text"] [--file F]',
    '',
    '  list   every agent of the lineage file with its role, brain, current task, steps taken,',
    '         tasks completed and failed, and its last heartbeat (from .timmy/agents/<name>/state.json)',
    "  run    provision the agent's account and run it in the running game (npm start) until Ctrl-C;",
    "         with --task, until that task ends (it is added to the agent's backlog.yaml first).",
    '         An unfinished task from an earlier run is resumed at the step it reached.',
    '',
    'Options:',
    '  --file F             the lineage file (default agents/lineage.yaml)',
    '  --task TEXT          run: a task in words ("go to the Teaching Grove", "read the sovereignty stone")',
    ...BRAIN_HELP,
    '  --json               list: print the list as JSON',
    '',
    'The game is found as npm start runs it (EVENNIA_INTERFACE, EVENNIA_TELNET_PORT, EVENNIA_WEBSOCKET_PORT);',
    'accounts are provisioned as the superuser whose credentials are in .timmy/secrets/superuser.json.',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    file: { type: 'string' },
    task: { type: 'string' },
    ...BRAIN_OPTIONS,
  },
  async run(values, positionals) {
    const action = positionals[0];
    try {
      if (action === 'list') {
        if (positionals.length > 1) throw new UsageError('list takes no arguments');
        return list(values);
      }
      if (action === 'run') {
        if (positionals.length !== 2) throw new UsageError('run takes one agent name');
        return await run(positionals[1] as string, values);
      }
      throw new UsageError('expected list or run');
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      console.error(`timmy agent ${action}: ${error.message}`);
      if (error.fix) console.error(`  fix: ${error.fix}`);
      return 1;
    }
  },
};

function list(values: Record<string, unknown>): number {
  const lineage = readLineageFile(stringOption(values, 'file') ?? DEFAULT_LINEAGE_FILE);
  const rows = lineage.agents.map(definition => {
    const paths = agentPaths(definition.name);
    const state = existsSync(paths.state) ? loadState(paths.state) : undefined;
    return {
      name: definition.name,
      parent: definition.parent,
      role: definition.role,
      brain: definition.brain.kind === 'ollama' ? `ollama (${definition.brain.model})` : 'goap',
      task: state?.task
        ? { id: state.task.task.id, title: state.task.task.title, step: state.task.step }
        : null,
      steps: state?.stats.steps ?? 0,
      tasksCompleted: state?.stats.tasksCompleted ?? 0,
      tasksFailed: state?.stats.tasksFailed ?? 0,
      lastHeartbeat: state?.lastHeartbeat ? new Date(state.lastHeartbeat).toISOString() : null,
    };
  });
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    console.log(`${row.name}${row.parent ? ` (child of ${row.parent})` : ''}: ${row.role}`);
    console.log(
      `  brain ${row.brain}; ${row.steps} steps, ${row.tasksCompleted} tasks completed, ${row.tasksFailed} failed; last heartbeat ${row.lastHeartbeat ?? 'never'}`,
    );
    console.log(`  ${row.task ? `working on "${row.task.title}" (step ${row.task.step})` : 'no task'}`);
  }
  return 0;
}

async function run(name: string, values: Record<string, unknown>): Promise<number> {
  const file = stringOption(values, 'file') ?? DEFAULT_LINEAGE_FILE;
  const definition = findDefinition(readLineageFile(file), name);
  const taskText = stringOption(values, 'task');
  const taskId = taskText ? `cli-${Date.now()}` : undefined;
  if (taskText && taskId)
    addBacklogTask(agentPaths(definition.name).backlog, { id: taskId, title: taskText });
  const logger: AgentLogger = {
    info: message => console.log(message),
    warn: message => console.error(message),
  };
  const brain = brainOption(values);
  const lineage = await startLineage({
    game: gameAddress(),
    superuser: readSuperuserCredentials(),
    lineageFile: file,
    only: [definition.name],
    ...(brain ? { brain } : {}),
    progress: message => console.log(message),
    logger,
  });
  const agent = lineage.agents[0];
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>(resolve => {
    finish = resolve;
  });
  agent?.onEvent((event: RuntimeEvent) => {
    if (event.kind === 'step') {
      const { decision, observation } = event;
      console.log(
        `step ${event.step}${event.task ? ` of ${event.task.id}` : ''}: ${decision.tool} ${JSON.stringify(decision.input ?? {})} → ${observation.ok ? 'ok' : 'failed'}: ${observation.text.split('\n')[0]?.slice(0, 120)}`,
      );
    }
    if (event.kind === 'task-end' && event.report.task.id === taskId)
      finish(event.report.outcome.status === 'completed' ? 0 : 1);
  });
  const onSignal = () => finish(130);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  const code = await done;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
  console.log(`Stopping ${definition.name} ...`);
  await lineage.stop();
  return code === 130 ? 0 : code;
}
