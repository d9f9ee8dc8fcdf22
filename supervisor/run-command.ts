import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they arrived, capped at the last `outputLimit` characters. */
  output: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each complete output line, for progress display. */
  onLine?: (line: string) => void;
  /** Kill the command (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  outputLimit?: number;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}) {
  const limit = options.outputLimit ?? 200_000;
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-limit);
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) options.onLine(line);
      if (pending.length > 10_000) pending = pending.slice(-10_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', error => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      if (pending.trim() && options.onLine) options.onLine(pending);
      resolve({ exitCode, signal, output });
    });
  });
}
