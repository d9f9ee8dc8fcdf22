/**
 * One real Evennia 5.0.1 for a benchmark: a temporary copy of evennia-game/ on five free loopback ports,
 * with the test password hasher, like the test harness's `startEvennia()`, plus Python appended to the
 * copy's settings.py (the dummyrunner needs its settings mixin there; the committed game never sees it).
 * Whatever ends the process, the game's processes are killed and the copy removed by `stop()` or the
 * exit hooks.
 */
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EvenniaSupervisor } from '../supervisor/evennia-supervisor.ts';
import { allocateFreePorts, type PortSet } from '../supervisor/ports.ts';
import { ensurePythonEnvironment } from '../supervisor/python-environment.ts';
import { type Credentials, randomSecret } from '../supervisor/secrets.ts';
import { copyGameDir } from '../test/harness/evennia-instance.ts';

export interface EvenniaServer {
  host: string;
  ports: PortSet;
  gameDir: string;
  superuser: Credentials;
  supervisor: EvenniaSupervisor;
  /** How long `evennia start` took until the connection screen was served. */
  startMs: number;
  stop(): Promise<void>;
}

const live = new Set<EvenniaSupervisor>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const supervisor of live) supervisor.killSync();
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function startEvenniaServer(
  options: { settingsAppendix?: string } = {},
): Promise<EvenniaServer> {
  installExitHooks();
  await ensurePythonEnvironment(message => process.stderr.write(`# ${message}\n`));
  const gameDir = copyGameDir();
  if (options.settingsAppendix) {
    appendFileSync(
      path.join(gameDir, 'server', 'conf', 'settings.py'),
      `\n# Appended by bench/ for this temporary copy only.\n${options.settingsAppendix}\n`,
    );
  }
  const ports = await allocateFreePorts();
  const superuser = { username: 'bench-admin', password: randomSecret() };
  const supervisor = new EvenniaSupervisor({
    gameDir,
    ports,
    superuser,
    extraEnvironment: { TIMMY_FAST_PASSWORD_HASHER: '1' },
  });
  live.add(supervisor);
  const stop = async () => {
    await supervisor.stop();
    live.delete(supervisor);
    rmSync(gameDir, { recursive: true, force: true });
  };
  let startMs: number;
  try {
    startMs = await supervisor.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: supervisor.host, ports, gameDir, superuser, supervisor, startMs, stop };
}
