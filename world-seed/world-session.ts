/**
 * A privileged websocket session for world requests: by default the main game's superuser, whose
 * credentials `npm start` keeps in .timmy/secrets/superuser.json, on the main game's websocket port.
 */
import { mudSession } from '../mud-client/session/mud-connection.ts';
import type { MudSession } from '../mud-client/session/mud-session.ts';
import { superuserCredentialsFile } from '../supervisor/main-game.ts';
import { portsFromEnvironment } from '../supervisor/ports.ts';
import { readCredentialsFile } from '../supervisor/secrets.ts';
import { WorldSeedError } from './errors.ts';

export interface WorldServer {
  host: string;
  /** The websocket port. */
  port: number;
}

export interface WorldCredentials {
  username: string;
  password: string;
}

/** Where the main game listens (EVENNIA_INTERFACE, EVENNIA_WEBSOCKET_PORT). */
export function mainGameServer(environment: NodeJS.ProcessEnv = process.env): WorldServer {
  const host = environment.EVENNIA_INTERFACE ?? '127.0.0.1';
  return {
    host: host === '0.0.0.0' ? '127.0.0.1' : host,
    port: portsFromEnvironment(environment).websocket,
  };
}

/** The superuser's credentials as `npm start` wrote them; never creates them. */
export function readSuperuserCredentials(file = superuserCredentialsFile()): WorldCredentials {
  const state = readCredentialsFile(file);
  if (state.status === 'missing') {
    throw new WorldSeedError('WORLD_ERR_CREDENTIALS', `no superuser credentials in ${file}`, {
      cause: state.error,
      fix: 'run `npm start` once (it creates the superuser), or pass --user and --password-file',
    });
  }
  if (state.status === 'invalid') {
    throw new WorldSeedError(
      'WORLD_ERR_CREDENTIALS',
      `${file} is not a credentials file ({username, password})`,
    );
  }
  return state.credentials;
}

/** Connects over the websocket and logs in; the caller closes the session. */
export async function openWorldSession(
  server: WorldServer,
  credentials: WorldCredentials,
): Promise<MudSession> {
  const session = mudSession({
    transport: 'websocket',
    host: server.host,
    port: server.port,
    reconnect: false,
    keepAliveMs: 0,
  });
  try {
    await session.connect();
    await session.login(credentials.username, credentials.password);
  } catch (error) {
    await session.close();
    throw new WorldSeedError(
      'WORLD_ERR_SERVER',
      `cannot log in to ws://${server.host}:${server.port} as ${credentials.username}: ${(error as Error).message}`,
      { cause: error, fix: 'is the game running? (npm start)' },
    );
  }
  return session;
}
