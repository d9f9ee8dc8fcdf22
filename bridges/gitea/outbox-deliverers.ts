/**
 * The deliverers of the Gitea outbox kinds. Each is safe to run again after an attempt whose answer was
 * lost: creations carry a hidden marker and look for it first on a retry, closing and labelling are
 * idempotent in Gitea, a merge checks whether it already happened, file writes compare the content.
 * A `GiteaError` that a retry cannot fix (401, 403, 404, 422) becomes a permanent `DeliveryError`.
 */
import type { z } from 'zod';
import {
  type Deliverer,
  type DeliveryContext,
  DeliveryError,
  type OutboxApi,
} from '../outbox/outbox-contract.ts';
import type { GiteaClient } from './gitea-client.ts';
import { GiteaError } from './gitea-error.ts';
import type { GiteaIssue } from './gitea-schemas.ts';
import { hasMarker, withMarker } from './idempotency-marker.ts';
import { listAll } from './list-page.ts';
import { GITEA_OUTBOX_PAYLOADS, type GiteaOutboxKind } from './outbox-kinds.ts';

/** How far back a retry looks for the issue or comment an earlier attempt may have made. */
const SEARCH_PAGES = 3;

type Payload<Kind extends GiteaOutboxKind> = z.output<(typeof GITEA_OUTBOX_PAYLOADS)[Kind]>;
type Handler<Kind extends GiteaOutboxKind> = (
  payload: Payload<Kind>,
  context: DeliveryContext,
) => Promise<unknown>;

export function giteaDeliverers(client: GiteaClient): { [Kind in GiteaOutboxKind]: Deliverer } {
  const handlers: { [Kind in GiteaOutboxKind]: Handler<Kind> } = {
    'issue.create': async (payload, context) => {
      if (context.attempt > 1) {
        const earlier = await findIssueWithMarker(client, payload.repository, context);
        if (earlier) return issueResult(earlier, true);
      }
      const labels = payload.labels.length
        ? await labelIds(client, payload.repository, payload.labels, undefined, context.signal)
        : [];
      const issue = await client.issues.create(
        payload.repository,
        { title: payload.title, body: withMarker(payload.body, context.idempotencyKey), labels },
        context.signal,
      );
      return issueResult(issue, false);
    },
    'issue.comment': async (payload, context) => {
      if (context.attempt > 1) {
        for (let page: number | undefined = 1; page !== undefined; ) {
          const comments = await client.issues.comments(payload.repository, payload.number, {
            page,
            limit: 50,
            signal: context.signal,
          });
          const earlier = comments.items.find(comment => hasMarker(comment.body, context.idempotencyKey));
          if (earlier) return { commentId: earlier.id, url: earlier.html_url, found: true };
          page = following(page, comments);
        }
      }
      try {
        const comment = await client.issues.comment(
          payload.repository,
          payload.number,
          withMarker(payload.body, context.idempotencyKey),
          context.signal,
        );
        return { commentId: comment.id, url: comment.html_url, found: false };
      } catch (error) {
        // Gitea 1.26 answers a comment on a missing issue with 500 ("issue does not exist"): tell that
        // permanent failure apart from a real server fault by asking for the issue.
        if (error instanceof GiteaError && (error.status ?? 0) >= 500) {
          const exists = await client.issues.get(payload.repository, payload.number, context.signal).then(
            () => true,
            (lookup: unknown) => !(lookup instanceof GiteaError && lookup.status === 404),
          );
          if (!exists) {
            throw new DeliveryError(`issue #${payload.number} does not exist in ${payload.repository}`, {
              retryable: false,
              cause: error,
            });
          }
        }
        throw error;
      }
    },
    'issue.close': async (payload, context) => {
      const issue = await client.issues.close(payload.repository, payload.number, context.signal);
      return { number: issue.number, state: issue.state };
    },
    'issue.label': async (payload, context) => {
      const ids = await labelIds(
        client,
        payload.repository,
        payload.labels,
        payload.createMissingColor,
        context.signal,
      );
      const labels = await client.labels.attach(payload.repository, payload.number, ids, context.signal);
      return { number: payload.number, labels: labels.map(label => label.name) };
    },
    'pull.merge': async (payload, context) => {
      if (await client.pulls.isMerged(payload.repository, payload.number, context.signal)) {
        return { number: payload.number, merged: true, already: true };
      }
      try {
        await client.pulls.merge(
          payload.repository,
          payload.number,
          { style: payload.style, headCommitId: payload.headCommitId },
          context.signal,
        );
      } catch (error) {
        // 405: not mergeable right now (or merged by an attempt whose answer was lost); 409: head moved.
        if (!(error instanceof GiteaError) || (error.status !== 405 && error.status !== 409)) throw error;
        if (await client.pulls.isMerged(payload.repository, payload.number, context.signal)) {
          return { number: payload.number, merged: true, already: true };
        }
        throw new DeliveryError(`pull request #${payload.number} is not mergeable: ${error.message}`, {
          retryable: error.status === 405,
          cause: error,
        });
      }
      return { number: payload.number, merged: true, already: false };
    },
    'file.create': async (payload, context) => {
      const existing = await client.contents.getText(
        payload.repository,
        payload.path,
        payload.branch,
        context.signal,
      );
      if (existing !== undefined) {
        if (existing === payload.content) return { path: payload.path, created: false };
        throw new DeliveryError(
          `${payload.path} already exists in ${payload.repository} with other content`,
          {
            retryable: false,
          },
        );
      }
      const written = await client.contents.create(
        payload.repository,
        payload.path,
        { content: payload.content, message: payload.message, branch: payload.branch },
        context.signal,
      );
      return { path: payload.path, created: true, commitSha: written.commitSha };
    },
    'file.update': async (payload, context) => {
      const current = await client.contents.get(
        payload.repository,
        payload.path,
        payload.branch,
        context.signal,
      );
      if (!current) {
        throw new DeliveryError(`${payload.path} does not exist in ${payload.repository}`, {
          retryable: false,
        });
      }
      const text = Buffer.from(current.content ?? '', 'base64').toString('utf8');
      if (text === payload.content) return { path: payload.path, updated: false, sha: current.sha };
      if (payload.sha !== undefined && payload.sha !== current.sha) {
        throw new DeliveryError(`${payload.path} changed since sha ${payload.sha.slice(0, 10)}`, {
          retryable: false,
        });
      }
      const written = await client.contents.update(
        payload.repository,
        payload.path,
        { content: payload.content, message: payload.message, branch: payload.branch, sha: current.sha },
        context.signal,
      );
      return { path: payload.path, updated: true, commitSha: written.commitSha, sha: written.sha };
    },
    'user.avatar': async (payload, context) => {
      const update = await client.user.updateAvatar(Buffer.from(payload.image, 'base64'), context.signal);
      return { avatarUrl: update.after, changed: update.changed };
    },
  };
  const deliverers = {} as { [Kind in GiteaOutboxKind]: Deliverer };
  for (const kind of Object.keys(handlers) as GiteaOutboxKind[]) {
    deliverers[kind] = async (raw, context) => {
      const parsed = GITEA_OUTBOX_PAYLOADS[kind].safeParse(raw);
      if (!parsed.success) {
        throw new DeliveryError(`invalid ${kind} payload: ${parsed.error.issues[0]?.message}`, {
          retryable: false,
        });
      }
      try {
        return await (handlers[kind] as Handler<GiteaOutboxKind>)(parsed.data, context);
      } catch (error) {
        throw toDeliveryError(error);
      }
    };
  }
  return deliverers;
}

