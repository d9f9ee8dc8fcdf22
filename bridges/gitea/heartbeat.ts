/**
 * One heartbeat: scan → select → execute the high-priority actions through the outbox → report. The
 * outbox key of a merge names the repository, the pull request and its head commit, so a heartbeat that
 * runs again before the merge is delivered does not enqueue it twice, while a pull request that moved is
 * judged afresh.
 */
import type { OutboxApi } from '../outbox/outbox-contract.ts';
import { type HeartbeatAction, type SelectorPolicy, selectActions } from './action-selector.ts';
import type { GiteaClient } from './gitea-client.ts';
import { type HeartbeatScan, type ScanOptions, scanRepositories } from './heartbeat-scan.ts';
import { giteaWrite } from './outbox-kinds.ts';

export interface ActionOutcome {
  action: HeartbeatAction;
  /** `enqueued`: written to the outbox now; `already-enqueued`: an earlier heartbeat did; `reported`: not executed. */
  outcome: 'enqueued' | 'already-enqueued' | 'reported';
  entryId?: number;
}

export interface HeartbeatReport {
  at: string;
  scan: HeartbeatScan;
  actions: ActionOutcome[];
  /** The plain-text summary (the seed's "morning summary"). */
  text: string;
}

export function actOnHighPriority(
  scan: HeartbeatScan,
  actions: readonly HeartbeatAction[],
  outbox: Pick<OutboxApi, 'enqueue'>,
): HeartbeatReport {
  const outcomes: ActionOutcome[] = actions.map(action => {
    if (action.type !== 'merge') return { action, outcome: 'reported' };
    const { entry, duplicate } = outbox.enqueue(
      giteaWrite('pull.merge', `heartbeat:merge:${action.repository}#${action.number}@${action.headSha}`, {
        repository: action.repository,
        number: action.number,
        headCommitId: action.headSha,
      }),
    );
    return { action, outcome: duplicate ? 'already-enqueued' : 'enqueued', entryId: entry.id };
  });
  return { at: scan.at, scan, actions: outcomes, text: heartbeatSummary(scan, outcomes) };
}

export async function runHeartbeat(options: {
  client: GiteaClient;
  outbox: Pick<OutboxApi, 'enqueue'>;
  repositories: readonly string[];
  policy?: Partial<SelectorPolicy>;
  scan?: ScanOptions;
}): Promise<HeartbeatReport> {
  const scan = await scanRepositories(options.client, options.repositories, options.scan);
  return actOnHighPriority(scan, selectActions(scan, options.policy), options.outbox);
}

export function heartbeatSummary(scan: HeartbeatScan, outcomes: readonly ActionOutcome[]): string {
  const lines = [`Heartbeat ${scan.at}: ${scan.repositories.length} repositories`];
  for (const repository of scan.repositories) {
    if (repository.status === 'unreadable') {
      lines.push(`- ${repository.repository}: unreadable (${repository.error})`);
      continue;
    }
    const last = repository.lastCommit
      ? `, last commit ${repository.lastCommit.sha.slice(0, 8)} "${repository.lastCommit.message}"`
      : '';
    lines.push(
      `- ${repository.repository}: ${repository.status}, ${repository.openIssues} open issues, ${repository.openPulls} open pull requests (${repository.mergeablePulls.length} mergeable), ${repository.untriagedIssues.length} untriaged${last}`,
    );
  }
  for (const { action, outcome } of outcomes) {
    switch (action.type) {
      case 'merge':
        lines.push(`[high] merge ${action.repository}#${action.number} "${action.title}": ${outcome}`);
        break;
      case 'triage':
        lines.push(`[medium] triage ${action.repository}#${action.number} "${action.title}"`);
        break;
      case 'investigate':
        lines.push(`[medium] investigate ${action.repository}: ${action.error}`);
        break;
      case 'await-approval':
        lines.push(
          `[low] ${action.repository}#${action.number} "${action.title}" is mergeable, awaiting approval`,
        );
        break;
      case 'report':
        break;
    }
  }
  return lines.join('\n');
}
