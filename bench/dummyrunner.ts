/**
 * Evennia's own load client, `evennia --dummyrunner N`, measured the way mud-client is: time until the
 * Server logged all N in, and the dummyrunner process's CPU and RSS per connection over that time.
 *
 * How it runs (evennia/server/profiling/dummyrunner.py, 5.0.1): the launcher starts `python dummyrunner.py
 * -N <n>` as its child, which imports Django and Evennia, prints "Dummyrunner starting using ..." and then
 * opens all N telnet connections at once. Each client ticks once per TIMESTEP (1 s) and acts with
 * CHANCE_OF_ACTION (0.5) per tick; at most ~10 start their login at a time. A login is `create`, `yes`,
 * `connect`, `dig`, `teleport`, `py ...` (the "looker" profile), one command per acting tick; afterwards
 * the clients `look` and measure lag. It counts a client as "logged in" as soon as any text follows its
 * first login command (the `create`), prints ".. All clients connected and logged in!" when all are, and
 * runs until Ctrl-C (SIGINT), on which every client sends `quit`.
 * It needs `from evennia.server.profiling.settings_mixin import *` at the end of settings.py
 * (DUMMYRUNNER_SETTINGS_APPENDIX, appended to the temporary game copy only).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { DummyrunnerOutput } from './dummyrunner-output.ts';
import type { EvenniaServer } from './evennia-server.ts';
import { listenDrops } from './listen-overflows.ts';
import { findChildProcesses, type ProcessSample, sampleProcess, totalCpuSeconds } from './process-usage.ts';
import { ServerLogLogins } from './server-log-logins.ts';

export const DUMMYRUNNER_SETTINGS_APPENDIX = 'from evennia.server.profiling.settings_mixin import *  # noqa';

const STOP_GRACE_MS = 10_000;

export interface DummyrunnerRun {
  clients: number;
  /** Launcher start until the "Dummyrunner starting" line (Python, Django and Evennia imports). */
  startupSeconds: number | undefined;
  /** From "Dummyrunner starting" (connections begin) until the Server logged all N in. */
  serverSawAllSeconds: number | undefined;
  /** From "Dummyrunner starting" until it printed "All clients connected and logged in!". */
  ownAllLoggedInSeconds: number | undefined;
  serverLoggedIn: number;
  ownLoggedIn: number;
  lostConnections: number;
  /** Kernel accept-queue overflows while it connected (see listen-overflows.ts). */
  listenOverflows: number;
  /** Not all N were logged in when the time limit came or the dummyrunner exited. */
  incomplete: boolean;
  cpuMsPerConnection: number | undefined;
  rssKiBPerConnection: number | undefined;
  peakRssKiB: number | undefined;
  evenniaCpuMsPerConnection: number | undefined;
  samples: { at: string; seconds: number; process: ProcessSample }[];
  outputTail: string[];
}

function stopProcessGroup(child: ChildProcess, pythonPid: number | undefined): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const group = child.pid;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (group !== undefined) process.kill(-group, signal);
      } catch {
        // Already gone.
      }
    };
    const escalate = setTimeout(() => signalGroup('SIGTERM'), STOP_GRACE_MS);
    const kill = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS + 3000);
    child.once('close', () => {
      clearTimeout(escalate);
      clearTimeout(kill);
      resolve();
    });
    // Ctrl-C for the dummyrunner itself: its clients send `quit` and it exits; the launcher follows.
    try {
      if (pythonPid !== undefined) process.kill(pythonPid, 'SIGINT');
      else signalGroup('SIGINT');
    } catch {
      signalGroup('SIGINT');
    }
  });
}

