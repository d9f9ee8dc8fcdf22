import { BridgeError } from '../errors.ts';
import { segment } from './gitea-http.ts';

/** `owner/name`, the way Gitea spells a repository's `full_name`. */
export type RepositoryName = string;

const PATTERN = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

export function splitRepositoryName(full: RepositoryName): { owner: string; name: string } {
  const match = PATTERN.exec(full);
  if (!match?.[1] || !match[2]) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'gitea', `"${full}" is not a repository name`, {
      fix: 'name repositories as owner/name, e.g. timmy/timmy-home',
    });
  }
  return { owner: match[1], name: match[2] };
}

/** `/repos/{owner}/{name}` with both segments encoded. */
export function repositoryPath(full: RepositoryName): string {
  const { owner, name } = splitRepositoryName(full);
  return `/repos/${segment(owner)}/${segment(name)}`;
}
