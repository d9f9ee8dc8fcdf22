/**
 * The outbox survives kill -9: a child process (outbox-kill-child.ts) enqueues entries and delivers them
 * over HTTP to a receiver in this test process, and is SIGKILLed at random moments, then restarted on the
 * same outbox file. The receiver is the target under test, not a fake of Gitea or Nostr: like those
 * deliverers' targets it applies an effect once per idempotency key (and answers 503 now and then, without
 * effect, so retries happen too). At the end every entry the child reported as enqueued has had its effect
 * exactly once, and the outbox holds nothing pending, in flight or dead.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OutboxStore } from '../../bridges/outbox/outbox-store.ts';
import { projectRoot } from '../../supervisor/paths.ts';

const CHILD = path.join(projectRoot, 'test', 'integration', 'outbox-kill-child.ts');
const KILLED_RUNS = 6;
const ENTRIES_PER_RUN = 60;

const children = new Set<ChildProcess>();
const killChildren = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.on('exit', killChildren);

interface Receiver {
  url: string;
  /** Requests per idempotency key (a retry of an applied effect counts again here). */
  requests: Map<string, number>;
  /** Effects in the order they were applied, at most once per key. */
  effects: string[];
  server: Server;
}

function startReceiver(): Promise<Receiver> {
  const requests = new Map<string, number>();
  const effects: string[] = [];
  const applied = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk as Buffer));
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key?: string };
      if (typeof key !== 'string' || body.key !== key) {
        response.writeHead(400).end();
        return;
      }
      requests.set(key, (requests.get(key) ?? 0) + 1);
      if (Math.random() < 0.1) {
        response.writeHead(503).end();
        return;
      }
      if (!applied.has(key)) {
        applied.add(key);
        effects.push(key);
      }
      // Answer a little later: a kill in this window leaves an applied effect the child never heard of.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ applied: key }));
      }, Math.random() * 40);
    });
  });
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/deliver`, requests, effects, server });
    });
  });
}

interface Run {
  child: ChildProcess;
  enqueued: string[];
  lines: string[];
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runChild(file: string, url: string, prefix: string, count: number): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, url, prefix, String(count)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const enqueued: string[] = [];
  const lines: string[] = [];
  let markReady!: () => void;
  const ready = new Promise<void>(resolve => {
    markReady = resolve;
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (line === 'ready') markReady();
      const match = /^enqueued (\S+)$/.exec(line);
      if (match?.[1]) enqueued.push(match[1]);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => lines.push(`stderr: ${chunk.toString('utf8').trim()}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      markReady();
      resolve({ code, signal });
    });
  });
  return { child, enqueued, lines, ready, exited };
}

describe('the outbox under kill -9', () => {
  let receiver: Receiver;
  let directory: string;

  before(async () => {
    receiver = await startReceiver();
    directory = mkdtempSync(path.join(tmpdir(), 'timmy-outbox-kill-'));
  });

  after(async () => {
    killChildren();
    await new Promise(resolve => receiver.server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('loses no enqueued entry and applies no effect twice across repeated SIGKILLs and restarts', async context => {
    const file = path.join(directory, 'outbox.sqlite');
    const reported: string[] = [];
    const kills: number[] = [];
    for (let run = 0; run < KILLED_RUNS; run++) {
      const started = runChild(file, receiver.url, `run${run}`, ENTRIES_PER_RUN);
      await started.ready;
      const delay = Math.round(50 + Math.random() * 400);
      await new Promise(resolve => setTimeout(resolve, delay));
      started.child.kill('SIGKILL');
      const { signal, code } = await started.exited;
      kills.push(delay);
      reported.push(...started.enqueued);
      context.diagnostic(
        `run ${run}: killed ${delay} ms after ready (${signal ?? `exit ${code}`}), ${started.enqueued.length} enqueued`,
      );
    }
    const last = runChild(file, receiver.url, 'final', ENTRIES_PER_RUN);
    const { code } = await last.exited;
    reported.push(...last.enqueued);
    assert.equal(code, 0, last.lines.join('\n'));
    assert.ok(
      last.lines.some(line => line.startsWith('drained')),
      last.lines.join('\n'),
    );

    const effects = new Set(receiver.effects);
    const lost = reported.filter(key => !effects.has(key));
    assert.deepEqual(lost, [], 'every entry whose enqueue returned was delivered');
    assert.equal(receiver.effects.length, effects.size, 'no effect was applied twice');
    const everyKey = new Set(
      Array.from({ length: KILLED_RUNS + 1 }, (_, run) =>
        Array.from(
          { length: ENTRIES_PER_RUN },
          (_, index) => `${run === KILLED_RUNS ? 'final' : `run${run}`}-${index}`,
        ),
      ).flat(),
    );
    assert.deepEqual(
      receiver.effects.filter(key => !everyKey.has(key)),
      [],
      'the receiver saw only keys the child enqueues',
    );
    const store = new OutboxStore(file);
    try {
      const stats = store.stats();
      assert.deepEqual({ ...stats, delivered: 0 }, { pending: 0, delivering: 0, delivered: 0, dead: 0 });
      assert.equal(stats.delivered, effects.size, 'each delivered row matches exactly one effect');
    } finally {
      store.close();
    }
    const repeated = [...receiver.requests.values()].filter(count => count > 1).length;
    context.diagnostic(
      `${reported.length} entries reported enqueued, ${effects.size} effects, ${repeated} keys requested more than once (retries and redeliveries after a kill, deduplicated by the receiver)`,
    );
  });
});
