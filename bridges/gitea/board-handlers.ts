/**
 * The in-game `board` (bridges/warden/bridge-request.ts): `list`, `read`, `file` and `comment` on one
 * repository. Reads go straight to Gitea; writes go through the outbox, keyed by the game's request id so a
 * request the game repeats is filed once, and the answer waits a little for the delivery. Answers are plain
 * text for the game; every failure is an `ok: false` answer, never an exception.
 */
import { z } from 'zod';
import type { OutboxApi, OutboxEntry } from '../outbox/outbox-contract.ts';
import type { BridgeAnswer, BridgeHandlers, BridgeRequest } from '../warden/bridge-request.ts';
import type { GiteaClient } from './gitea-client.ts';
import { GiteaError } from './gitea-error.ts';
import { giteaWrite } from './outbox-kinds.ts';

export interface BoardOptions {
  client: GiteaClient;
  outbox: Pick<OutboxApi, 'enqueue' | 'settled'>;
  repository: string;
  /** How long a write waits for its delivery before answering "queued" (default 15 s). */
  settleMs?: number;
  /** Entries shown by `list` (default 15). */
  listLimit?: number;
}

const MAX_BODY_SHOWN = 1200;
const MAX_COMMENT_SHOWN = 400;
const COMMENTS_SHOWN = 3;

const NumberArgs = z.object({ number: z.coerce.number().int().positive() });
const FileArgs = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(10_000).default(''),
});
const CommentArgs = z.object({
  number: z.coerce.number().int().positive(),
  text: z.string().trim().min(1).max(10_000),
});

export function giteaBoardHandlers(options: BoardOptions): BridgeHandlers {
  const { client, outbox, repository } = options;
  const settleMs = options.settleMs ?? 15_000;
  const listLimit = options.listLimit ?? 15;

  const write = async (
    request: BridgeRequest,
    enqueue: () => OutboxEntry,
    done: (result: unknown) => string,
  ) => {
    if (!request.caller.canWrite) {
      return refuse(`${request.caller.character} may not write to the board (${repository}) yet.`);
    }
    const entry = enqueue();
    try {
      const settled = await outbox.settled(entry.id, settleMs);
      if (settled.status === 'delivered')
        return { ok: true, text: done(settled.result), data: settled.result };
      return refuse(`Gitea did not take it: ${settled.lastError ?? 'unknown error'}`);
    } catch {
      return { ok: true, text: `Queued for ${repository}; it will be posted when Gitea answers.` };
    }
  };

  return {
    list: guarded(async (_request, signal) => {
      const page = await client.issues.list(repository, { state: 'open', limit: listLimit, signal });
      if (page.items.length === 0) return { ok: true, text: `The board of ${repository} is empty.` };
      const lines = page.items.map(issue => {
        const kind = issue.pull_request ? 'PR' : 'issue';
        const labels = issue.labels.length ? ` [${issue.labels.map(label => label.name).join(', ')}]` : '';
        return `#${issue.number} (${kind}) ${oneLine(issue.title, 80)}${labels} — ${issue.user.login}`;
      });
      const total = page.totalCount ?? page.items.length;
      const more = total > page.items.length ? `\n(${total - page.items.length} more not shown)` : '';
      return { ok: true, text: `Open on ${repository}:\n${lines.join('\n')}${more}` };
    }),

    read: guarded(async (request, signal) => {
      const args = NumberArgs.safeParse(request.args);
      if (!args.success) return refuse('Usage: board read <number>');
      const issue = await client.issues.get(repository, args.data.number, signal);
      const comments =
        issue.comments > 0
          ? await lastComments(client, repository, issue.number, issue.comments, signal)
          : [];
      const kind = issue.pull_request ? 'Pull request' : 'Issue';
      const lines = [
        `${kind} #${issue.number}: ${oneLine(issue.title, 200)} (${issue.state}, by ${issue.user.login})`,
        truncate(stripMarkers(issue.body), MAX_BODY_SHOWN) || '(no description)',
      ];
      if (comments.length) {
        lines.push(`Last ${comments.length} of ${issue.comments} comments:`);
        for (const comment of comments) {
          lines.push(`- ${comment.user.login}: ${truncate(stripMarkers(comment.body), MAX_COMMENT_SHOWN)}`);
        }
      }
      return { ok: true, text: lines.join('\n') };
    }),

    file: guarded(async request => {
      const args = FileArgs.safeParse(request.args);
      if (!args.success) return refuse('Usage: board file <title> = <text>');
      return write(
        request,
        () =>
          outbox.enqueue(
            giteaWrite('issue.create', `board:${request.id}`, {
              repository,
              title: args.data.title,
              body: `${args.data.body}\n\n${signature(request)}`.trimStart(),
            }),
          ).entry,
        result => `Filed as issue #${numberOf(result)} on ${repository}.`,
      );
    }),

    comment: guarded(async request => {
      const args = CommentArgs.safeParse(request.args);
      if (!args.success) return refuse('Usage: board comment <number> = <text>');
      return write(
        request,
        () =>
          outbox.enqueue(
            giteaWrite('issue.comment', `board:${request.id}`, {
              repository,
              number: args.data.number,
              body: `${args.data.text}\n\n${signature(request)}`,
            }),
          ).entry,
        () => `Commented on #${args.data.number} of ${repository}.`,
      );
    }),
  };
}

/** Who wrote it in game; Gitea only knows the bridge's own user. */
function signature(request: BridgeRequest): string {
  return `— ${request.caller.character} (account ${request.caller.account}), in game`;
}

function guarded(handler: (request: BridgeRequest, signal: AbortSignal) => Promise<BridgeAnswer>) {
  return async (request: BridgeRequest, signal: AbortSignal): Promise<BridgeAnswer> => {
    try {
      return await handler(request, signal);
    } catch (error) {
      if (error instanceof GiteaError && error.status === 404)
        return refuse('There is no such entry on the board.');
      if (error instanceof GiteaError)
        return refuse(`The board cannot reach Gitea right now (${error.code}).`);
      throw error;
    }
  };
}

function refuse(text: string): BridgeAnswer {
  return { ok: false, text };
}

async function lastComments(
  client: GiteaClient,
  repository: string,
  number: number,
  count: number,
  signal: AbortSignal,
) {
  const limit = 50;
  const lastPage = Math.max(1, Math.ceil(count / limit));
  const page = await client.issues.comments(repository, number, { page: lastPage, limit, signal });
  let comments = page.items;
  if (comments.length < COMMENTS_SHOWN && lastPage > 1) {
    const previous = await client.issues.comments(repository, number, { page: lastPage - 1, limit, signal });
    comments = [...previous.items, ...comments];
  }
  return comments.slice(-COMMENTS_SHOWN);
}

function numberOf(result: unknown): string {
  const parsed = z.object({ number: z.number() }).safeParse(result);
  return parsed.success ? String(parsed.data.number) : '?';
}

const stripMarkers = (text: string) => text.replace(/\s*<!-- timmy:[^>]*-->\s*/g, '').trim();
const oneLine = (text: string, max: number) => truncate(text.replace(/\s+/g, ' ').trim(), max);
const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
