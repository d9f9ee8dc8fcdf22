import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  isAlive,
  livePid,
  pidFile,
  processesOfGame,
  removeStalePidFiles,
  terminateProcesses,
} from './game-processes.ts';

/** A stand-in for a twistd daemon: a process named twistd whose working directory is the game dir. */
function fakeDaemon(gameDir: string, ignoreTerm = false): number {
  const script = `${ignoreTerm ? "trap '' TERM; " : ''}exec -a twistd sleep 60`;
  const child = spawn('bash', ['-c', ignoreTerm ? `trap '' TERM; while true; do sleep 0.1; done` : script], {
    cwd: gameDir,
    stdio: 'ignore',
    ...(ignoreTerm ? { argv0: 'twistd' } : {}),
  });
  child.unref();
  return child.pid ?? 0;
}

function makeGameDir(): string {
  const gameDir = mkdtempSync(path.join(os.tmpdir(), 'timmy-processes-'));
  mkdirSync(path.join(gameDir, 'server'));
  return gameDir;
}

describe('game processes', () => {
  const cleanup: (() => void)[] = [];
  after(() => {
    for (const step of cleanup) step();
  });

  test('are found by their working directory and recognised through their pid file', async () => {
    const gameDir = makeGameDir();
    const pid = fakeDaemon(gameDir);
    cleanup.push(
      () => process.kill(pid, 'SIGKILL'),
      () => rmSync(gameDir, { recursive: true, force: true }),
    );
    await new Promise(resolve => setTimeout(resolve, 200));
    assert.deepEqual(processesOfGame(gameDir), [pid]);
    writeFileSync(pidFile(gameDir, 'server'), String(pid));
    assert.equal(livePid(gameDir, 'server'), pid);
    assert.deepEqual(removeStalePidFiles(gameDir), [], 'a live pid file is not stale');
  });

  test('leave a stale pid file after a crash, which is removed', () => {
    const gameDir = makeGameDir();
    cleanup.push(() => rmSync(gameDir, { recursive: true, force: true }));
    writeFileSync(pidFile(gameDir, 'portal'), '999999');
    assert.equal(livePid(gameDir, 'portal'), undefined);
    assert.deepEqual(removeStalePidFiles(gameDir), [pidFile(gameDir, 'portal')]);
    assert.equal(existsSync(pidFile(gameDir, 'portal')), false);
  });

  test('whose pid was reused by an unrelated process do not count as running', () => {
    const gameDir = makeGameDir();
    cleanup.push(() => rmSync(gameDir, { recursive: true, force: true }));
    writeFileSync(pidFile(gameDir, 'server'), String(process.pid));
    assert.equal(livePid(gameDir, 'server'), undefined);
  });

  test('that ignore SIGTERM are killed with SIGKILL after the grace period', async () => {
    const gameDir = makeGameDir();
    cleanup.push(() => rmSync(gameDir, { recursive: true, force: true }));
    const pid = fakeDaemon(gameDir, true);
    await new Promise(resolve => setTimeout(resolve, 200));
    const killed = await terminateProcesses([pid], 300);
    assert.deepEqual(killed, [pid]);
    await new Promise(resolve => setTimeout(resolve, 100));
    assert.equal(isAlive(pid), false);
  });
});
