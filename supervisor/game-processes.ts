import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type Component = 'portal' | 'server';

export function pidFile(gameDir: string, component: Component): string {
  return path.join(gameDir, 'server', `${component}.pid`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(gameDir: string, component: Component): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile(gameDir, component), 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The live twistd process of a component, or undefined (a pid file of a dead or reused pid is stale). */
export function livePid(gameDir: string, component: Component): number | undefined {
  const pid = readPid(gameDir, component);
  if (pid === undefined || !isAlive(pid)) return undefined;
  return processesOfGame(gameDir).includes(pid) ? pid : undefined;
}

/** Removes pid files left behind by a crash; returns the ones removed. */
export function removeStalePidFiles(gameDir: string): string[] {
  const removed: string[] = [];
  for (const component of ['portal', 'server'] as const) {
    const file = pidFile(gameDir, component);
    if (existsSync(file) && livePid(gameDir, component) === undefined) {
      rmSync(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}

/**
 * Every live process that belongs to a game directory: its working directory is the game dir, or its
 * command line names the game dir's pid files (how the launcher starts the Portal and Server).
 */
export function processesOfGame(gameDir: string): number[] {
  const resolved = path.resolve(gameDir);
  const marker = `${resolved}${path.sep}server${path.sep}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!commandLine.includes('twistd') && !commandLine.includes('evennia')) continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if ((cwd === resolved || commandLine.includes(marker)) && isAlive(pid)) found.push(pid);
    } catch {
      // The process ended while we looked, or is not ours to inspect.
    }
  }
  return found;
}

/** Sends SIGTERM, waits, then SIGKILL to whatever is left. Returns the pids that had to be killed. */
export async function terminateProcesses(pids: number[], graceMs = 5000): Promise<number[]> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await sleep(100);
  const stubborn = pids.filter(isAlive);
  for (const pid of stubborn) signal(pid, 'SIGKILL');
  return stubborn;
}

/** Synchronous last resort for exit handlers: SIGKILL every process of the game. */
export function killGameSync(gameDir: string): void {
  for (const pid of processesOfGame(gameDir)) signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
