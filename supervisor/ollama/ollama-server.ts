/**
 * One `ollama serve` on a loopback port with its own models directory, in its own process group so
 * that stopping it also stops the `ollama runner` child that holds a loaded model. Used by the test
 * harness and the benchmarks; `killSync` is for exit hooks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SupervisorError } from '../errors.ts';
import type { Progress } from '../python-environment.ts';
import { runCommand } from '../run-command.ts';

export interface OllamaServerOptions {
  binary: string;
  port: number;
  /** Loopback unless told otherwise. */
  host?: string;
  /** OLLAMA_MODELS: blobs and manifests. */
  modelsDir: string;
  /** HOME of the server: Ollama keeps its identity key in `$HOME/.ollama`, so never the user's. */
  homeDir: string;
  /** stdout and stderr of the server go here. */
  logFile: string;
  extraEnvironment?: Record<string, string>;
  readyTimeoutMs?: number;
}

export class OllamaServer {
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: OllamaServerOptions) {
    this.url = `http://${options.host ?? '127.0.0.1'}:${options.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private environment(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: this.options.homeDir,
      OLLAMA_HOST: `${this.options.host ?? '127.0.0.1'}:${this.options.port}`,
      OLLAMA_MODELS: this.options.modelsDir,
      OLLAMA_NUM_PARALLEL: '1',
      OLLAMA_MAX_LOADED_MODELS: '1',
      ...this.options.extraEnvironment,
    };
  }

  /** Starts the server and waits until `/api/version` answers; returns how long that took. */
  async start(): Promise<number> {
    if (this.running) return 0;
    mkdirSync(this.options.modelsDir, { recursive: true });
    mkdirSync(this.options.homeDir, { recursive: true });
    const started = Date.now();
    const log = openSync(this.options.logFile, 'a');
    try {
      const child = spawn(this.options.binary, ['serve'], {
        env: this.environment(),
        stdio: ['ignore', log, log],
        detached: true,
      });
      this.child = child;
      this.exited = new Promise(resolve => child.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } finally {
      closeSync(log);
    }
    const deadline = started + (this.options.readyTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_START_FAILED',
          `ollama serve exited early:\n${this.logTail()}`,
          { fix: `check ${this.options.logFile}` },
        );
      }
      const answered = await fetch(`${this.url}/api/version`, { signal: AbortSignal.timeout(2000) })
        .then(response => response.ok)
        .catch(() => false);
      if (answered) return Date.now() - started;
      await sleep(200);
    }
    await this.stop();
    throw new SupervisorError(
      'SUPERVISOR_ERR_NOT_READY',
      `ollama serve did not answer on ${this.url}:\n${this.logTail()}`,
      {
        fix: `check ${this.options.logFile}`,
      },
    );
  }

  /** `ollama create <name> -f <modelfile>` against this server (offline); returns the time it took. */
  async createModel(name: string, modelfilePath: string, progress: Progress): Promise<number> {
    const started = Date.now();
    progress(`Importing ${name} into Ollama (ollama create) ...`);
    const result = await runCommand(this.options.binary, ['create', name, '-f', modelfilePath], {
      env: this.environment(),
      timeoutMs: 10 * 60_000,
    });
    if (result.exitCode !== 0) {
      throw new SupervisorError(
        'SUPERVISOR_ERR_COMMAND_FAILED',
        `ollama create ${name} failed:\n${result.output.slice(-2000)}`,
        {
          fix: `check ${this.options.logFile}`,
        },
      );
    }
    const ms = Date.now() - started;
    progress(`  imported ${name} in ${(ms / 1000).toFixed(1)} s.`);
    return ms;
  }

  /** SIGTERM to the whole process group, SIGKILL after a grace period; the runner child dies with it. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    if (this.running) {
      signalGroup(child.pid, 'SIGTERM');
      await Promise.race([this.exited, sleep(graceMs)]);
    }
    signalGroup(child.pid, 'SIGKILL');
    await Promise.race([this.exited, sleep(2000)]);
  }

  /** For exit hooks: no waiting. */
  killSync(): void {
    if (this.child?.pid) signalGroup(this.child.pid, 'SIGKILL');
  }

  logTail(lines = 30): string {
    if (!existsSync(this.options.logFile)) return '';
    return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
