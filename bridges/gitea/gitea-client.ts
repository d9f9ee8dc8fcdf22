/**
 * The typed Gitea client: one object per API resource over a shared `GiteaHttp` (injected `fetch`, token,
 * timeouts, safe retries, `GiteaError`).
 *
 *   const gitea = createGiteaClient({ baseUrl: 'http://127.0.0.1:3000', token });
 *   await gitea.issues.create('timmy/timmy-home', { title: 'Heartbeat', body: '…' });
 */
import { commitOperations } from './commits.ts';
import { contentOperations } from './contents.ts';
import { GiteaHttp, type GiteaHttpOptions } from './gitea-http.ts';
import { VersionSchema } from './gitea-schemas.ts';
import { issueOperations } from './issues.ts';
import { labelOperations } from './labels.ts';
import { pullRequestOperations } from './pull-requests.ts';
import { repositoryOperations } from './repositories.ts';
import { repositoryHookOperations } from './repository-hooks.ts';
import { userOperations } from './user.ts';

export function createGiteaClient(options: GiteaHttpOptions) {
  const http = new GiteaHttp(options);
  return {
    http,
    baseUrl: http.baseUrl,
    /** `GET /version`, e.g. `1.26.4`. */
    async version(signal?: AbortSignal): Promise<string> {
      const response = await http.request({ method: 'GET', path: '/version', schema: VersionSchema, signal });
      return response.data.version;
    },
    user: userOperations(http),
    repositories: repositoryOperations(http),
    issues: issueOperations(http),
    labels: labelOperations(http),
    pulls: pullRequestOperations(http),
    commits: commitOperations(http),
    contents: contentOperations(http),
    hooks: repositoryHookOperations(http),
  };
}

export type GiteaClient = ReturnType<typeof createGiteaClient>;
