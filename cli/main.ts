import { SupervisorError } from '../supervisor/errors.ts';
import { type CliCommand, parseCommandLine, UsageError } from './cli-command.ts';
import { agentCommand } from './commands/agent.ts';
import { clientCommand } from './commands/client.ts';
import { doctorCommand } from './commands/doctor.ts';
import { evalCommand } from './commands/eval.ts';
import { evenniaCommand } from './commands/evennia.ts';
import { ollamaCommand } from './commands/ollama.ts';
import { pythonLintCommand } from './commands/python-lint.ts';
import { setupCommand } from './commands/setup.ts';
import { upCommand } from './commands/up.ts';
import { worldCommand } from './commands/world.ts';

export const COMMANDS: CliCommand[] = [
  upCommand,
  setupCommand,
  doctorCommand,
  evenniaCommand,
  clientCommand,
  worldCommand,
  agentCommand,
  evalCommand,
  ollamaCommand,
  pythonLintCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map(command => command.name.length));
  return [
    'Usage: timmy <command> [options]      (from a checkout: npm run timmy -- <command>)',
    '',
    'Commands:',
    ...COMMANDS.map(command => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "timmy <command> --help" for the options of a command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find(candidate => candidate.name === name);
  if (!command) {
    console.error(`timmy: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    if (values.help) {
      console.log(command.help);
      return 0;
    }
    return await command.run(values, positionals);
  } catch (error) {
    return reportError(command, error);
  }
}

function reportError(command: CliCommand, error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`timmy ${command.name}: ${error.message} (see timmy ${command.name} --help)`);
    return 2;
  }
  if (error instanceof SupervisorError) {
    console.error(`timmy ${command.name}: ${error.message}`);
    if (error.fix) console.error(`  fix: ${error.fix}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`timmy ${command.name}: ${message}`);
  if (process.env.TIMMY_DEBUG && error instanceof Error) console.error(error.stack);
  return 1;
}
