import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { withDirectoryLock } from './directory-lock.ts';
import { SupervisorError } from './errors.ts';
import type { Progress } from './python-environment.ts';
import { runCommand } from './run-command.ts';
import { toolDir } from './tool-cache.ts';

export interface GoInstallOptions {
  /** Cache entry name, e.g. `ollama`. */
  name: string;
  /** Module path and package to install, e.g. `github.com/ollama/ollama`. */
  module: string;
  /** Pinned version, e.g. `v0.11.4`. */
  version: string;
  /** Name of the installed binary (the last element of the package path). */
  binary: string;
  /** Extra environment for the build (CGO flags); part of the cache key through `flavour`. */
  environment?: Record<string, string>;
  /** Distinguishes builds of one version with different flags, e.g. `native`. */
  flavour?: string;
  /** Give up after this long (a cold Ollama build takes minutes on two cores). */
  timeoutMs?: number;
}

/** The `go` command: `TIMMY_GO`, else `go` on PATH, else the usual install location. */
export function goCommand(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.TIMMY_GO) return environment.TIMMY_GO;
  for (const directory of (environment.PATH ?? '').split(path.delimiter)) {
    if (directory && existsSync(path.join(directory, 'go'))) return path.join(directory, 'go');
  }
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new SupervisorError('SUPERVISOR_ERR_TOOL_MISSING', 'The Go toolchain was not found.', {
    fix: 'install Go 1.24 or newer (or set TIMMY_GO=/path/to/go)',
  });
}

/**
 * `go install module@version` into the shared tool cache, once per version and flavour, with progress
 * for the slow first build and a lock so concurrent callers wait for one build. Returns the binary.
 */
export async function goInstall(options: GoInstallOptions, progress: Progress): Promise<string> {
  const key = options.flavour ? `${options.version}-${options.flavour}` : options.version;
  const directory = toolDir(options.name, key);
  const binary = path.join(directory, 'bin', options.binary);
  if (existsSync(binary)) return binary;
  return withDirectoryLock(directory, async () => {
    if (existsSync(binary)) return binary;
    const go = goCommand();
    const staging = path.join(directory, 'staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    progress(`Building ${options.module}@${options.version} with Go (first run only, may take minutes) ...`);
    const ticker = setInterval(
      () => progress(`  still building ${options.name} (${Math.round((Date.now() - started) / 1000)} s)`),
      30_000,
    );
    try {
      const result = await runCommand(go, ['install', `${options.module}@${options.version}`], {
        env: {
          ...process.env,
          CGO_ENABLED: '1',
          GOFLAGS: '-mod=mod',
          ...options.environment,
          GOBIN: staging,
        },
        timeoutMs: options.timeoutMs ?? 40 * 60_000,
      });
      if (result.exitCode !== 0 || !existsSync(path.join(staging, options.binary))) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_TOOL_BUILD_FAILED',
          `go install ${options.module}@${options.version} failed:\n${result.output.slice(-3000)}`,
          { fix: 'check that Go ≥ 1.24, gcc and g++ are installed and the Go module proxy is reachable' },
        );
      }
      mkdirSync(path.dirname(binary), { recursive: true });
      renameSync(path.join(staging, options.binary), binary);
      progress(`Built ${options.name} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
      return binary;
    } finally {
      clearInterval(ticker);
      rmSync(staging, { recursive: true, force: true });
    }
  });
}