/** Registers every Gitea kind with the outbox. */
export function registerGiteaDeliverers(outbox: Pick<OutboxApi, 'register'>, client: GiteaClient): void {
  for (const [kind, deliverer] of Object.entries(giteaDeliverers(client)))
    outbox.register('gitea', kind, deliverer);
}

/** Retryable unless Gitea said no in a way a repeat cannot change. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GiteaError)
    return new DeliveryError(error.message, { retryable: error.retryable, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(message, { retryable: true, cause: error });
}

function issueResult(issue: GiteaIssue, found: boolean) {
  return { number: issue.number, url: issue.html_url, found };
}

async function findIssueWithMarker(
  client: GiteaClient,
  repository: string,
  context: DeliveryContext,
): Promise<GiteaIssue | undefined> {
  for (let page: number | undefined = 1; page !== undefined && page <= SEARCH_PAGES; ) {
    const issues = await client.issues.list(repository, {
      state: 'all',
      type: 'issues',
      page,
      limit: 50,
      signal: context.signal,
    });
    const found = issues.items.find(issue => hasMarker(issue.body, context.idempotencyKey));
    if (found) return found;
    page = following(page, issues);
  }
  return undefined;
}

/** The next page to read, or undefined at the end (or if a server pointed back to a page already read). */
function following(
  page: number,
  list: { items: unknown[]; nextPage: number | undefined },
): number | undefined {
  return list.items.length > 0 && list.nextPage !== undefined && list.nextPage > page
    ? list.nextPage
    : undefined;
}

async function labelIds(
  client: GiteaClient,
  repository: string,
  names: readonly string[],
  createMissingColor: string | undefined,
  signal: AbortSignal,
): Promise<number[]> {
  const existing = await listAll(page => client.labels.list(repository, { page, limit: 50, signal }), 500);
  const ids: number[] = [];
  for (const name of names) {
    const label = existing.find(candidate => candidate.name === name);
    if (label) ids.push(label.id);
    else if (createMissingColor)
      ids.push((await client.labels.create(repository, { name, color: createMissingColor }, signal)).id);
    else throw new DeliveryError(`label "${name}" does not exist in ${repository}`, { retryable: false });
  }
  return ids;
}
