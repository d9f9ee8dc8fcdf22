/** Commits: `GET /repos/{o}/{r}/commits?sha=&path=` (newest first; `X-Total-Count`, `Link`). */
import type { GiteaHttp } from './gitea-http.ts';
import { CommitSchema, type GiteaCommit } from './gitea-schemas.ts';
import { type ListPage, listPage, type PageRequest } from './list-page.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface ListCommitsRequest extends PageRequest {
  /** Branch, tag or commit to start from (the default branch otherwise). */
  sha?: string;
  /** Only commits touching this file or folder. */
  path?: string;
}

export function commitOperations(http: GiteaHttp) {
  return {
    list(repository: RepositoryName, request: ListCommitsRequest = {}): Promise<ListPage<GiteaCommit>> {
      return listPage(http, `${repositoryPath(repository)}/commits`, CommitSchema, {
        ...request,
        query: { sha: request.sha, path: request.path, stat: false, verification: false, files: false },
      });
    },
  };
}
