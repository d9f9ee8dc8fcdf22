/**
 * Pull requests: `GET|POST /repos/{o}/{r}/pulls`, `GET …/pulls/{index}`, `POST …/pulls/{index}/merge`,
 * `GET …/pulls/{index}/merge` (204 merged, 404 not). Gitea computes `mergeable` asynchronously after a
 * pull request is opened or its branches move, so `waitForMergeable` polls.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { GiteaHttp } from './gitea-http.ts';
import { type GiteaPullRequest, PullRequestSchema } from './gitea-schemas.ts';
import { type ListPage, listPage, type PageRequest } from './list-page.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export type MergeStyle = 'merge' | 'rebase' | 'rebase-merge' | 'squash' | 'fast-forward-only';

export interface CreatePullRequest {
  head: string;
  base: string;
  title: string;
  body?: string;
}

export interface MergeRequest {
  style?: MergeStyle;
  title?: string;
  message?: string;
  deleteBranchAfterMerge?: boolean;
  /** Refuse to merge if the head moved past this commit. */
  headCommitId?: string;
}

export interface WaitForMergeableOptions {
  timeoutMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export function pullRequestOperations(http: GiteaHttp) {
  const pullPath = (repository: RepositoryName, number: number) =>
    `${repositoryPath(repository)}/pulls/${number}`;
  const operations = {
    list(
      repository: RepositoryName,
      request: PageRequest & { state?: 'open' | 'closed' | 'all' } = {},
    ): Promise<ListPage<GiteaPullRequest>> {
      return listPage(http, `${repositoryPath(repository)}/pulls`, PullRequestSchema, {
        ...request,
        query: { state: request.state ?? 'open' },
      });
    },
    async get(repository: RepositoryName, number: number, signal?: AbortSignal): Promise<GiteaPullRequest> {
      const response = await http.request({
        method: 'GET',
        path: pullPath(repository, number),
        schema: PullRequestSchema,
        signal,
      });
      return response.data;
    },
    async create(repository: RepositoryName, request: CreatePullRequest, signal?: AbortSignal) {
      const response = await http.request({
        method: 'POST',
        path: `${repositoryPath(repository)}/pulls`,
        body: { head: request.head, base: request.base, title: request.title, body: request.body ?? '' },
        schema: PullRequestSchema,
        signal,
      });
      return response.data;
    },
    /**
     * Polls until Gitea reports the pull request mergeable (or merged, or closed), or the time is up;
     * resolves with the last state seen either way, so the caller reads `mergeable`.
     */
    async waitForMergeable(
      repository: RepositoryName,
      number: number,
      options: WaitForMergeableOptions = {},
    ): Promise<GiteaPullRequest> {
      const deadline = Date.now() + (options.timeoutMs ?? 30_000);
      for (;;) {
        const pull = await operations.get(repository, number, options.signal);
        if (pull.mergeable || pull.merged || pull.state === 'closed' || Date.now() >= deadline) return pull;
        await sleepFor(options.intervalMs ?? 500, undefined, { signal: options.signal });
      }
    },
    async isMerged(repository: RepositoryName, number: number, signal?: AbortSignal): Promise<boolean> {
      const response = await http.request({
        method: 'GET',
        path: `${pullPath(repository, number)}/merge`,
        allowStatus: [404],
        signal,
      });
      return response.status === 204;
    },
    /** Merges (not retried by itself: Gitea answers a repeat with 405, which the deliverer checks). */
    async merge(
      repository: RepositoryName,
      number: number,
      request: MergeRequest = {},
      signal?: AbortSignal,
    ): Promise<void> {
      await http.request({
        method: 'POST',
        path: `${pullPath(repository, number)}/merge`,
        body: {
          Do: request.style ?? 'merge',
          ...(request.title === undefined ? {} : { MergeTitleField: request.title }),
          ...(request.message === undefined ? {} : { MergeMessageField: request.message }),
          ...(request.headCommitId === undefined ? {} : { head_commit_id: request.headCommitId }),
          delete_branch_after_merge: request.deleteBranchAfterMerge ?? false,
        },
        signal,
      });
    },
  };
  return operations;
}
