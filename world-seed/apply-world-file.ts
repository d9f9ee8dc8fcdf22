/** One call for `npm start` and the benchmark: read a world file, log in, apply it, log out. */
import { desiredWorld } from './desired-world.ts';
import { readWorldFile } from './world-file.ts';
import { openWorldSession, type WorldCredentials, type WorldServer } from './world-session.ts';
import { type ApplyOutcome, applyLive, type SyncOptions } from './world-sync.ts';

export interface WorldFileOutcome extends ApplyOutcome {
  /** The file as named in messages. */
  name: string;
}

export async function applyWorldFile(
  file: string,
  server: WorldServer,
  credentials: WorldCredentials,
  options: SyncOptions = {},
): Promise<WorldFileOutcome> {
  const desired = desiredWorld(readWorldFile(file));
  const session = await openWorldSession(server, credentials);
  try {
    return { name: desired.name, ...(await applyLive(session, desired, options)) };
  } finally {
    await session.close();
  }
}
