/** Labels: `GET|POST /repos/{o}/{r}/labels`, attach with `POST …/issues/{index}/labels {labels: [ids]}`. */
import { z } from 'zod';
import type { GiteaHttp } from './gitea-http.ts';
import { type GiteaLabel, LabelSchema } from './gitea-schemas.ts';
import { type ListPage, listPage, type PageRequest } from './list-page.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface CreateLabelRequest {
  name: string;
  /** `#rrggbb`. */
  color: string;
  description?: string;
}

export function labelOperations(http: GiteaHttp) {
  return {
    list(repository: RepositoryName, request: PageRequest = {}): Promise<ListPage<GiteaLabel>> {
      return listPage(http, `${repositoryPath(repository)}/labels`, LabelSchema, request);
    },
    async create(repository: RepositoryName, request: CreateLabelRequest, signal?: AbortSignal) {
      const response = await http.request({
        method: 'POST',
        path: `${repositoryPath(repository)}/labels`,
        body: { name: request.name, color: request.color, description: request.description ?? '' },
        schema: LabelSchema,
        signal,
      });
      return response.data;
    },
    /** Adds labels (by id) to an issue or pull request; adding a label twice changes nothing, so it retries. */
    async attach(
      repository: RepositoryName,
      number: number,
      labelIds: readonly number[],
      signal?: AbortSignal,
    ): Promise<GiteaLabel[]> {
      const response = await http.request({
        method: 'POST',
        path: `${repositoryPath(repository)}/issues/${number}/labels`,
        body: { labels: labelIds },
        schema: z.array(LabelSchema),
        idempotent: true,
        signal,
      });
      return response.data;
    },
  };
}
