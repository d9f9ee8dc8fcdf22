import { ensurePythonEnvironment } from '../../supervisor/python-environment.ts';
import type { CliCommand } from '../cli-command.ts';

export const setupCommand: CliCommand = {
  name: 'setup',
  summary: 'Create the Python environment with the pinned Evennia 5.0.1 (npm start does this too)',
  help: [
    'Usage: timmy setup',
    '',
    'Creates .timmy/venv with evennia==5.0.1 and every dependency pinned in evennia-game/requirements.lock,',
    'or reuses it when it is current. Shows progress; the first run takes about a minute.',
  ].join('\n'),
  async run() {
    const python = await ensurePythonEnvironment(message => console.log(message));
    console.log(`Python environment is ready (Python ${python.version}).`);
    return 0;
  },
};
