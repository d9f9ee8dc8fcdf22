import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { mudSession } from '../../mud-client/session/mud-connection.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { EvenniaSupervisor } from '../../supervisor/evennia-supervisor.ts';
import { gameTemplateDir } from '../../supervisor/paths.ts';
import { allocateFreePorts, type PortSet } from '../../supervisor/ports.ts';
import { ensurePythonEnvironment } from '../../supervisor/python-environment.ts';
import { type Credentials, randomSecret } from '../../supervisor/secrets.ts';
import { desiredWorld } from '../../world-seed/desired-world.ts';
import { DEFAULT_WORLD_FILE, readWorldFile } from '../../world-seed/world-file.ts';
import { openWorldSession } from '../../world-seed/world-session.ts';
import { applyLive } from '../../world-seed/world-sync.ts';
import { RawTelnet } from './raw-telnet.ts';
import { RawWebsocket } from './raw-websocket.ts';
import { createStockGameDir } from './stock-game.ts';

export interface EvenniaInstance {
  host: string;
  ports: PortSet;
  gameDir: string;
  superuser: Credentials;
  supervisor: EvenniaSupervisor;
  /** How long the start took until the connection screen was served. */
  startMs: number;
  /** Creates an account (and its character) through the login screen; fast with the test hasher. */
  createAccount(name: string, password?: string): Promise<Credentials>;
  telnet(): Promise<RawTelnet>;
  websocket(): Promise<RawWebsocket>;
  /** A mud-client session over the websocket, logged in (no reconnect, no keep-alive). */
  login(username: string, password: string): Promise<MudSession>;
  /** Runs `work` in a privileged superuser session, closed afterwards. */
  asSuperuser<T>(work: (session: MudSession) => Promise<T>): Promise<T>;
  /** Applies the Timmy world (world-seed/timmy-world.yaml), as `npm start` does. */
  applyWorld(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<EvenniaSupervisor>();
let exitHooksInstalled = false;

/** Whatever ends the test process, no Evennia it started survives. */
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

/** Copies the committed game directory into a fresh temporary directory, without runtime files. */
export function copyGameDir(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-game-'));
  cpSync(gameTemplateDir, directory, {
    recursive: true,
    filter: source => {
      const relative = path.relative(gameTemplateDir, source);
      return !/(^|\/)(__pycache__|\.static|\.media)(\/|$)|\.db3$|\.pid$|\.log$|secret_settings\.py$/.test(
        relative,
      );
    },
  });
  return directory;
}

/**
 * Starts a real Evennia 5.0.1 from a temporary copy of evennia-game/ on five free loopback ports.
 */
export interface EvenniaOptions {
  extraEnvironment?: Record<string, string>;
  /** Run a stock `evennia --init` game instead of evennia-game/ (a server without Timmy's markers). */
  stock?: boolean;
  /** Python appended to the temporary copy's settings.py (the dummyrunner needs its settings mixin). */
  settingsAppendix?: string;
}

export async function startEvennia(options: EvenniaOptions = {}) {
  installExitHooks();
  await ensurePythonEnvironment(message => process.stderr.write(`# ${message}\n`));
  const gameDir = options.stock ? await createStockGameDir() : copyGameDir();
  if (options.settingsAppendix) {
    appendFileSync(
      path.join(gameDir, 'server', 'conf', 'settings.py'),
      `\n# Appended for this temporary copy only.\n${options.settingsAppendix}\n`,
    );
  }
  const ports = await allocateFreePorts();
  const superuser = { username: 'harness-admin', password: randomSecret() };
  const supervisor = new EvenniaSupervisor({
    gameDir,
    ports,
    superuser,
    extraEnvironment: { TIMMY_FAST_PASSWORD_HASHER: '1', ...options.extraEnvironment },
  });
  live.add(supervisor);
  let startMs: number;
  try {
    startMs = await supervisor.start();
  } catch (error) {
    await supervisor.stop();
    live.delete(supervisor);
    throw error;
  }
  const host = supervisor.host;
  const instance: EvenniaInstance = {
    host,
    ports,
    gameDir,
    superuser,
    supervisor,
    startMs,
    telnet: () => RawTelnet.connect(host, ports.telnet),
    async login(username, password) {
      const session = mudSession({
        transport: 'websocket',
        host,
        port: ports.websocket,
        reconnect: false,
        keepAliveMs: 0,
      });
      await session.connect();
      await session.login(username, password);
      return session;
    },
    async asSuperuser(work) {
      const admin = await openWorldSession({ host, port: ports.websocket }, superuser);
      try {
        return await work(admin);
      } finally {
        await admin.close();
      }
    },
    async applyWorld() {
      await instance.asSuperuser(admin => applyLive(admin, desiredWorld(readWorldFile(DEFAULT_WORLD_FILE))));
    },
    websocket: () => RawWebsocket.connect(host, ports.websocket),
    async createAccount(name, password = `pw-${randomSecret(9)}`) {
      const telnet = await RawTelnet.connect(host, ports.telnet);
      try {
        await telnet.waitFor(/connect <username> <password>/);
        telnet.send(`create ${name} ${password}`);
        await telnet.waitFor(/Is this what you intended\?/);
        telnet.send('yes');
        await telnet.waitFor(/A new account '.*' was created|already taken/);
        if (/already taken/.test(telnet.received)) throw new Error(`account ${name} already exists`);
        return { username: name, password };
      } finally {
        telnet.send('quit');
        await telnet.close();
      }
    },
    async stop() {
      await supervisor.stop();
      live.delete(supervisor);
      rmSync(options.stock ? path.dirname(gameDir) : gameDir, { recursive: true, force: true });
    },
  };
  return instance;
}

/**
 * For a test file: one real Evennia started before its tests and torn down after them, even when a
 * test fails. Returns an accessor valid inside tests.
 */
export function useEvennia(options: EvenniaOptions = {}): () => EvenniaInstance {
  let instance: EvenniaInstance | undefined;
  before(async () => {
    instance = await startEvennia(options);
  });
  after(async () => {
    await instance?.stop();
  });
  return () => {
    if (!instance) throw new Error('Evennia is not running (did the before hook fail?)');
    return instance;
  };
}
