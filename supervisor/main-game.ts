import path from 'node:path';
import { EvenniaSupervisor } from './evennia-supervisor.ts';
import { gameTemplateDir, stateDir } from './paths.ts';
import { portsFromEnvironment } from './ports.ts';
import type { Progress } from './python-environment.ts';
import { ensureSuperuserCredentials } from './secrets.ts';

/** Where the superuser's generated credentials live (0600). */
export function superuserCredentialsFile(environment = process.env): string {
  return path.join(stateDir(environment), 'secrets', 'superuser.json');
}

/**
 * The game `npm start` runs: the committed `evennia-game/` (or `TIMMY_GAME_DIR`), on the ports from the
 * environment (stock ports by default), bound to `EVENNIA_INTERFACE` (loopback by default).
 */
export function mainGame(progress: Progress, environment = process.env): EvenniaSupervisor {
  return new EvenniaSupervisor({
    gameDir: path.resolve(environment.TIMMY_GAME_DIR ?? gameTemplateDir),
    ports: portsFromEnvironment(environment),
    host: environment.EVENNIA_INTERFACE ?? '127.0.0.1',
    superuser: ensureSuperuserCredentials(superuserCredentialsFile(environment)),
    progress,
  });
}
