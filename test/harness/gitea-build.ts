import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { withDirectoryLock } from '../../supervisor/directory-lock.ts';
import { SupervisorError } from '../../supervisor/errors.ts';
import { goCommand } from '../../supervisor/go-build.ts';
import type { Progress } from '../../supervisor/python-environment.ts';
import { runCommand } from '../../supervisor/run-command.ts';
import { toolDir } from '../../supervisor/tool-cache.ts';

/**
 * Gitea built from its Go module at a pinned version into the shared tool cache.
 *
 * `go install code.gitea.io/gitea@v…` is refused because Gitea's go.mod carries `replace` directives, so the
 * module is downloaded with `go mod download`, copied somewhere writable (so it is the main module and its
 * replaces apply) and built with `go build`. 1.26.x is the last line published as `code.gitea.io/gitea`
 * (1.27 declares itself `gitea.dev`); it uses cgo SQLite, hence the tags. The copied source stays beside the
 * binary: a non-bindata build reads `templates/` and `options/` from `STATIC_ROOT_PATH` at run time.
 */
export const GITEA_MODULE = 'code.gitea.io/gitea';
export const GITEA_VERSION = 'v1.26.4';

export interface GiteaBuild {
  binary: string;
  /** The copied module source, used as `STATIC_ROOT_PATH`. */
  staticRoot: string;
  version: string;
}

const downloadSchema = z.object({ Dir: z.string().min(1) }).passthrough();

export function giteaBuildPaths(version = GITEA_VERSION): GiteaBuild {
  const directory = toolDir('gitea', version);
  return {
    binary: path.join(directory, 'bin', 'gitea'),
    staticRoot: path.join(directory, 'src'),
    version,
  };
}

/** Builds Gitea once per version (a lock makes concurrent test files wait for one build). */
export async function buildGitea(progress: Progress, version = GITEA_VERSION): Promise<GiteaBuild> {
  const build = giteaBuildPaths(version);
  if (existsSync(build.binary) && existsSync(build.staticRoot)) return build;
  const directory = toolDir('gitea', version);
  return withDirectoryLock(
    directory,
    async () => {
      if (existsSync(build.binary) && existsSync(build.staticRoot)) return build;
      const go = goCommand();
      const started = Date.now();
      progress(`Building ${GITEA_MODULE}@${version} with Go (first run only, takes minutes) ...`);
      const ticker = setInterval(
        () => progress(`  still building gitea (${Math.round((Date.now() - started) / 1000)} s)`),
        30_000,
      );
      try {
        const download = await runCommand(go, ['mod', 'download', '-json', `${GITEA_MODULE}@${version}`], {
          cwd: path.dirname(directory),
          timeoutMs: 20 * 60_000,
        });
        const parsed = downloadSchema.safeParse(safeJson(download.output));
        if (download.exitCode !== 0 || !parsed.success) {
          throw buildFailed(`go mod download ${GITEA_MODULE}@${version}`, download.output);
        }
        const source = path.join(directory, 'src-staging');
        rmSync(source, { recursive: true, force: true });
        cpSync(parsed.data.Dir, source, { recursive: true, mode: 0 });
        await runCommand('chmod', ['-R', 'u+w', source]);
        const output = path.join(directory, 'bin-staging', 'gitea');
        rmSync(path.dirname(output), { recursive: true, force: true });
        const compiled = await runCommand(
          go,
          [
            'build',
            '-trimpath',
            '-tags',
            'sqlite sqlite_unlock_notify',
            '-ldflags',
            `-s -w -X main.Version=${version.replace(/^v/, '')}`,
            '-o',
            output,
            '.',
          ],
          {
            cwd: source,
            env: { ...process.env, CGO_ENABLED: '1', GOFLAGS: '-buildvcs=false' },
            timeoutMs: 60 * 60_000,
          },
        );
        if (compiled.exitCode !== 0 || !existsSync(output)) {
          throw buildFailed(`go build of ${GITEA_MODULE}@${version}`, compiled.output);
        }
        rmSync(build.staticRoot, { recursive: true, force: true });
        renameSync(source, build.staticRoot);
        mkdirSync(path.dirname(build.binary), { recursive: true });
        renameSync(output, build.binary);
        rmSync(path.dirname(output), { recursive: true, force: true });
        progress(`Built gitea ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
        return build;
      } finally {
        clearInterval(ticker);
      }
    },
    // A cold build on two shared cores outlasts the default 15-minute staleness.
    { staleAfterMs: 90 * 60_000, waitMs: 90 * 60_000 },
  );
}

function safeJson(text: string): unknown {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

function buildFailed(step: string, output: string) {
  return new SupervisorError('SUPERVISOR_ERR_TOOL_BUILD_FAILED', `${step} failed:\n${output.slice(-3000)}`, {
    fix: 'check that Go ≥ 1.26, gcc and g++ are installed and the Go module proxy is reachable',
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const started = Date.now();
  const build = await buildGitea(line => console.log(line));
  console.log(`${build.binary} ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
