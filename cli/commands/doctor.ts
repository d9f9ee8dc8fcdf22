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
    'Check every requirement (Node, Python, the venv, Evennia, ports) and say how to fix what is missing',
  help: [
    'Usage: timmy doctor [--json]',
    '',
    'Reports each requirement as ok, warning or missing, with the command that fixes it.',
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
    ]);
    console.log(values.json ? JSON.stringify(results, null, 2) : formatChecks(results));
    return results.some(result => result.status === 'missing') ? 1 : 0;
  },
};
