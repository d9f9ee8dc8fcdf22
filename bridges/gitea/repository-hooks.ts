/**
 * Repository webhooks: `GET|POST /repos/{o}/{r}/hooks`. Deliveries to a loopback receiver need
 * `[webhook] ALLOWED_HOST_LIST = loopback` in Gitea's app.ini.
 */
import { z } from 'zod';
import type { GiteaHttp } from './gitea-http.ts';
import { type GiteaHook, HookSchema } from './gitea-schemas.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface CreateHookRequest {
  url: string;
  /** HMAC-SHA256 key: Gitea signs each delivery's raw body into `X-Gitea-Signature`. */
  secret: string;
  events?: readonly string[];
  branchFilter?: string;
}

export const DEFAULT_HOOK_EVENTS = ['issues', 'issue_comment', 'pull_request', 'push'] as const;

export function repositoryHookOperations(http: GiteaHttp) {
  return {
    async list(repository: RepositoryName, signal?: AbortSignal): Promise<GiteaHook[]> {
      const response = await http.request({
        method: 'GET',
        path: `${repositoryPath(repository)}/hooks`,
        schema: z.array(HookSchema),
        signal,
      });
      return response.data;
    },
    async create(repository: RepositoryName, request: CreateHookRequest, signal?: AbortSignal) {
      const response = await http.request({
        method: 'POST',
        path: `${repositoryPath(repository)}/hooks`,
        body: {
          type: 'gitea',
          active: true,
          events: request.events ?? DEFAULT_HOOK_EVENTS,
          branch_filter: request.branchFilter ?? '*',
          config: { url: request.url, content_type: 'json', secret: request.secret },
        },
        schema: HookSchema,
        signal,
      });
      return response.data;
    },
  };
}
