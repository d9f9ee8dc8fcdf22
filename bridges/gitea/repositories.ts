/** Repositories: `GET /user/repos`, `GET /repos/{owner}/{name}`, `POST /user/repos`. */
import type { GiteaHttp } from './gitea-http.ts';
import { type GiteaRepository, RepositorySchema } from './gitea-schemas.ts';
import { type ListPage, listPage, type PageRequest } from './list-page.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface CreateRepositoryRequest {
  name: string;
  description?: string;
  private?: boolean;
  /** Create an initial commit (README) so the repository has a default branch. */
  autoInit?: boolean;
  defaultBranch?: string;
}

export function repositoryOperations(http: GiteaHttp) {
  return {
    /** The repositories the token's user owns or can access. */
    list(request: PageRequest = {}): Promise<ListPage<GiteaRepository>> {
      return listPage(http, '/user/repos', RepositorySchema, request);
    },
    async get(repository: RepositoryName, signal?: AbortSignal): Promise<GiteaRepository> {
      const response = await http.request({
        method: 'GET',
        path: repositoryPath(repository),
        schema: RepositorySchema,
        signal,
      });
      return response.data;
    },
    /** Creates a repository owned by the token's user (not retried: a repeat would answer 409). */
    async create(request: CreateRepositoryRequest, signal?: AbortSignal): Promise<GiteaRepository> {
      const response = await http.request({
        method: 'POST',
        path: '/user/repos',
        body: {
          name: request.name,
          description: request.description ?? '',
          private: request.private ?? false,
          auto_init: request.autoInit ?? true,
          default_branch: request.defaultBranch ?? 'main',
          ...(request.autoInit === false ? {} : { readme: 'Default' }),
        },
        schema: RepositorySchema,
        signal,
      });
      return response.data;
    },
  };
}
