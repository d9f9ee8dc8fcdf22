import { bridgeChecks } from '../../bridges/config/bridge-checks.ts';
import { loadBridgesConfig } from '../../bridges/config/load-bridges-config.ts';
import { BridgeError } from '../../bridges/errors.ts';
import type { Check } from '../../supervisor/doctor.ts';
import {
  buildToolsCheck,
  evenniaCheck,
  formatChecks,
  nodeCheck,
  portsCheck,
  pythonCheck,
  runChecks,
  venvCheck,
} from '../../supervisor/doctor.ts';
import { mainGame } from '../../supervisor/main-game.ts';
import type { CliCommand } from '../cli-command.ts';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary:
    'Check every requirement (Node, Python, the venv, Evennia, ports, configured bridges) and say how to fix what is missing',
  help: [
    'Usage: timmy doctor [--json]',
    '',
    'Reports each requirement as ok, warning or missing, with the command that fixes it. Each bridge',
    'configured in timmy.bridges.yaml (TIMMY_BRIDGES_FILE) is checked too: Gitea reachable and its token',
    'accepted, each Nostr relay reachable, the journal remote reachable, and the outbox dead letters.',
    'Exits 1 when something required is missing.',
    '',
    'Options:',
    '  --json   print the results as a JSON array',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run(values) {
    const game = mainGame(() => {});
    const results = await runChecks([
      nodeCheck(),
      pythonCheck,
      buildToolsCheck,
      venvCheck,
      evenniaCheck,
      ...portsCheck(game.ports, game),
      ...configuredBridgeChecks(),
    ]);
    console.log(values.json ? JSON.stringify(results, null, 2) : formatChecks(results));
    return results.some(result => result.status === 'missing') ? 1 : 0;
  },
};

/** The checks of the configured bridges; an unreadable bridges file is itself a failed check. */
function configuredBridgeChecks(): Check[] {
  try {
    return bridgeChecks(loadBridgesConfig());
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error;
    return [
      async () => ({
        name: 'bridges file',
        status: 'missing',
        detail: error.message,
        ...(error.fix ? { fix: error.fix } : {}),
      }),
    ];
  }
}
