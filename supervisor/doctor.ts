import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EvenniaSupervisor } from './evennia-supervisor.ts';
import { describePortOwner, isPortTaken, PORT_LABELS, type PortSet } from './ports.ts';
import { findPython, isVenvCurrent, venvBin } from './python-environment.ts';
import { runCommand } from './run-command.ts';

export type CheckStatus = 'ok' | 'missing' | 'warning';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** The command that fixes a missing or warning check. */
  fix?: string;
}

/** One requirement of a running Timmy; later issues add their optional services here. */
export type Check = () => Promise<CheckResult>;

export function nodeCheck(version = process.versions.node): Check {
  return async () => {
    const major = Number(version.split('.')[0]);
    return major >= 20
      ? { name: 'Node.js', status: 'ok', detail: `v${version}` }
      : {
          name: 'Node.js',
          status: 'missing',
          detail: `v${version} (20 or newer needed)`,
          fix: 'install Node.js 20 LTS',
        };
  };
}

export const pythonCheck: Check = async () => {
  const python = await findPython();
  if (!python) {
    return {
      name: 'Python 3.11-3.13',
      status: 'missing',
      detail: 'not found on PATH',
      fix: 'apt-get install python3 python3-venv',
    };
  }
  if (!python.hasVenv) {
    return {
      name: 'Python 3.11-3.13',
      status: 'missing',
      detail: `${python.command} ${python.version} has no venv module`,
      fix: 'apt-get install python3-venv',
    };
  }
  return { name: 'Python 3.11-3.13', status: 'ok', detail: `${python.command} ${python.version}` };
};

export const buildToolsCheck: Check = async () => {
  const compiler = await runCommand('cc', ['--version'], { timeoutMs: 10_000 }).catch(() => undefined);
  return compiler?.exitCode === 0
    ? { name: 'C compiler', status: 'ok', detail: compiler.output.split('\n')[0] ?? 'cc' }
    : {
        name: 'C compiler',
        status: 'warning',
        detail: 'not found; needed only when a Python package has no prebuilt wheel for this machine',
        fix: 'apt-get install build-essential python3-dev',
      };
};

export const venvCheck: Check = async () => {
  const python = await findPython();
  if (python && isVenvCurrent(python))
    return { name: 'Python environment', status: 'ok', detail: path.dirname(venvBin()) };
  return {
    name: 'Python environment',
    status: 'missing',
    detail: existsSync(venvBin()) ? 'out of date with evennia-game/requirements.lock' : 'not created yet',
    fix: 'npm run timmy -- setup (npm start also does it)',
  };
};

export const evenniaCheck: Check = async () => {
  const evennia = path.join(venvBin(), 'evennia');
  const result = existsSync(evennia)
    ? await runCommand(evennia, ['-v'], { timeoutMs: 60_000 }).catch(() => undefined)
    : undefined;
  const version =
    /Evennia[^\d]*(\d+\.\d+\.\d+)/i.exec(result?.output ?? '')?.[1] ??
    result?.output.trim().split('\n')[0] ??
    '';
  if (result?.exitCode === 0 && version === '5.0.1')
    return { name: 'Evennia 5.0.1', status: 'ok', detail: path.join(venvBin(), 'evennia') };
  return {
    name: 'Evennia 5.0.1',
    status: 'missing',
    detail: result ? `found "${version}"` : 'not installed',
    fix: 'npm run timmy -- setup',
  };
};

export function portsCheck(ports: PortSet, game?: EvenniaSupervisor): Check[] {
  return (Object.keys(PORT_LABELS) as (keyof PortSet)[]).map(key => async () => {
    const name = `port ${ports[key]} (${PORT_LABELS[key]})`;
    if (!(await isPortTaken(ports[key], game?.host))) return { name, status: 'ok', detail: 'free' };
    if (game?.isRunning()) return { name, status: 'ok', detail: 'in use by this game (running)' };
    return {
      name,
      status: 'missing',
      detail: `in use by ${describePortOwner(ports[key]) ?? 'another process'}`,
      fix: 'stop that process, or set EVENNIA_*_PORT to free ports',
    };
  });
}

export async function runChecks(checks: Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await check());
  return results;
}

export function formatChecks(results: CheckResult[]): string {
  const width = Math.max(...results.map(result => result.name.length));
  return results
    .map(result => {
      const line = `${result.status.padEnd(7)} ${result.name.padEnd(width)}  ${result.detail}`;
      return result.fix ? `${line}\n${' '.repeat(10 + width)}fix: ${result.fix}` : line;
    })
    .join('\n');
}
