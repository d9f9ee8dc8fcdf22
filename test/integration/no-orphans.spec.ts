import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { processesOfGame } from '../../supervisor/game-processes.ts';
import { projectRoot } from '../../supervisor/paths.ts';
import { allocateFreePorts, isPortTaken, type PortSet, portsToEnvironment } from '../../supervisor/ports.ts';
import { copyGameDir, startEvennia } from '../harness/evennia-instance.ts';

interface Up {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `npm start` in its own process group, as a terminal would. */
function npmStart(gameDir: string, stateDir: string, ports: PortSet): Up {
  let output = '';
  const child = spawn('npm', ['start', '--silent'], {
    cwd: projectRoot,
    env: { ...process.env, ...portsToEnvironment(ports), TIMMY_GAME_DIR: gameDir, TIMMY_STATE_DIR: stateDir },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', chunk => {
    output += chunk;
  });
  child.stderr?.on('data', chunk => {
    output += chunk;
  });
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(up: Up, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(up.output())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${up.output()}`);
    if (up.child.exitCode !== null) throw new Error(`npm start exited early:\n${up.output()}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

function signalQuietly(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits until every process of the group has exited. */
async function waitForGroupExit(group: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (signalQuietly(-group, 0)) {
    if (Date.now() > deadline) throw new Error(`process group ${group} still alive after ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function assertNothingLeft(gameDir: string, ports: PortSet): Promise<void> {
  assert.deepEqual(processesOfGame(gameDir), [], 'no Evennia process of the game directory survives');
  for (const port of Object.values(ports))
    assert.equal(await isPortTaken(port), false, `port ${port} is free again`);
}

describe('process hygiene', () => {
  test('the harness leaves no Evennia process and no bound port after stop', async () => {
    const instance = await startEvennia();
    const { gameDir, ports } = instance;
    assert.ok(processesOfGame(gameDir).length >= 2, 'Portal and Server run while the instance is up');
    await instance.stop();
    await assertNothingLeft(gameDir, ports);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    test(`a ${signal} to npm start (timmy up) stops Evennia and leaves no process behind`, async () => {
      const gameDir = copyGameDir();
      const stateDir = mkdtempSync(path.join(os.tmpdir(), 'timmy-state-'));
      const ports = await allocateFreePorts();
      const up = npmStart(gameDir, stateDir, ports);
      try {
        await waitForOutput(up, /Press Ctrl-C to stop/, 120_000);
        assert.match(up.output(), new RegExp(`telnet +127\\.0\\.0\\.1 ${ports.telnet}`));
        assert.match(up.output(), new RegExp(`http://127\\.0\\.0\\.1:${ports.web}/webclient`));
        assert.ok(processesOfGame(gameDir).length >= 2);
        // Ctrl-C in a terminal signals the whole foreground process group; SIGTERM comes to one process.
        const group = up.child.pid ?? 0;
        // SIGKILL goes to npm alone, which can pass nothing on: timmy up must notice it was orphaned.
        if (signal === 'SIGINT') process.kill(-group, 'SIGINT');
        else up.child.kill(signal);
        const code = await up.exited;
        // npm ends as a shell would: 130 after Ctrl-C, or by the signal itself (null); never with an error.
        assert.ok([0, 130, null].includes(code), `npm start exited with ${code}:\n${up.output()}`);
        await waitForGroupExit(group, 60_000);
        assert.match(up.output(), /stopping the agents and bridges, then Evennia \.\.\.\nEvennia stopped\./);
        await assertNothingLeft(gameDir, ports);
      } finally {
        if (up.child.pid) signalQuietly(-up.child.pid, 'SIGKILL');
        for (const pid of processesOfGame(gameDir)) signalQuietly(pid, 'SIGKILL');
        rmSync(gameDir, { recursive: true, force: true });
        rmSync(stateDir, { recursive: true, force: true });
      }
    });
  }

  test('a second timmy up on the same ports says which port is taken and by what', async () => {
    const first = await startEvennia();
    const gameDir = copyGameDir();
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'timmy-state-'));
    try {
      const second = npmStart(gameDir, stateDir, first.ports);
      assert.equal(await second.exited, 1);
      assert.match(second.output(), new RegExp(`Port ${first.ports.telnet} \\(telnet\\) is already in use`));
      assert.match(second.output(), /by Evennia's Portal \(pid \d+\) of the game in /);
      assert.deepEqual(processesOfGame(gameDir), []);
    } finally {
      await first.stop();
      rmSync(gameDir, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
