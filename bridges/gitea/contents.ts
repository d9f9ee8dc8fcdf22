/**
 * File contents: `GET /repos/{o}/{r}/contents/{path}?ref=`, create with `POST` (fails with 422 if the file
 * exists), update with `PUT` carrying the blob `sha` it replaces (a stale sha answers 422, so a repeat can
 * never overwrite someone else's change — safe to retry).
 */
import type { GiteaHttp } from './gitea-http.ts';
import { filePath } from './gitea-http.ts';
import { ContentsSchema, FileResponseSchema, type GiteaContents } from './gitea-schemas.ts';
import { type RepositoryName, repositoryPath } from './repository-name.ts';

export interface WriteFileRequest {
  /** Text (written as UTF-8) or raw bytes. */
  content: string | Uint8Array;
  message: string;
  /** The branch to commit on (the default branch otherwise). */
  branch?: string;
  /** Create this branch from `branch` and commit there. */
  newBranch?: string;
}

export interface UpdateFileRequest extends WriteFileRequest {
  /** The blob sha of the file being replaced, from `get`. */
  sha: string;
}

export interface FileWritten {
  commitSha: string;
  /** The new blob sha of the file. */
  sha: string | undefined;
}

const base64 = (content: string | Uint8Array) => Buffer.from(content).toString('base64');

export function contentOperations(http: GiteaHttp) {
  const contentsPath = (repository: RepositoryName, path: string) =>
    `${repositoryPath(repository)}/contents/${filePath(path)}`;
  const write = async (
    method: 'POST' | 'PUT',
    repository: RepositoryName,
    path: string,
    request: WriteFileRequest & { sha?: string },
    signal?: AbortSignal,
  ): Promise<FileWritten> => {
    const response = await http.request({
      method,
      path: contentsPath(repository, path),
      body: {
        content: base64(request.content),
        message: request.message,
        ...(request.branch === undefined ? {} : { branch: request.branch }),
        ...(request.newBranch === undefined ? {} : { new_branch: request.newBranch }),
        ...(request.sha === undefined ? {} : { sha: request.sha }),
      },
      schema: FileResponseSchema,
      signal,
    });
    return { commitSha: response.data.commit.sha, sha: response.data.content?.sha };
  };
  return {
    /** The file (content base64-encoded) or `undefined` when it does not exist. */
    async get(
      repository: RepositoryName,
      path: string,
      ref?: string,
      signal?: AbortSignal,
    ): Promise<GiteaContents | undefined> {
      const response = await http.request({
        method: 'GET',
        path: contentsPath(repository, path),
        query: { ref },
        schema: ContentsSchema,
        allowStatus: [404],
        signal,
      });
      return response.status === 404 ? undefined : response.data;
    },
    /** The file decoded as UTF-8 text, or `undefined`. */
    async getText(repository: RepositoryName, path: string, ref?: string, signal?: AbortSignal) {
      const file = await this.get(repository, path, ref, signal);
      return file?.content == null ? undefined : Buffer.from(file.content, 'base64').toString('utf8');
    },
    create(repository: RepositoryName, path: string, request: WriteFileRequest, signal?: AbortSignal) {
      return write('POST', repository, path, request, signal);
    },
    update(repository: RepositoryName, path: string, request: UpdateFileRequest, signal?: AbortSignal) {
      return write('PUT', repository, path, request, signal);
    },
  };
}
