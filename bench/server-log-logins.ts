/**
 * Counts the logins Evennia's Server records in server/logs/server.log ("Logged in: <account> ..."). It is
 * the one login clock that reads the same for mud-client and for the dummyrunner, and it adds no load on
 * the game. The log's own timestamps have whole seconds only, so a worker thread polls the file and
 * stamps each new line itself: the stamps stay right while the main thread is busy with 200 clients.
 */
import { Worker } from 'node:worker_threads';

const POLL_MS = 25;

const WORKER_SOURCE = `
const { closeSync, openSync, readSync, statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { file, pattern, pollMs } = workerData;
const matcher = new RegExp(pattern);
const size = () => { try { return statSync(file).size; } catch { return 0; } };
let offset = size();
let partial = '';
const poll = () => {
  const now = performance.timeOrigin + performance.now();
  const current = size();
  // Evennia rotates server.log by size: start again at the top of the new file.
  if (current < offset) offset = 0;
  if (current === offset) return;
  const buffer = Buffer.alloc(current - offset);
  const descriptor = openSync(file, 'r');
  try { readSync(descriptor, buffer, 0, buffer.length, offset); } finally { closeSync(descriptor); }
  offset = current;
  const lines = (partial + buffer.toString('utf8')).split('\\n');
  partial = lines.pop() ?? '';
  const stamps = lines.filter(line => matcher.test(line)).map(() => now);
  if (stamps.length > 0) parentPort.postMessage(stamps);
};
const timer = setInterval(poll, pollMs);
parentPort.postMessage('ready');
parentPort.on('message', () => { clearInterval(timer); poll(); parentPort.postMessage('stopped'); });
`;

export class ServerLogLogins {
  private readonly worker: Worker;
  /** Absolute times (performance.timeOrigin-based ms) of the logins seen, in order. */
  private readonly stamps: number[] = [];
  private readonly listeners = new Set<() => void>();

  /** Counts only logins from now on, of accounts whose name starts with `prefix`. */
  static async start(file: string, prefix: string): Promise<ServerLogLogins> {
    const logins = new ServerLogLogins(file, prefix);
    await new Promise<void>((resolve, reject) => {
      logins.worker.once('error', reject);
      logins.worker.once('message', () => resolve());
    });
    return logins;
  }

  private constructor(file: string, prefix: string) {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, pattern: `Logged in: ${escaped}`, pollMs: POLL_MS },
    });
    this.worker.on('message', (message: unknown) => {
      if (Array.isArray(message)) this.stamps.push(...(message as number[]));
      for (const listener of [...this.listeners]) listener();
    });
  }

  get count(): number {
    return this.stamps.length;
  }

  /** `performance.now()` at which the n-th login was seen (1-based), if it was. */
  timeOf(n: number): number | undefined {
    const stamp = this.stamps[n - 1];
    return stamp === undefined ? undefined : stamp - performance.timeOrigin;
  }

  /** Resolves once `n` logins were seen, or after `timeoutMs` (then with false). */
  waitFor(n: number, timeoutMs: number): Promise<boolean> {
    if (this.count >= n) return Promise.resolve(true);
    return new Promise(resolve => {
      const check = () => {
        if (this.count < n) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      this.listeners.add(check);
    });
  }

  /** Takes a last look at the file and ends the worker. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>(resolve => {
      const listener = (message: unknown) => {
        if (message !== 'stopped') return;
        this.worker.off('message', listener);
        resolve();
      };
      this.worker.on('message', listener);
    });
    this.worker.postMessage('stop');
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise(resolve => (timeout = setTimeout(resolve, 2000)))]);
    clearTimeout(timeout);
    await this.worker.terminate();
  }
}
