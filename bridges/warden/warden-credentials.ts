/**
 * The warden's own account. Its password is random, made here, given to the game through the superuser's
 * `warden_provision` request (which creates the account, or sets the password of an existing one) and kept in
 * a 0600 file, `.timmy/secrets/warden.json` by default. The file is only written after the game accepted the
 * password, so it never names a password the game does not know.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { stateDir } from '../../supervisor/paths.ts';
import { randomSecret, writeSecretFile } from '../../supervisor/secrets.ts';
import { BridgeError } from '../errors.ts';
import { WARDEN_PROVISION, WardenProvisionReplySchema } from './warden-messages.ts';

export interface WardenCredentials {
  username: string;
  password: string;
}

const CredentialsFileSchema = z.object({ username: z.string().min(1), password: z.string().min(16) });

/** `.timmy/secrets/warden.json` (moved with `TIMMY_STATE_DIR`). */
export function wardenCredentialsFile(environment: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(environment), 'secrets', 'warden.json');
}

/** The stored credentials, or undefined when there is no file. A malformed file is a configuration error. */
export function readWardenCredentials(file: string): WardenCredentials | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = undefined;
  }
  const parsed = CredentialsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'config', `${file} is not a warden credentials file`, {
      fix: `delete ${file}; the warden provisions its account again on its next start`,
    });
  }
  return parsed.data;
}

/** Asks the game (through a superuser session) to create the warden account or reset its password. */
export type ProvisionWarden = (password: string) => Promise<{ username: string; created: boolean }>;

/** `warden_provision` over a logged-in superuser session. */
export function provisionThrough(session: MudSession): ProvisionWarden {
  return async password => {
    const reply = await session.request(WARDEN_PROVISION, { password });
    const parsed = WardenProvisionReplySchema.safeParse(reply.kwargs);
    if (!parsed.success) {
      throw new BridgeError(
        'BRIDGE_ERR_INVALID_RESPONSE',
        'config',
        'the game answered warden_provision oddly',
        {
          fix: 'is the game evennia-game with the bridge inputfuncs? (server/conf/bridge_inputfuncs.py)',
        },
      );
    }
    return parsed.data;
  };
}

/** A new random password, provisioned in the game, then stored 0600 in `file`. */
export async function provisionWardenCredentials(
  file: string,
  provision: ProvisionWarden,
): Promise<WardenCredentials & { created: boolean }> {
  const password = randomSecret(24);
  const { username, created } = await provision(password);
  writeSecretFile(file, `${JSON.stringify({ username, password }, null, 2)}\n`);
  return { username, password, created };
}
