import { EVALUATION_TASKS } from '../../agents/evaluation/evaluation-tasks.ts';
import { evaluationJson, evaluationTable, runEvaluation } from '../../agents/evaluation/run-evaluation.ts';
import { AgentError } from '../../agents/runtime/errors.ts';
import { readSuperuserCredentials } from '../../world-seed/world-session.ts';
import { type CliCommand, UsageError } from '../cli-command.ts';
import { BRAIN_HELP, BRAIN_OPTIONS, brainOption, gameAddress } from './agent-options.ts';

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Evaluate a brain on in-world tasks checked against the running game',
  help: [
    'Usage: timmy eval [--brain goap|ollama] [--model M] [--json] [--task NAME ...]',
    '',
    'Provisions a fresh evaluation agent and a helper character in the running game (npm start), gives',
    'the agent each task in turn, checks the world afterwards (world_query: where it stands, what it',
    'read, said, paged and wrote) and prints per task success, steps, tokens and milliseconds, then the',
    'success rate. Exits 1 unless every task passed.',
    '',
    `Tasks: ${EVALUATION_TASKS.map(task => task.name).join(', ')}`,
    '',
    'Options:',
    ...BRAIN_HELP,
    '  --task NAME          only this task (repeatable)',
    '  --json               print {"brain","model","tasks":[{"name","success","steps","tokens","ms"}],"successRate"}',
  ].join('\n'),
  options: { json: { type: 'boolean' }, task: { type: 'string', multiple: true }, ...BRAIN_OPTIONS },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError('eval takes no arguments');
    const only = Array.isArray(values.task) ? (values.task as string[]) : undefined;
    const unknown = only?.filter(name => !EVALUATION_TASKS.some(task => task.name === name)) ?? [];
    if (unknown.length > 0) throw new UsageError(`unknown task ${unknown.join(', ')}`);
    const json = Boolean(values.json);
    try {
      const result = await runEvaluation({
        game: gameAddress(),
        superuser: readSuperuserCredentials(),
        brain: brainOption(values) ?? { kind: 'goap' },
        ...(only ? { only } : {}),
        progress: message => (json ? process.stderr : process.stdout).write(`${message}\n`),
      });
      console.log(json ? evaluationJson(result) : evaluationTable(result));
      return result.successRate === 1 ? 0 : 1;
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      console.error(`timmy eval: ${error.message}`);
      if (error.fix) console.error(`  fix: ${error.fix}`);
      return 1;
    }
  },
};
