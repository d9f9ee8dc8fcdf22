/**
 * The heartbeat's priority action selector (pure): from a scan to an ordered list of actions.
 *
 * - high:   merge an open pull request Gitea judges mergeable that carries the approval label;
 * - medium: triage an open issue without labels; look at a repository that could not be read;
 * - low:    remind about mergeable pull requests still waiting for approval; the report itself.
 *
 * Only high-priority actions are executed by the heartbeat; the rest go into its report.
 */
import type { HeartbeatScan } from './heartbeat-scan.ts';

export type ActionPriority = 'high' | 'medium' | 'low';

export type HeartbeatAction =
  | { priority: 'high'; type: 'merge'; repository: string; number: number; title: string; headSha: string }
  | { priority: 'medium'; type: 'triage'; repository: string; number: number; title: string }
  | { priority: 'medium'; type: 'investigate'; repository: string; error: string }
  | { priority: 'low'; type: 'await-approval'; repository: string; number: number; title: string }
  | { priority: 'low'; type: 'report'; repositories: number };

export interface SelectorPolicy {
  /** The label that marks a pull request as approved for merging. */
  approvedLabel: string;
  /** At most this many triage actions per repository (the rest wait for the next heartbeat). */
  maxTriagePerRepository: number;
}

export const DEFAULT_SELECTOR_POLICY: SelectorPolicy = {
  approvedLabel: 'approved',
  maxTriagePerRepository: 10,
};

const RANK: Record<ActionPriority, number> = { high: 0, medium: 1, low: 2 };

export function selectActions(scan: HeartbeatScan, policy: Partial<SelectorPolicy> = {}): HeartbeatAction[] {
  const { approvedLabel, maxTriagePerRepository } = { ...DEFAULT_SELECTOR_POLICY, ...policy };
  const actions: HeartbeatAction[] = [];
  for (const repository of scan.repositories) {
    const name = repository.repository;
    if (repository.status === 'unreadable') {
      actions.push({
        priority: 'medium',
        type: 'investigate',
        repository: name,
        error: repository.error ?? '',
      });
      continue;
    }
    if (repository.status === 'archived') continue;
    for (const pull of repository.mergeablePulls) {
      if (pull.labels.includes(approvedLabel)) {
        actions.push({
          priority: 'high',
          type: 'merge',
          repository: name,
          number: pull.number,
          title: pull.title,
          headSha: pull.headSha,
        });
      } else {
        actions.push({
          priority: 'low',
          type: 'await-approval',
          repository: name,
          number: pull.number,
          title: pull.title,
        });
      }
    }
    const oldestFirst = [...repository.untriagedIssues].sort((a, b) => a.number - b.number);
    for (const issue of oldestFirst.slice(0, maxTriagePerRepository)) {
      actions.push({
        priority: 'medium',
        type: 'triage',
        repository: name,
        number: issue.number,
        title: issue.title,
      });
    }
  }
  actions.push({ priority: 'low', type: 'report', repositories: scan.repositories.length });
  return actions
    .map((action, index) => ({ action, index }))
    .sort((a, b) => RANK[a.action.priority] - RANK[b.action.priority] || a.index - b.index)
    .map(({ action }) => action);
}
