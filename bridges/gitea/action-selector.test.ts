import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectActions } from './action-selector.ts';
import type { HeartbeatScan, PullSummary, RepositoryScan } from './heartbeat-scan.ts';

const pull = (number: number, labels: string[]): PullSummary => ({
  number,
  title: `pull ${number}`,
  author: 'ezra',
  labels,
  headSha: `sha${number}`,
  mergeable: true,
});

const repository = (name: string, overrides: Partial<RepositoryScan> = {}): RepositoryScan => ({
  repository: name,
  status: 'ok',
  defaultBranch: 'main',
  openIssues: 0,
  openPulls: 0,
  mergeablePulls: [],
  blockedPulls: [],
  untriagedIssues: [],
  ...overrides,
});

const scanOf = (...repositories: RepositoryScan[]): HeartbeatScan => ({
  at: '2026-01-01T00:00:00.000Z',
  repositories,
});

describe('selectActions', () => {
  it('merges only mergeable pull requests that carry the approval label, as high priority', () => {
    const actions = selectActions(
      scanOf(repository('a/b', { mergeablePulls: [pull(3, ['approved']), pull(4, [])] })),
    );
    assert.deepEqual(
      actions.filter(action => action.priority === 'high'),
      [{ priority: 'high', type: 'merge', repository: 'a/b', number: 3, title: 'pull 3', headSha: 'sha3' }],
    );
    assert.ok(actions.some(action => action.type === 'await-approval' && action.number === 4));
  });

  it('honours another approval label from the policy', () => {
    const scan = scanOf(repository('a/b', { mergeablePulls: [pull(3, ['approved']), pull(5, ['lgtm'])] }));
    const merges = selectActions(scan, { approvedLabel: 'lgtm' }).filter(action => action.type === 'merge');
    assert.deepEqual(
      merges.map(action => action.type === 'merge' && action.number),
      [5],
    );
  });

  it('orders high before medium before low, whatever the repository order', () => {
    const scan = scanOf(
      repository('a/first', { untriagedIssues: [{ number: 1, title: 'old', author: 'x', createdAt: '' }] }),
      repository('a/second', { mergeablePulls: [pull(9, ['approved'])] }),
    );
    assert.deepEqual(
      selectActions(scan).map(action => `${action.priority}:${action.type}`),
      ['high:merge', 'medium:triage', 'low:report'],
    );
  });

  it('triages untriaged issues oldest first and at most the policy limit per repository', () => {
    const issues = [7, 2, 5].map(number => ({
      number,
      title: `issue ${number}`,
      author: 'x',
      createdAt: '',
    }));
    const triage = selectActions(scanOf(repository('a/b', { untriagedIssues: issues })), {
      maxTriagePerRepository: 2,
    }).filter(action => action.type === 'triage');
    assert.deepEqual(
      triage.map(action => action.type === 'triage' && action.number),
      [2, 5],
    );
  });

  it('asks to investigate an unreadable repository and proposes nothing else for it', () => {
    const actions = selectActions(scanOf(repository('a/b', { status: 'unreadable', error: 'HTTP 500' })));
    assert.deepEqual(actions, [
      { priority: 'medium', type: 'investigate', repository: 'a/b', error: 'HTTP 500' },
      { priority: 'low', type: 'report', repositories: 1 },
    ]);
  });

  it('leaves archived repositories alone', () => {
    const actions = selectActions(
      scanOf(repository('a/b', { status: 'archived', mergeablePulls: [pull(1, ['approved'])] })),
    );
    assert.deepEqual(actions, [{ priority: 'low', type: 'report', repositories: 1 }]);
  });

  it('always ends with exactly one report, even for an empty scan', () => {
    assert.deepEqual(selectActions(scanOf()), [{ priority: 'low', type: 'report', repositories: 0 }]);
  });
});
