/**
 * A real Nostr relay for tests and benchmarks: nostr-rs-relay, built once from the Rust crate registry
 * at a pinned version into the shared tool cache, run on a free 127.0.0.1 port with its SQLite database
 * in a temporary directory (so events survive `restart()`, which comes back on the same port and lets
 * clients reconnect). Readiness is its NIP-11 document over HTTP. Every relay process is killed on
 * `stop()`, and on exit or SIGINT/SIGTERM/SIGHUP of the test process.
 *
 * (`nak serve`, the first choice, could not be had: the Go module proxy refuses github.com/fiatjaf/nak.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cargoInstall } from '../../supervisor/cargo-build.ts';

export const NOSTR_RELAY_CRATE = 'nostr-rs-relay';
export const NOSTR_RELAY_VERSION = '0.8.12';

export interface RelayInstance {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The temporary directory holding the config, the database and `relay.log`. */
  directory: string;
  /** Stops the relay process (its data stays until the instance is stopped for good). */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port with the same database. */
  restart(): Promise<void>;
  /** Stops the relay if running and deletes its directory. */
  dispose(): Promise<void>;
  readonly running: boolean;
}

const live = new Set<ChildProcess>();
const directories = new Set<string>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of live) child.kill('SIGKILL');
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** The relay binary, built on first use (a cold build takes minutes on two cores). */
export function ensureRelayBinary(progress: (message: string) => void = defaultProgress): Promise<string> {
  // 0.8.12's own Cargo.lock pins a `time` release that no longer compiles on current rustc, so the
  // build resolves fresh dependency versions (not `--locked`).
  return cargoInstall(
    {
      name: NOSTR_RELAY_CRATE,
      crate: NOSTR_RELAY_CRATE,
      version: NOSTR_RELAY_VERSION,
      binary: NOSTR_RELAY_CRATE,
    },
    progress,
  );
}

function defaultProgress(message: string): void {
  process.stderr.write(`# ${message}\n`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise(resolve => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

function configText(port: number, dataDirectory: string): string {
  return [
    '[info]',
    `relay_url = "ws://127.0.0.1:${port}/"`,
    'name = "timmy-test-relay"',
    'description = "A relay started by the Timmy test harness."',
    '',
    '[database]',
    `data_directory = "${dataDirectory}"`,
    '',
    '[network]',
    'address = "127.0.0.1"',
    `port = ${port}`,
    '',
    '[options]',
    'reject_future_seconds = 1800',
    '',
  ].join('\n');
}

async function waitUntilReady(port: number, child: ChildProcess, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `nostr-rs-relay exited early (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { Accept: 'application/nostr+json' },
        signal: AbortSignal.timeout(2000),
      });
      if (response.ok) {
        const info = (await response.json()) as { software?: unknown };
        if (typeof info.software === 'string') return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(
    `nostr-rs-relay did not serve its NIP-11 document within ${timeoutMs} ms:\n${tail(logFile)}`,
  );
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
  live.delete(child);
}

export interface StartRelayOptions {
  /** How long to wait for the relay to answer after spawning (default 60 s: the machine is shared). */
  readyTimeoutMs?: number;
}

/** Builds (once) and starts a real relay on a free loopback port. */
export async function startRelay(options: StartRelayOptions = {}): Promise<RelayInstance> {
  installExitHooks();
  const binary = await ensureRelayBinary();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-relay-'));
  directories.add(directory);
  const dataDirectory = path.join(directory, 'data');
  mkdirSync(dataDirectory);
  const port = await freePort();
  const configFile = path.join(directory, 'config.toml');
  writeFileSync(configFile, configText(port, dataDirectory));
  const logFile = path.join(directory, 'relay.log');
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const log = createWriteStream(logFile, { flags: 'a' });
    const started = spawn(binary, ['--config', configFile, '--db', dataDirectory], {
      cwd: directory,
      env: { ...process.env, RUST_LOG: process.env.TIMMY_RELAY_LOG ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.pipe(log);
    started.stderr?.pipe(log);
    live.add(started);
    child = started;
    try {
      await waitUntilReady(port, started, logFile, readyTimeoutMs);
    } catch (error) {
      await terminate(started);
      throw error;
    }
  };

  try {
    await launch();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    directories.delete(directory);
    throw error;
  }
  const instance: RelayInstance = {
    url: `ws://127.0.0.1:${port}`,
    port,
    directory,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      if (child) await terminate(child);
    },
    async restart() {
      if (child) await terminate(child);
      await launch();
    },
    async dispose() {
      if (child) await terminate(child);
      rmSync(directory, { recursive: true, force: true });
      directories.delete(directory);
    },
  };
  return instance;
}

/** For a test file: one relay started before its tests and disposed of after them. */
export function useRelay(options: StartRelayOptions = {}): () => RelayInstance {
  let instance: RelayInstance | undefined;
  before(async () => {
    instance = await startRelay(options);
  });
  after(async () => {
    await instance?.dispose();
  });
  return () => {
    if (!instance) throw new Error('the relay is not running (did the before hook fail?)');
    return instance;
  };
}
