import path from 'node:path';
import { gameTemplateDir } from '../../supervisor/paths.ts';
import { ensurePythonEnvironment, evenniaEnvironment, venvBin } from '../../supervisor/python-environment.ts';
import { runCommand } from '../../supervisor/run-command.ts';
import type { CliCommand } from '../cli-command.ts';

export const pythonLintCommand: CliCommand = {
  name: 'python-lint',
  summary: 'Check (or --fix) the Python of evennia-game/ with black and isort',
  help: [
    'Usage: timmy python-lint [--fix]',
    '',
    'Runs isort and black (the versions pinned with Evennia) over evennia-game/, configured by',
    'evennia-game/pyproject.toml. Without --fix it only checks and exits 1 on a difference.',
  ].join('\n'),
  options: { fix: { type: 'boolean' } },
  async run(values) {
    await ensurePythonEnvironment(message => console.log(message));
    const fix = Boolean(values.fix);
    let failed = false;
    for (const [tool, args] of [
      ['isort', fix ? ['.'] : ['--check-only', '--diff', '.']],
      ['black', fix ? ['.'] : ['--check', '.']],
    ] as const) {
      const result = await runCommand(path.join(venvBin(), tool), args, {
        cwd: gameTemplateDir,
        env: evenniaEnvironment(),
      });
      if (result.exitCode !== 0) {
        failed = true;
        console.error(result.output.trim());
      }
    }
    if (!failed) console.log('evennia-game/ is formatted (black, isort).');
    return failed ? 1 : 0;
  },
};
