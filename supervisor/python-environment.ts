import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withDirectoryLock } from './directory-lock.ts';
import { SupervisorError } from './errors.ts';
import { requirementsLockFile, venvDir } from './paths.ts';
import { runCommand } from './run-command.ts';

/** Evennia 5.0.1 runs on Python 3.11 to 3.13 (6.x dropped 3.11; see the reference). */
export const SUPPORTED_PYTHON = { minimum: [3, 11], maximum: [3, 13] } as const;

export interface PythonInterpreter {
  command: string;
  version: string;
  hasVenv: boolean;
}

export type Progress = (message: string) => void;

const PROBE =
  'import sys\ntry:\n import venv, ensurepip\n ok=1\nexcept ImportError:\n ok=0\nprint("%d.%d.%d %d" % (sys.version_info[:3] + (ok,)))';

/** Finds a Python interpreter Evennia 5.0.1 supports; `TIMMY_PYTHON` names one explicitly. */
export async function findPython(environment = process.env): Promise<PythonInterpreter | undefined> {
  const candidates = environment.TIMMY_PYTHON
    ? [environment.TIMMY_PYTHON]
    : ['python3.11', 'python3.12', 'python3.13', 'python3'];
  let fallback: PythonInterpreter | undefined;
  for (const command of candidates) {
    const result = await runCommand(command, ['-c', PROBE], { env: environment, timeoutMs: 20_000 }).catch(
      () => undefined,
    );
    const match = result?.exitCode === 0 ? /^(\d+)\.(\d+)\.(\d+) ([01])/.exec(result.output.trim()) : null;
    if (!match) continue;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    const supported =
      major === 3 && minor >= SUPPORTED_PYTHON.minimum[1] && minor <= SUPPORTED_PYTHON.maximum[1];
    if (!supported) continue;
    const found = { command, version: `${match[1]}.${match[2]}.${match[3]}`, hasVenv: match[4] === '1' };
    if (found.hasVenv) return found;
    fallback ??= found;
  }
  return fallback;
}

export function venvBin(environment = process.env): string {
  return path.join(venvDir(environment), 'bin');
}

/** The environment in which `evennia` and its `twistd` children find each other (the PATH gotcha). */
export function evenniaEnvironment(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const bin = venvBin(environment);
  return {
    ...environment,
    VIRTUAL_ENV: venvDir(environment),
    PATH: `${bin}${path.delimiter}${environment.PATH ?? ''}`,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

function lockDigest(python: PythonInterpreter): string {
  return createHash('sha256')
    .update(readFileSync(requirementsLockFile))
    .update(`python ${python.version}`)
    .digest('hex');
}

/**
 * Identifies the database schema a game needs: the pinned requirements (Evennia's migrations) and the
 * nothing else yet (evennia-game has no Django apps of its own).
 */
export function schemaDigest(): string {
  return createHash('sha256').update(readFileSync(requirementsLockFile)).digest('hex');
}

const STAMP = '.timmy-requirements.sha256';

/** True when the venv exists and was built from the current lock file. */
export function isVenvCurrent(python: PythonInterpreter, environment = process.env): boolean {
  const stamp = path.join(venvDir(environment), STAMP);
  return (
    existsSync(stamp) &&
    existsSync(path.join(venvBin(environment), 'evennia')) &&
    readFileSync(stamp, 'utf8').trim() === lockDigest(python)
  );
}

const BUILD_FAILURE =
  /(error: command '.*(gcc|cc|clang)' failed|unable to execute '.*(gcc|cc)'|Python\.h: No such file|command 'cc' failed|Failed building wheel|failed to build|No such file or directory: 'cc')/i;

/**
 * Creates (or reuses) the virtual environment with the pinned Evennia, showing progress. Throws a
 * SupervisorError naming the fix when Python or a build tool is missing.
 */
export async function ensurePythonEnvironment(
  progress: Progress,
  environment = process.env,
): Promise<PythonInterpreter> {
  const python = await findPython(environment);
  if (!python) {
    throw new SupervisorError(
      'SUPERVISOR_ERR_PYTHON_MISSING',
      'Python 3.11, 3.12 or 3.13 was not found on PATH.',
      {
        fix: 'apt-get install python3 python3-venv (or set TIMMY_PYTHON=/path/to/python3.11)',
      },
    );
  }
  if (!python.hasVenv) {
    throw new SupervisorError(
      'SUPERVISOR_ERR_PYTHON_MISSING',
      `${python.command} (${python.version}) lacks the venv/ensurepip modules.`,
      { fix: `apt-get install python3-venv (the package for ${python.command})` },
    );
  }
  if (isVenvCurrent(python, environment)) return python;
  const directory = venvDir(environment);
  return withDirectoryLock(directory, async () => {
    if (isVenvCurrent(python, environment)) return python;
    const started = Date.now();
    progress(`Creating the Python ${python.version} environment in ${directory} (first run only) ...`);
    rmSync(directory, { recursive: true, force: true });
    const created = await runCommand(python.command, ['-m', 'venv', directory], { env: environment });
    if (created.exitCode !== 0) {
      throw new SupervisorError(
        'SUPERVISOR_ERR_VENV_FAILED',
        `python -m venv failed:\n${created.output.slice(-2000)}`,
        {
          fix: 'apt-get install python3-venv',
        },
      );
    }
    const total = readFileSync(requirementsLockFile, 'utf8')
      .split('\n')
      .filter(line => /^[A-Za-z0-9]/.test(line)).length;
    let collected = 0;
    progress(`Installing evennia==5.0.1 and ${total - 1} pinned dependencies ...`);
    const installed = await runCommand(
      path.join(venvBin(environment), 'python'),
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--progress-bar',
        'off',
        '-r',
        requirementsLockFile,
      ],
      {
        env: { ...environment, PIP_REQUIRE_VIRTUALENV: '1' },
        onLine: line => {
          if (/^Collecting /.test(line))
            progress(`  [${++collected}/${total}] ${line.replace(/^Collecting /, '')}`);
          else if (/^(Installing collected packages|Building wheel)/.test(line))
            progress(`  ${line.slice(0, 100)}`);
        },
      },
    );
    if (installed.exitCode !== 0) {
      rmSync(directory, { recursive: true, force: true });
      const tail = installed.output.slice(-3000);
      if (BUILD_FAILURE.test(installed.output)) {
        throw new SupervisorError(
          'SUPERVISOR_ERR_BUILD_TOOLS',
          `pip needed to compile a package and could not:\n${tail}`,
          {
            fix: 'apt-get install build-essential python3-dev',
          },
        );
      }
      throw new SupervisorError('SUPERVISOR_ERR_INSTALL_FAILED', `pip install failed:\n${tail}`, {
        fix: 'check the network access to the Python package index, then run the command again',
      });
    }
    writeFileSync(path.join(directory, STAMP), `${lockDigest(python)}\n`);
    progress(`Python environment ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return python;
  });
}