export async function runDummyrunner(
  server: EvenniaServer,
  clients: number,
  options: { timeLimitMs: number; log: (message: string) => void },
): Promise<DummyrunnerRun> {
  const status = server.supervisor.status();
  const evenniaPids = [status.portal, status.server].filter((pid): pid is number => pid !== undefined);
  const logins = await ServerLogLogins.start(path.join(server.supervisor.logDir, 'server.log'), 'Dummy_');
  const dropsBefore = listenDrops();
  const launched = performance.now();
  const child = spawn('evennia', ['--dummyrunner', String(clients)], {
    cwd: server.gameDir,
    env: server.supervisor.environment(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pythonPid: number | undefined;
  let evenniaCpuAtStart = 0;
  const samples: DummyrunnerRun['samples'] = [];
  const sample = (at: string) => {
    const usage = pythonPid === undefined ? undefined : sampleProcess(pythonPid);
    if (usage && output.started !== undefined) {
      samples.push({ at, seconds: (performance.now() - output.started) / 1000, process: usage });
    }
  };
  let resolveStarted: () => void = () => {};
  const startedPromise = new Promise<void>(resolve => {
    resolveStarted = resolve;
  });
  const output = new DummyrunnerOutput({
    onStart: () => {
      pythonPid = child.pid === undefined ? undefined : findChildProcesses(child.pid, 'dummyrunner.py')[0];
      evenniaCpuAtStart = totalCpuSeconds(evenniaPids);
      sample('start');
      resolveStarted();
    },
    onAllLoggedIn: () => sample('own-all-logged-in'),
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const exited = new Promise<void>(resolve => child.once('close', () => resolve()));

  let incomplete = false;
  let evenniaCpuAtEnd: number | undefined;
  let listenOverflows = Number.NaN;
  const ticker = setInterval(() => sample('tick'), 1000);
  let startTimer: NodeJS.Timeout | undefined;
  try {
    const first = await Promise.race([
      startedPromise.then(() => 'started' as const),
      exited.then(() => 'exited' as const),
      new Promise(resolve => {
        startTimer = setTimeout(resolve, options.timeLimitMs);
      }).then(() => 'timeout' as const),
    ]);
    clearTimeout(startTimer);
    if (first !== 'started') {
      throw new Error(`the dummyrunner did not start (${first}):\n${output.tail.slice(-30).join('\n')}`);
    }
    options.log(`dummyrunner started (pid ${pythonPid ?? '?'}), waiting for ${clients} logins`);
    const remaining = options.timeLimitMs - (performance.now() - launched);
    const all = await Promise.race([
      logins.waitFor(clients, Math.max(0, remaining)),
      exited.then(() => false),
    ]);
    evenniaCpuAtEnd = totalCpuSeconds(evenniaPids);
    listenOverflows = listenDrops().overflows - dropsBefore.overflows;
    if (all) {
      sample('server-saw-all');
    } else {
      incomplete = true;
      sample('time-limit');
    }
  } finally {
    clearTimeout(startTimer);
    clearInterval(ticker);
    await stopProcessGroup(child, pythonPid);
    await logins.stop();
  }

  const at = (label: string) => samples.find(entry => entry.at === label)?.process;
  const first = at('start');
  const last = at('server-saw-all') ?? at('time-limit');
  const perConnection = (value: number | undefined) => (value === undefined ? undefined : value / clients);
  const stampAll = logins.timeOf(clients);
  const { started, allLoggedIn } = output;
  return {
    clients,
    startupSeconds: started === undefined ? undefined : (started - launched) / 1000,
    serverSawAllSeconds:
      started === undefined || stampAll === undefined ? undefined : (stampAll - started) / 1000,
    ownAllLoggedInSeconds:
      started === undefined || allLoggedIn === undefined ? undefined : (allLoggedIn - started) / 1000,
    serverLoggedIn: logins.count,
    ownLoggedIn: output.loggedIn,
    lostConnections: output.lostConnections,
    listenOverflows,
    incomplete,
    cpuMsPerConnection: perConnection(
      first && last ? (last.cpuSeconds - first.cpuSeconds) * 1000 : undefined,
    ),
    rssKiBPerConnection: perConnection(first && last ? last.rssKiB - first.rssKiB : undefined),
    peakRssKiB: samples.reduce<number | undefined>(
      (peak, entry) => Math.max(peak ?? 0, entry.process.peakRssKiB),
      undefined,
    ),
    evenniaCpuMsPerConnection: perConnection(
      evenniaCpuAtEnd === undefined ? undefined : (evenniaCpuAtEnd - evenniaCpuAtStart) * 1000,
    ),
    samples: samples
      .filter(entry => entry.at !== 'tick')
      .concat(samples.filter(entry => entry.at === 'tick')),
    outputTail: output.tail.slice(-20),
  };
}
