import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SupervisorError } from './errors.ts';

export interface DirectoryLockOptions {
  /** A lock older than this is taken to be left by a killed process and is broken. */
  staleAfterMs?: number;
  /** Give up waiting for another process after this long. */
  waitMs?: number;
}

/**
 * Runs `work` while holding `<directory>.lock` (an atomic mkdir), so that two processes (two test
 * files, or `npm start` beside `npm test`) never build the same thing into the same place at once.
 */
export async function withDirectoryLock<T>(
  directory: string,
  work: () => Promise<T>,
  options: DirectoryLockOptions = {},
): Promise<T> {
  const lock = `${directory}.lock`;
  const staleAfterMs = options.staleAfterMs ?? 15 * 60_000;
  const waitMs = options.waitMs ?? 30 * 60_000;
  const started = Date.now();
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleAfterMs) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > waitMs)
        throw new SupervisorError('SUPERVISOR_ERR_LOCKED', `timed out waiting for ${lock}`, {
          fix: `if no other timmy process is running, remove ${lock}`,
        });
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
