import { parseArgs } from 'node:util';

export interface CommandLine {
  /** Benchmark names to run; empty means all. */
  names: string[];
  clients: number;
  iterations: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [name ...] [--clients N] [--iterations N]

  name            round-trip, concurrent-logins, world-apply, goap-plan, brain-decisions,
                  memory-retrieval, agent-fleet, outbox-throughput, nostr-publish,
                  gitea-operations (default: all)
  --clients N     concurrent clients for concurrent-logins (default 200)
  --iterations N  measured round trips per series for round-trip (default 300)
`;

function positiveInteger(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, not ${raw}`);
  return value;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      clients: { type: 'string' },
      iterations: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    names: positionals,
    clients: positiveInteger(values.clients, 200, 'clients'),
    iterations: positiveInteger(values.iterations, 300, 'iterations'),
    help: values.help ?? false,
  };
}
