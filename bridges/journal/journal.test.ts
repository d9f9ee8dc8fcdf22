import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError } from '../errors.ts';
import { Outbox } from '../outbox/outbox.ts';
import { ManualClock } from '../outbox/outbox-clock.ts';
import { JOURNAL_APPEND, JOURNAL_PUSH, Journal, type JournalGit } from './journal.ts';
import type { AppendResult } from './journal-repository.ts';

/** Records what the journal asks of git; the real repository is exercised in test/integration/journal.spec.ts. */
class RecordingGit implements JournalGit {
  readonly files = new Map<string, string>();
  readonly calls: string[] = [];
  pushFailure: unknown;
  constructor(readonly hasRemote = true) {}

  async append(relativeFile: string, text: string, marker: string): Promise<AppendResult> {
    this.calls.push(`append ${relativeFile}`);
    const current = this.files.get(relativeFile) ?? '';
    if (current.includes(marker)) return { commit: undefined, alreadyWritten: true };
    this.files.set(relativeFile, current + text);
    return { commit: `c${this.calls.length}`, alreadyWritten: false };
  }

  async push(): Promise<{ pushed: boolean }> {
    this.calls.push('push');
    if (this.pushFailure) throw this.pushFailure;
    return { pushed: true };
  }
}

function setup(git: RecordingGit) {
  const clock = new ManualClock(Date.UTC(2026, 10, 24, 22, 59, 58));
  const outbox = new Outbox({ file: ':memory:', clock, random: () => 0, maxAttempts: 3 });
  const journal = new Journal({ repository: git, outbox, timeZone: 'Europe/Paris', now: () => clock.now() });
  outbox.start();
  return { clock, outbox, journal };
}

async function settleAll(outbox: Outbox): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await new Promise(resolve => setImmediate(resolve));
    const { pending, delivering } = outbox.stats();
    if (pending === 0 && delivering === 0) return;
  }
}

describe('Journal.write', () => {
  it('commits entries to the file of their local day in order, then pushes', async () => {
    const git = new RecordingGit();
    const { clock, outbox, journal } = setup(git);
    journal.write({ status: 'awake', action: 'looked around', next: 'walk north' });
    clock.advance(3_000); // 00:00:01 in Paris: the next day's file
    journal.write({ status: 'walking', action: 'went north', next: 'read' });
    await settleAll(outbox);
    assert.deepEqual(
      git.calls.filter(call => call.startsWith('append')),
      ['append thoughts/2026-11-24.md', 'append thoughts/2026-11-25.md'],
    );
    assert.match(
      git.files.get('thoughts/2026-11-24.md') ?? '',
      /^# 2026-11-24 23:59:58 \+01:00\n## Status: awake\n/,
    );
    assert.ok(git.calls.includes('push'));
    assert.deepEqual(outbox.stats(), { pending: 0, delivering: 0, delivered: 4, dead: 0 });
  });

  it('writes nothing twice when the same idempotency key is written again', async () => {
    const git = new RecordingGit();
    const { outbox, journal } = setup(git);
    const first = journal.write({ status: 's', action: 'a', next: 'n' }, { idempotencyKey: 'once' });
    const second = journal.write({ status: 's', action: 'a', next: 'n' }, { idempotencyKey: 'once' });
    assert.equal(first.id, second.id);
    await settleAll(outbox);
    assert.equal((git.files.get('thoughts/2026-11-24.md') ?? '').split('## Status').length, 2);
  });

  it('does not enqueue pushes when the journal has no remote', async () => {
    const git = new RecordingGit(false);
    const { outbox, journal } = setup(git);
    const entry = journal.write({ status: 's', action: 'a', next: 'n' });
    await outbox.settled(entry.id);
    await settleAll(outbox);
    assert.deepEqual(git.calls, ['append thoughts/2026-11-24.md']);
  });

  it('parks a push refused for its token as a dead letter without retrying, keeping the local commit', async () => {
    const git = new RecordingGit();
    git.pushFailure = new BridgeError(
      'BRIDGE_ERR_AUTH_FAILED',
      'journal',
      'git push failed: Authentication failed',
    );
    const { outbox, journal } = setup(git);
    const entry = journal.write({ status: 's', action: 'a', next: 'n' });
    assert.equal((await outbox.settled(entry.id)).status, 'delivered');
    await settleAll(outbox);
    const [dead] = outbox.deadLetters();
    assert.equal(dead?.kind, JOURNAL_PUSH);
    assert.match(dead?.lastError ?? '', /^BRIDGE_ERR_AUTH_FAILED: /);
    assert.equal(git.calls.filter(call => call === 'push').length, 1);
  });

  it('retries a push while the remote is unreachable', async () => {
    const git = new RecordingGit();
    git.pushFailure = new BridgeError(
      'BRIDGE_ERR_UNREACHABLE',
      'journal',
      'git push failed: Connection refused',
    );
    const { clock, outbox, journal } = setup(git);
    journal.write({ status: 's', action: 'a', next: 'n' });
    await settleAll(outbox);
    assert.equal(outbox.stats().pending, 1);
    git.pushFailure = undefined;
    clock.advance(1_000);
    await settleAll(outbox);
    assert.deepEqual(outbox.stats(), { pending: 0, delivering: 0, delivered: 2, dead: 0 });
    assert.equal(git.calls.filter(call => call === 'push').length, 2);
  });

  it('rejects an entry with an empty part before anything is recorded', () => {
    const git = new RecordingGit();
    const { outbox, journal } = setup(git);
    assert.throws(() => journal.write({ status: '', action: 'a', next: 'n' }));
    assert.equal(outbox.stats().pending, 0);
    assert.equal(JOURNAL_APPEND, 'journal.append');
  });
});
