import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EnqueueRequest, OutboxEntry } from '../outbox/outbox-contract.ts';
import { selectActions } from './action-selector.ts';
import { actOnHighPriority } from './heartbeat.ts';
import type { HeartbeatScan } from './heartbeat-scan.ts';

/** Test double of the outbox's `enqueue` (keys are unique, like the real one's). */
function recordingOutbox() {
  const entries = new Map<string, OutboxEntry>();
  return {
    entries,
    enqueue<Payload>(request: EnqueueRequest<Payload>) {
      const existing = entries.get(request.idempotencyKey);
      if (existing) return { entry: existing as OutboxEntry<Payload>, duplicate: true };
      const entry: OutboxEntry<Payload> = {
        id: entries.size + 1,
        ...request,
        status: 'pending',
        attempts: 0,
        createdAt: 0,
        nextAttemptAt: 0,
      };
      entries.set(request.idempotencyKey, entry);
      return { entry, duplicate: false };
    },
  };
}

const scan: HeartbeatScan = {
  at: '2026-11-24T09:00:00.000Z',
  repositories: [
    {
      repository: 'timmy/home',
      status: 'ok',
      defaultBranch: 'main',
      openIssues: 2,
      openPulls: 1,
      lastCommit: { sha: '0123456789abcdef', message: 'Add the hall', date: '2026-11-23T10:00:00Z' },
      mergeablePulls: [
        {
          number: 7,
          title: 'Door fix',
          author: 'ezra',
          labels: ['approved'],
          headSha: 'abc123',
          mergeable: true,
        },
      ],
      blockedPulls: [],
      untriagedIssues: [{ number: 3, title: 'Leaky roof', author: 'allegro', createdAt: '' }],
    },
  ],
};

describe('actOnHighPriority', () => {
  it('enqueues a merge for each high-priority action, keyed by repository, number and head commit', () => {
    const outbox = recordingOutbox();
    const report = actOnHighPriority(scan, selectActions(scan), outbox);
    assert.deepEqual(
      [...outbox.entries.values()].map(entry => [entry.kind, entry.idempotencyKey, entry.payload]),
      [
        [
          'pull.merge',
          'heartbeat:merge:timmy/home#7@abc123',
          { repository: 'timmy/home', number: 7, headCommitId: 'abc123' },
        ],
      ],
    );
    assert.deepEqual(
      report.actions.map(item => `${item.action.type}:${item.outcome}`),
      ['merge:enqueued', 'triage:reported', 'report:reported'],
    );
  });

  it('does not enqueue the same merge twice when the heartbeat runs again', () => {
    const outbox = recordingOutbox();
    actOnHighPriority(scan, selectActions(scan), outbox);
    const again = actOnHighPriority(scan, selectActions(scan), outbox);
    assert.equal(outbox.entries.size, 1);
    assert.equal(again.actions[0]?.outcome, 'already-enqueued');
    assert.equal(again.actions[0]?.entryId, 1);
  });

  it('summarises the scan and the actions in plain text', () => {
    const report = actOnHighPriority(scan, selectActions(scan), recordingOutbox());
    assert.equal(
      report.text,
      [
        'Heartbeat 2026-11-24T09:00:00.000Z: 1 repositories',
        '- timmy/home: ok, 2 open issues, 1 open pull requests (1 mergeable), 1 untriaged, last commit 01234567 "Add the hall"',
        '[high] merge timmy/home#7 "Door fix": enqueued',
        '[medium] triage timmy/home#3 "Leaky roof"',
      ].join('\n'),
    );
  });
});
