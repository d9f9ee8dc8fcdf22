/**
 * A real Gitea (built from its Go module by gitea-build.ts) for tests and benchmarks: a temporary work
 * directory, a headless app.ini (SQLite, no SSH, no mail, webhooks allowed to loopback), HTTP on
 * 127.0.0.1 on a free port, an admin user and a scoped token (kept in a 0600 file). Every Gitea it starts
 * is killed on stop, on process exit and on SIGINT/SIGTERM/SIGHUP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocateFreePorts } from '../../supervisor/ports.ts';
import { runCommand } from '../../supervisor/run-command.ts';
import { randomSecret, writeSecretFile } from '../../supervisor/secrets.ts';
import { buildGitea, type GiteaBuild } from './gitea-build.ts';

export const GITEA_TOKEN_SCOPES = ['write:repository', 'write:issue', 'write:user', 'write:misc'] as const;

export interface GiteaInstance {
  url: string;
  port: number;
  version: string;
  adminUser: string;
  adminPassword: string;
  /** A token of the admin user with GITEA_TOKEN_SCOPES. */
  token: string;
  /** The same token in a 0600 file. */
  tokenFile: string;
  workDir: string;
  /** Makes another token of the admin user (e.g. with fewer scopes). */
  createToken(name: string, scopes: readonly string[]): Promise<string>;
  /** Stops the server process, keeping its data (for outage tests); `start` brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** SIGSTOP: the socket stays open and requests hang (the hang fault). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Stops the server and deletes its work directory. */
  stop(): Promise<void>;
  /** The last lines Gitea wrote to its log. */
  logTail(lines?: number): string;
}

const live = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

const progress = (line: string) => process.stderr.write(`# ${line}\n`);

