import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { desiredWorld } from '../../world-seed/desired-world.ts';
import { WorldSeedError } from '../../world-seed/errors.ts';
import { exportWorld } from '../../world-seed/exporter.ts';
import { planJson, planText } from '../../world-seed/plan-report.ts';
import { fetchSnapshot } from '../../world-seed/world-client.ts';
import { DEFAULT_WORLD_FILE, readWorldFile } from '../../world-seed/world-file.ts';
import { worldFileToYaml } from '../../world-seed/world-file-writer.ts';
import {
  mainGameServer,
  openWorldSession,
  readSuperuserCredentials,
  type WorldCredentials,
} from '../../world-seed/world-session.ts';
import { applyLive, applySummary, planLive } from '../../world-seed/world-sync.ts';
import { type CliCommand, stringOption, UsageError } from '../cli-command.ts';

const ACTIONS = ['plan', 'apply', 'export'] as const;
type Action = (typeof ACTIONS)[number];

export const worldCommand: CliCommand = {
  name: 'world',
  summary: 'The world as code: plan, apply or export the rooms, exits and objects of the running game',
  help: [
    'Usage: timmy world plan [file] [--json] [--prune]',
    '       timmy world apply [file] [--prune] [--json]',
    '       timmy world export [--output file]',
    '',
    '  plan     show what apply would create, update or leave alone, and what drifted in the game',
    '           (changed there since the last apply); the server validates the plan, nothing changes',
    '  apply    make the live world match the file, in one transaction; a second apply changes nothing',
    '  export   write the live world (rooms builders dug by hand included) in the same format',
    '',
    `The file defaults to world-seed/timmy-world.yaml. The game must be running (npm start); the`,
    'requests go over the websocket as the superuser whose credentials npm start keeps. Evennia allows',
    'one session per account, so this ends a session of that account logged in elsewhere; an account',
    'listed in TIMMY_PRIVILEGED_ACCOUNTS (--user, --password-file) avoids that.',
    '',
    'Options:',
    '  --json               plan/apply: print {"create","update","drift","unchanged",...} as JSON',
    '  --prune              also delete seeded objects the file no longer has (never anything else)',
    '  -o, --output FILE    export: write to FILE instead of standard output',
    '  --host H             default EVENNIA_INTERFACE or 127.0.0.1',
    '  --port P             the websocket port (default EVENNIA_WEBSOCKET_PORT or 4002)',
    '  --user NAME          a privileged account instead of the superuser',
    '  --password-file F    its password (first line of F)',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    prune: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    host: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    'password-file': { type: 'string' },
  },
  async run(values, positionals) {
    const action = positionals[0] as Action | undefined;
    if (!action || !ACTIONS.includes(action)) throw new UsageError(`expected one of ${ACTIONS.join(', ')}`);
    if (positionals.length > (action === 'export' ? 1 : 2)) throw new UsageError('too many arguments');
    try {
      if (action === 'export') return await exportAction(values);
      const file = path.resolve(positionals[1] ?? DEFAULT_WORLD_FILE);
      // Read and check the file before connecting: a bad file is reported without a server.
      const desired = desiredWorld(readWorldFile(file));
      const prune = Boolean(values.prune);
      return await withSession(values, async session => {
        if (action === 'plan') {
          const { plan } = await planLive(session, desired, { prune });
          console.log(values.json ? JSON.stringify(planJson(plan), null, 2) : planText(plan, { prune }));
          return 0;
        }
        const outcome = await applyLive(session, desired, { prune });
        if (values.json) console.log(JSON.stringify(planJson(outcome.plan), null, 2));
        else {
          if (outcome.plan.operations.length > 0) console.log(planText(outcome.plan, { prune }));
          console.log(
            `Applied ${desired.name}: ${applySummary(outcome.plan, { prune })} (${Math.round(outcome.ms)} ms).`,
          );
        }
        return 0;
      });
    } catch (error) {
      if (!(error instanceof WorldSeedError)) throw error;
      console.error(`timmy world ${action}: ${error.message}`);
      if (error.fix) console.error(`  fix: ${error.fix}`);
      return 1;
    }
  },
};

async function exportAction(values: Record<string, unknown>): Promise<number> {
  return withSession(values, async session => {
    const { world, warnings } = exportWorld(await fetchSnapshot(session));
    for (const warning of warnings) console.error(`timmy world export: ${warning}`);
    const yaml = worldFileToYaml(world, [
      `Exported from the live world by \`timmy world export\` on ${new Date().toISOString()}.`,
      'Objects made by hand are bound by dbref; `timmy world plan` on this file shows no change.',
    ]);
    const output = stringOption(values, 'output');
    if (output) {
      writeFileSync(output, yaml);
      console.error(`Wrote ${output}.`);
    } else process.stdout.write(yaml);
    return 0;
  });
}

async function withSession(
  values: Record<string, unknown>,
  work: (session: MudSession) => Promise<number>,
): Promise<number> {
  const server = mainGameServer();
  const host = stringOption(values, 'host') ?? server.host;
  const port = Number(stringOption(values, 'port') ?? server.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError('--port must be a port number');
  const session = await openWorldSession({ host, port }, credentials(values));
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

function credentials(values: Record<string, unknown>): WorldCredentials {
  const user = stringOption(values, 'user');
  const passwordFile = stringOption(values, 'password-file');
  if (!user && !passwordFile) return readSuperuserCredentials();
  if (!user || !passwordFile) throw new UsageError('--user and --password-file go together');
  let text: string;
  try {
    text = readFileSync(passwordFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --password-file: ${(error as Error).message}`);
  }
  return { username: user, password: text.split('\n')[0]?.trim() ?? '' };
}
