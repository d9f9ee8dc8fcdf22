/**
 * The heartbeat's look at Gitea (seed document, "Heartbeat Data Flow"): for each repository its status,
 * the open pull requests Gitea judges mergeable, and the untriaged issues (open, no label). A repository
 * that cannot be read is reported as data, never thrown, so one broken repository does not hide the rest.
 */
import type { GiteaClient } from './gitea-client.ts';
import { listAll } from './list-page.ts';

export interface PullSummary {
  number: number;
  title: string;
  author: string;
  labels: string[];
  headSha: string;
  mergeable: boolean;
}

export interface IssueSummary {
  number: number;
  title: string;
  author: string;
  createdAt: string;
}

export interface RepositoryScan {
  repository: string;
  status: 'ok' | 'archived' | 'empty' | 'unreadable';
  /** Why the repository could not be read (`status: 'unreadable'`). */
  error?: string;
  defaultBranch: string;
  openIssues: number;
  openPulls: number;
  lastCommit?: { sha: string; message: string; date: string };
  mergeablePulls: PullSummary[];
  /** Open pull requests Gitea does not (yet) judge mergeable. */
  blockedPulls: PullSummary[];
  untriagedIssues: IssueSummary[];
}

export interface HeartbeatScan {
  /** ISO time of the scan. */
  at: string;
  repositories: RepositoryScan[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  now?: () => Date;
  /** At most this many open issues and pull requests are read per repository. */
  maxItems?: number;
}

export async function scanRepositories(
  client: GiteaClient,
  repositories: readonly string[],
  options: ScanOptions = {},
): Promise<HeartbeatScan> {
  const at = (options.now ?? (() => new Date()))().toISOString();
  const scans: RepositoryScan[] = [];
  for (const repository of repositories) scans.push(await scanOne(client, repository, options));
  return { at, repositories: scans };
}

async function scanOne(
  client: GiteaClient,
  repository: string,
  options: ScanOptions,
): Promise<RepositoryScan> {
  const { signal } = options;
  const maxItems = options.maxItems ?? 200;
  const empty: RepositoryScan = {
    repository,
    status: 'ok',
    defaultBranch: '',
    openIssues: 0,
    openPulls: 0,
    mergeablePulls: [],
    blockedPulls: [],
    untriagedIssues: [],
  };
  try {
    const info = await client.repositories.get(repository, signal);
    const scan: RepositoryScan = {
      ...empty,
      status: info.archived ? 'archived' : info.empty ? 'empty' : 'ok',
      defaultBranch: info.default_branch,
      openIssues: info.open_issues_count,
      openPulls: info.open_pr_counter,
    };
    if (info.empty) return scan;
    const [commit] = (await client.commits.list(repository, { limit: 1, signal })).items;
    if (commit) {
      scan.lastCommit = {
        sha: commit.sha,
        message: commit.commit.message.split('\n')[0] ?? '',
        date: commit.commit.author.date,
      };
    }
    const pulls = await listAll(page => client.pulls.list(repository, { page, limit: 50, signal }), maxItems);
    for (const pull of pulls) {
      const summary: PullSummary = {
        number: pull.number,
        title: pull.title,
        author: pull.user.login,
        labels: pull.labels.map(label => label.name),
        headSha: pull.head.sha,
        mergeable: pull.mergeable,
      };
      (pull.mergeable ? scan.mergeablePulls : scan.blockedPulls).push(summary);
    }
    const issues = await listAll(
      page => client.issues.list(repository, { state: 'open', type: 'issues', page, limit: 50, signal }),
      maxItems,
    );
    scan.untriagedIssues = issues
      .filter(issue => issue.labels.length === 0)
      .map(issue => ({
        number: issue.number,
        title: issue.title,
        author: issue.user.login,
        createdAt: issue.created_at,
      }));
    return scan;
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ...empty, status: 'unreadable', error: error instanceof Error ? error.message : String(error) };
  }
}
