import { type ParseArgsConfig, parseArgs } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One `timmy` subcommand: its help text is data, so `--help` works the same everywhere. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Usage and option lines shown by `--help`. */
  help: string;
  options?: OptionSpec;
  /** Returns the process exit code. */
  run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

/** Thrown for wrong arguments; printed as one line with a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCommandLine(command: CliCommand, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