export async function startGitea(): Promise<GiteaInstance> {
  installExitHooks();
  const build = await buildGitea(progress);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'timmy-gitea-'));
  try {
    return await provision(build, workDir);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function provision(build: GiteaBuild, workDir: string): Promise<GiteaInstance> {
  const port = (await allocateFreePorts()).web;
  const url = `http://127.0.0.1:${port}`;
  const environment = {
    ...process.env,
    GITEA_WORK_DIR: workDir,
    GITEA_CUSTOM: path.join(workDir, 'custom'),
    GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT: 'true',
    HOME: workDir,
  };
  const gitea = async (args: string[]) => {
    const result = await runCommand(build.binary, args, {
      env: environment,
      cwd: workDir,
      timeoutMs: 120_000,
    });
    if (result.exitCode !== 0) {
      throw new Error(
        `gitea ${args.slice(0, 3).join(' ')} failed (exit ${result.exitCode}):\n${redact(result.output)}`,
      );
    }
    return result.output.trim();
  };
  mkdirSync(path.join(workDir, 'custom', 'conf'), { recursive: true });
  mkdirSync(path.join(workDir, 'data'), { recursive: true });
  const configFile = path.join(workDir, 'custom', 'conf', 'app.ini');
  writeSecretFile(
    configFile,
    appIni({
      workDir,
      port,
      staticRoot: build.staticRoot,
      secretKey: randomSecret(32),
      internalToken: await gitea(['generate', 'secret', 'INTERNAL_TOKEN']),
      jwtSecret: await gitea(['generate', 'secret', 'JWT_SECRET']),
    }),
  );
  await gitea(['migrate']);
  const adminUser = 'timmy-admin';
  const adminPassword = `Pw-${randomSecret(18)}`;
  await gitea([
    'admin',
    'user',
    'create',
    '--admin',
    '--username',
    adminUser,
    '--password',
    adminPassword,
    '--email',
    'timmy-admin@example.invalid',
    '--must-change-password=false',
  ]);
  const createToken = async (name: string, scopes: readonly string[]) => {
    const output = await gitea([
      'admin',
      'user',
      'generate-access-token',
      '--username',
      adminUser,
      '--token-name',
      name,
      '--scopes',
      scopes.join(','),
      '--raw',
    ]);
    const token = output
      .split('\n')
      .map(line => line.trim())
      .find(line => /^[0-9a-f]{40}$/.test(line));
    if (!token)
      throw new Error(`gitea generate-access-token printed no token:\n${redact(output).slice(-1500)}`);
    return token;
  };
  const token = await createToken('harness', GITEA_TOKEN_SCOPES);
  const tokenFile = path.join(workDir, 'secrets', 'gitea-token');
  writeSecretFile(tokenFile, `${token}\n`);

  const logFile = path.join(workDir, 'gitea.log');
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    const log = createWriteStream(logFile, { flags: 'a' });
    const started = spawn(build.binary, ['web'], {
      env: environment,
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.stdout?.pipe(log);
    started.stderr?.pipe(log);
    live.add(started);
    child = started;
    started.once('exit', () => {
      live.delete(started);
      if (child === started) child = undefined;
    });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child !== started) throw new Error(`Gitea exited during startup:\n${tail(logFile, 30)}`);
      try {
        const response = await fetch(`${url}/api/v1/version`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) return;
      } catch {}
      if (Date.now() > deadline) {
        killGroup(started, 'SIGKILL');
        throw new Error(`Gitea did not answer ${url}/api/v1/version within 180 s:\n${tail(logFile, 30)}`);
      }
      await sleep(300);
    }
  };
  const halt = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>(resolve => running.once('exit', () => resolve()));
    killGroup(running, 'SIGCONT');
    killGroup(running, 'SIGTERM');
    const timer = setTimeout(() => killGroup(running, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  const version = (
    (await (
      await fetch(`${url}/api/v1/version`, { headers: { Authorization: `token ${token}` } })
    ).json()) as {
      version: string;
    }
  ).version;
  return {
    url,
    port,
    version,
    adminUser,
    adminPassword,
    token,
    tokenFile,
    workDir,
    createToken,
    halt,
    start,
    async restart() {
      await halt();
      await start();
    },
    pause() {
      if (child) killGroup(child, 'SIGSTOP');
    },
    resume() {
      if (child) killGroup(child, 'SIGCONT');
    },
    async stop() {
      await halt();
      rmSync(workDir, { recursive: true, force: true });
    },
    logTail: (lines = 40) => tail(logFile, lines),
  };
}

function appIni(settings: {
  workDir: string;
  port: number;
  staticRoot: string;
  secretKey: string;
  internalToken: string;
  jwtSecret: string;
}): string {
  const { workDir, port } = settings;
  return `APP_NAME = timmy-test
RUN_MODE = prod
WORK_PATH = ${workDir}
I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = ${port}
ROOT_URL = http://127.0.0.1:${port}/
DOMAIN = 127.0.0.1
DISABLE_SSH = true
START_SSH_SERVER = false
OFFLINE_MODE = true
LFS_START_SERVER = false
APP_DATA_PATH = ${workDir}/data
STATIC_ROOT_PATH = ${settings.staticRoot}

[database]
DB_TYPE = sqlite3
PATH = ${workDir}/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = ${workDir}/repos
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = ${settings.secretKey}
INTERNAL_TOKEN = ${settings.internalToken}

[oauth2]
JWT_SECRET = ${settings.jwtSecret}

[service]
DISABLE_REGISTRATION = true

[webhook]
ALLOWED_HOST_LIST = loopback
DELIVER_TIMEOUT = 5

[migrations]
ALLOW_LOCALNETWORKS = true

[picture]
DISABLE_GRAVATAR = true
ENABLE_FEDERATED_AVATAR = false

[mailer]
ENABLED = false

[cron]
ENABLED = false

[log]
MODE = console
LEVEL = Warn
`;
}

function tail(file: string, lines: number): string {
  try {
    return redact(readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-lines).join('\n'));
  } catch {
    return '(no log)';
  }
}

/** Gitea's own output never carries our token, but a 40-hex string is masked anyway before it is shown. */
function redact(text: string): string {
  return text.replace(/\b[0-9a-f]{40}\b/g, '<redacted>');
}

/**
 * For a test file: one real Gitea started before its tests and stopped after them, even when a test
 * fails. Call inside a top-level `describe`. A cold first run builds Gitea (minutes).
 */
export function useGitea(): () => GiteaInstance {
  let instance: GiteaInstance | undefined;
  before(async () => {
    instance = await startGitea();
  });
  after(async () => {
    await instance?.stop();
  });
  return () => {
    if (!instance) throw new Error('Gitea is not running (did the before hook fail?)');
    return instance;
  };
}
