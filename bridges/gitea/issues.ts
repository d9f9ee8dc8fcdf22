/**
 * Issues and their comments: `GET|POST /repos/{o}/{r}/issues`, `GET|PATCH …/issues/{index}`,
 * `GET|POST …/issues/{index}/comments`. Pull requests are issues too in Gitea; `type: 'issues'` filters them out.
 */
import type { GiteaHttp } from './gitea-http.ts';
import { CommentSchema, type GiteaComment, type GiteaIssue, IssueSchema } from './gitea-schemas.ts';
import { type ListPage, listPage, type PageRequest } from './list-page.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface ListIssuesRequest extends PageRequest {
  state?: 'open' | 'closed' | 'all';
  type?: 'issues' | 'pulls';
  /** Label names, all of which an issue must carry. */
  labels?: readonly string[];
}

export interface CreateIssueRequest {
  title: string;
  body?: string;
  /** Label ids. */
  labels?: readonly number[];
}

export function issueOperations(http: GiteaHttp) {
  const issuePath = (repository: RepositoryName, number: number) =>
    `${repositoryPath(repository)}/issues/${number}`;
  return {
    list(repository: RepositoryName, request: ListIssuesRequest = {}): Promise<ListPage<GiteaIssue>> {
      return listPage(http, `${repositoryPath(repository)}/issues`, IssueSchema, {
        ...request,
        query: {
          state: request.state ?? 'open',
          type: request.type,
          labels: request.labels?.length ? request.labels.join(',') : undefined,
        },
      });
    },
    async get(repository: RepositoryName, number: number, signal?: AbortSignal): Promise<GiteaIssue> {
      const response = await http.request({
        method: 'GET',
        path: issuePath(repository, number),
        schema: IssueSchema,
        signal,
      });
      return response.data;
    },
    /** Never retried by itself: a lost answer is resolved by the outbox deliverer's marker search. */
    async create(repository: RepositoryName, request: CreateIssueRequest, signal?: AbortSignal) {
      const response = await http.request({
        method: 'POST',
        path: `${repositoryPath(repository)}/issues`,
        body: { title: request.title, body: request.body ?? '', labels: request.labels ?? [] },
        schema: IssueSchema,
        signal,
      });
      return response.data;
    },
    /** Sets the state to closed; repeating it is harmless. */
    async close(repository: RepositoryName, number: number, signal?: AbortSignal): Promise<GiteaIssue> {
      const response = await http.request({
        method: 'PATCH',
        path: issuePath(repository, number),
        body: { state: 'closed' },
        schema: IssueSchema,
        signal,
      });
      return response.data;
    },
    comments(
      repository: RepositoryName,
      number: number,
      request: PageRequest = {},
    ): Promise<ListPage<GiteaComment>> {
      return listPage(http, `${issuePath(repository, number)}/comments`, CommentSchema, request);
    },
    /** Never retried by itself, like `create`. */
    async comment(
      repository: RepositoryName,
      number: number,
      body: string,
      signal?: AbortSignal,
    ): Promise<GiteaComment> {
      const response = await http.request({
        method: 'POST',
        path: `${issuePath(repository, number)}/comments`,
        body: { body },
        schema: CommentSchema,
        signal,
      });
      return response.data;
    },
  };
}
