/**
 * CPU time and memory of other processes (the dummyrunner, Evennia's Portal and Server) from /proc, and
 * of this process from Node itself. Linux only, like the rest of Timmy's process handling.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  pid: number;
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssKiB: number;
  /** Peak RSS so far (VmHWM). */
  peakRssKiB: number;
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statusField(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** Reads /proc/<pid>/stat and status; undefined when the process is gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      pid,
      cpuSeconds: (utime + stime) / ticksPerSecond(),
      rssKiB: statusField(status, 'VmRSS'),
      peakRssKiB: statusField(status, 'VmHWM'),
    };
  } catch {
    return undefined;
  }
}

/** Sum of the CPU seconds of several processes (those still alive). */
export function totalCpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (sampleProcess(pid)?.cpuSeconds ?? 0), 0);
}

/** Live children of `parent` whose command line contains `needle`. */
export function findChildProcesses(parent: number, needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parentPid !== parent) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}
