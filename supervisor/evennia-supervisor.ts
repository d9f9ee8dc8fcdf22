import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SupervisorError } from './errors.ts';
import {
  killGameSync,
  livePid,
  processesOfGame,
  removeStalePidFiles,
  terminateProcesses,
} from './game-processes.ts';
import { stateDir } from './paths.ts';
import { assertPortsFree, type PortSet, portsToEnvironment } from './ports.ts';
import { evenniaEnvironment, type Progress, schemaDigest } from './python-environment.ts';
import { waitForConnectionScreen } from './readiness.ts';
import { runCommand } from './run-command.ts';
import { type Credentials, ensureSecretSettings } from './secrets.ts';

export interface EvenniaOptions {
  gameDir: string;
  ports: PortSet;
  /** The interface every listener binds to (default loopback). */
  host?: string;
  superuser: Credentials;
  /** Added to the environment of every `evennia` command (e.g. TIMMY_FAST_PASSWORD_HASHER in tests). */
  extraEnvironment?: Record<string, string>;
  progress?: Progress;
  readyTimeoutMs?: number;
}

export interface EvenniaStatus {
  portal: number | undefined;
  server: number | undefined;
}

/**
 * Runs one Evennia game directory on one port set: migrate on first run, create the superuser without a
 * prompt, start, wait until the connection screen arrives, reload, stop — and never leave a process
 * behind. Evennia's own launcher does the daemon work; this class adds readiness, stale pid clean-up,
 * port checks and a guaranteed kill of everything that belongs to the game directory.
 */
export class EvenniaSupervisor {
  readonly gameDir: string;
  readonly ports: PortSet;
  readonly host: string;
  private readonly options: EvenniaOptions;
  private readonly progress: Progress;

  constructor(options: EvenniaOptions) {
    this.options = options;
    this.gameDir = path.resolve(options.gameDir);
    this.ports = options.ports;
    this.host = options.host ?? '127.0.0.1';
    this.progress = options.progress ?? (() => {});
  }

  /** The environment every `evennia` command and twistd daemon of this game runs in. */
  environment(): NodeJS.ProcessEnv {
    return {
      ...evenniaEnvironment(),
      ...portsToEnvironment(this.ports),
      EVENNIA_INTERFACE: this.host,
      // Read by the launcher only while Account #1 does not exist (the first start).
      EVENNIA_SUPERUSER_USERNAME: this.options.superuser.username,
      EVENNIA_SUPERUSER_PASSWORD: this.options.superuser.password,
      EVENNIA_SUPERUSER_EMAIL: '',
      ...this.options.extraEnvironment,
    };
  }

  get logDir(): string {
    return path.join(this.gameDir, 'server', 'logs');
  }

  get databaseFile(): string {
    return path.join(this.gameDir, 'server', 'evennia.db3');
  }

  status(): EvenniaStatus {
    return { portal: livePid(this.gameDir, 'portal'), server: livePid(this.gameDir, 'server') };
  }

  isRunning(): boolean {
    return this.status().portal !== undefined;
  }

  /** Runs an `evennia` launcher command in the game directory. */
  async evennia(args: string[], options: { timeoutMs?: number; onLine?: (line: string) => void } = {}) {
    return runCommand('evennia', args, {
      cwd: this.gameDir,
      env: this.environment(),
      timeoutMs: options.timeoutMs ?? 120_000,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
  }

  /** Creates the database on the first run; later runs apply pending migrations quietly. */
  async migrate(): Promise<void> {
    ensureSecretSettings(this.gameDir);
    mkdirSync(this.logDir, { recursive: true });
    const schema = schemaDigest();
    const stamp = path.join(this.gameDir, 'server', '.timmy-migrated');
    const current =
      existsSync(this.databaseFile) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === schema;
    if (current) return;
    const template = path.join(stateDir(), 'cache', `migrated-${schema.slice(0, 16)}.db3`);
    if (!existsSync(this.databaseFile) && existsSync(template)) {
      // A migrated, empty database made earlier from the same pinned Evennia: copying it saves seconds.
      copyFileSync(template, this.databaseFile);
    } else {
      const firstRun = !existsSync(this.databaseFile);
      if (firstRun) this.progress('Creating the game database (first run only) ...');
      const result = await this.evennia(['migrate'], { timeoutMs: 300_000 });
      if (result.exitCode !== 0) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_MIGRATE_FAILED',
          `evennia migrate failed:\n${result.output.slice(-3000)}`,
        );
      }
      if (firstRun) {
        mkdirSync(path.dirname(template), { recursive: true });
        copyFileSync(this.databaseFile, `${template}.partial`);
        renameSync(`${template}.partial`, template);
      }
    }
    writeFileSync(stamp, `${schema}\n`);
  }

