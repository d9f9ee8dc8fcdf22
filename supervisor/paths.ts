import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this code runs from. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The committed Evennia game directory. */
export const gameTemplateDir = path.join(projectRoot, 'evennia-game');

/** The pinned Python requirements of the game. */
export const requirementsLockFile = path.join(gameTemplateDir, 'requirements.lock');

/**
 * Local, git-ignored state of this checkout: the Python virtual environment, generated secrets.
 * `TIMMY_STATE_DIR` moves it (the test harness shares the checkout's venv but never its secrets).
 */
export function stateDir(environment: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(environment.TIMMY_STATE_DIR ?? path.join(projectRoot, '.timmy'));
}

/** The virtual environment with evennia==5.0.1; `TIMMY_VENV_DIR` moves it. */
export function venvDir(environment: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(environment.TIMMY_VENV_DIR ?? path.join(projectRoot, '.timmy', 'venv'));
}
