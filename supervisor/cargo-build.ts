import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { withDirectoryLock } from './directory-lock.ts';
import { SupervisorError } from './errors.ts';
import type { Progress } from './python-environment.ts';
import { runCommand } from './run-command.ts';
import { toolDir } from './tool-cache.ts';

export interface CargoInstallOptions {
  /** Cache entry name, e.g. `nostr-rs-relay`. */
  name: string;
  /** The crate to install from the Rust crate registry. */
  crate: string;
  /** Pinned version, e.g. `0.8.12`. */
  version: string;
  /** Name of the installed binary. */
  binary: string;
  /** Pass `--locked` (use the crate's own Cargo.lock). Off when that lock no longer builds. */
  locked?: boolean;
  timeoutMs?: number;
}

/** The `cargo` command: `TIMMY_CARGO`, else `cargo` on PATH, else `~/.cargo/bin/cargo`. */
export function cargoCommand(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.TIMMY_CARGO) return environment.TIMMY_CARGO;
  for (const directory of (environment.PATH ?? '').split(path.delimiter)) {
    if (directory && existsSync(path.join(directory, 'cargo'))) return path.join(directory, 'cargo');
  }
  const home = environment.CARGO_HOME ?? path.join(environment.HOME ?? '/root', '.cargo');
  if (existsSync(path.join(home, 'bin', 'cargo'))) return path.join(home, 'bin', 'cargo');
  throw new SupervisorError('SUPERVISOR_ERR_TOOL_MISSING', 'The Rust toolchain (cargo) was not found.', {
    fix: 'install Rust with rustup (or set TIMMY_CARGO=/path/to/cargo)',
  });
}

/**
 * `cargo install crate@version` into the shared tool cache, once per version, with progress for the
 * slow first build and a lock so concurrent callers wait for one build. Returns the binary.
 */
export async function cargoInstall(options: CargoInstallOptions, progress: Progress): Promise<string> {
  const directory = toolDir(options.name, options.version);
  const binary = path.join(directory, 'bin', options.binary);
  if (existsSync(binary)) return binary;
  return withDirectoryLock(
    directory,
    async () => {
      if (existsSync(binary)) return binary;
      const cargo = cargoCommand();
      const staging = path.join(directory, 'staging');
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const started = Date.now();
      progress(
        `Building ${options.crate} ${options.version} with cargo (first run only, may take minutes) ...`,
      );
      const ticker = setInterval(
        () => progress(`  still building ${options.name} (${Math.round((Date.now() - started) / 1000)} s)`),
        30_000,
      );
      try {
        const result = await runCommand(
          cargo,
          [
            'install',
            options.crate,
            '--version',
            options.version,
            '--root',
            staging,
            ...(options.locked ? ['--locked'] : []),
          ],
          {
            env: { ...process.env, CARGO_TARGET_DIR: path.join(staging, 'target') },
            timeoutMs: options.timeoutMs ?? 80 * 60_000,
          },
        );
        const built = path.join(staging, 'bin', options.binary);
        if (result.exitCode !== 0 || !existsSync(built)) {
          throw new SupervisorError(
            'SUPERVISOR_ERR_TOOL_BUILD_FAILED',
            `cargo install ${options.crate} ${options.version} failed:\n${result.output.slice(-3000)}`,
            { fix: 'check that cargo, gcc, pkg-config, libssl-dev and protobuf-compiler are installed' },
          );
        }
        mkdirSync(path.dirname(binary), { recursive: true });
        renameSync(built, binary);
        progress(`Built ${options.name} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
        return binary;
      } finally {
        clearInterval(ticker);
        rmSync(staging, { recursive: true, force: true });
      }
    },
    { staleAfterMs: 90 * 60_000, waitMs: 90 * 60_000 },
  );
}