  /** Starts Evennia and resolves once the connection screen is served; returns the time that took. */
  async start(): Promise<number> {
    const started = Date.now();
    for (const file of removeStalePidFiles(this.gameDir)) this.progress(`Removed stale pid file ${file}.`);
    const running = this.status();
    if (running.portal !== undefined) {
      throw new SupervisorError(
        'SUPERVISOR_ERR_ALREADY_RUNNING',
        `Evennia is already running for ${this.gameDir} (portal pid ${running.portal}, telnet port ${this.ports.telnet}).`,
        { fix: 'npm run timmy -- evennia stop' },
      );
    }
    const orphans = processesOfGame(this.gameDir);
    if (orphans.length > 0) {
      this.progress(
        `Stopping ${orphans.length} leftover Evennia process(es) of this game: ${orphans.join(', ')}.`,
      );
      await terminateProcesses(orphans);
    }
    await assertPortsFree(this.ports, this.host);
    const firstStart = !existsSync(this.databaseFile);
    await this.migrate();
    this.progress(`Starting Evennia (telnet ${this.host}:${this.ports.telnet}) ...`);
    const result = await this.evennia(['start'], { timeoutMs: 180_000 });
    // The launcher can print a traceback and still exit 0; readiness below is the final judge.
    if (result.exitCode !== 0 || /Traceback/.test(result.output)) {
      await this.stop();
      throw new SupervisorError(
        'SUPERVISOR_ERR_START_FAILED',
        `evennia start failed:\n${result.output.slice(-3000)}`,
        {
          fix: 'npm run timmy -- evennia logs',
        },
      );
    }
    try {
      // The very first start runs Evennia's initial setup and then resets the Server once; the game
      // is ready only after that reset.
      if (firstStart) await this.waitForLogLine('server.log', /restarted in 'reset' mode/, 300_000);
      await this.waitUntilReady();
    } catch (error) {
      await this.stop();
      throw error;
    }
    return Date.now() - started;
  }

  /** Waits for the connection screen on the telnet port. */
  async waitUntilReady(timeoutMs = this.options.readyTimeoutMs ?? 120_000): Promise<number> {
    return waitForConnectionScreen(this.host, this.ports.telnet, {
      timeoutMs,
      isAlive: () => this.isRunning(),
    });
  }

  private async waitForLogLine(name: string, pattern: RegExp, timeoutMs: number): Promise<void> {
    const file = path.join(this.logDir, name);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (existsSync(file) && pattern.test(readFileSync(file, 'utf8'))) return;
      if (!this.isRunning())
        throw new SupervisorError('SUPERVISOR_ERR_START_FAILED', 'Evennia exited during its first start.');
      await sleep(200);
    }
    throw new SupervisorError(
      'SUPERVISOR_ERR_NOT_READY',
      `Evennia's initial setup did not finish within ${timeoutMs / 1000} s.`,
      {
        fix: 'npm run timmy -- evennia logs',
      },
    );
  }

  /** Restarts the Server process only; connections and logins survive. */
  async reload(): Promise<number> {
    const started = Date.now();
    const result = await this.evennia(['reload'], { timeoutMs: 120_000 });
    if (result.exitCode !== 0) {
      throw new SupervisorError(
        'SUPERVISOR_ERR_COMMAND_FAILED',
        `evennia reload failed:\n${result.output.slice(-2000)}`,
      );
    }
    await this.waitUntilReady();
    return Date.now() - started;
  }

  /**
   * Stops Evennia cleanly through the launcher, then makes sure no process of this game directory is
   * left (SIGTERM, then SIGKILL) and no stale pid file remains.
   */
  async stop(): Promise<void> {
    if (this.isRunning()) {
      await this.evennia(['stop'], { timeoutMs: 30_000 }).catch(() => undefined);
    }
    const leftovers = processesOfGame(this.gameDir);
    if (leftovers.length > 0) await terminateProcesses(leftovers);
    removeStalePidFiles(this.gameDir);
  }

  /** For process exit handlers, where nothing asynchronous runs any more. */
  killSync(): void {
    killGameSync(this.gameDir);
  }

  /** The last lines of the Server and Portal logs. */
  logTail(lines = 40): { file: string; lines: string[] }[] {
    return ['server.log', 'portal.log'].map(name => {
      const file = path.join(this.logDir, name);
      const content = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return { file, lines: content.split('\n').filter(Boolean).slice(-lines) };
    });
  }
}
