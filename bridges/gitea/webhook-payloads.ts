/**
 * The webhook events the bridge announces (`X-Gitea-Event`): `issues`, `issue_comment`, `pull_request`
 * and `push` (payload shapes from Gitea's `modules/structs/hook.go`). Lenient: unknown fields pass
 * through; other events are accepted as `other` with only the repository and sender read.
 */
import { z } from 'zod';

const Person = z.looseObject({ login: z.string() });
const Repository = z.looseObject({ full_name: z.string(), html_url: z.string().optional() });
const IssueRef = z.looseObject({
  number: z.number(),
  title: z.string(),
  html_url: z.string().optional(),
  state: z.string().optional(),
});

export const IssuesEventSchema = z.looseObject({
  action: z.string(),
  number: z.number(),
  issue: IssueRef,
  repository: Repository,
  sender: Person,
});

export const IssueCommentEventSchema = z.looseObject({
  action: z.string(),
  issue: IssueRef,
  comment: z.looseObject({ id: z.number(), body: z.string(), html_url: z.string().optional() }),
  is_pull: z.boolean().optional(),
  repository: Repository,
  sender: Person,
});

export const PullRequestEventSchema = z.looseObject({
  action: z.string(),
  number: z.number(),
  pull_request: z.looseObject({
    number: z.number(),
    title: z.string(),
    html_url: z.string().optional(),
    merged: z.boolean().optional(),
  }),
  repository: Repository,
  sender: Person,
});

export const PushEventSchema = z.looseObject({
  ref: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
  commits: z
    .array(z.looseObject({ id: z.string(), message: z.string() }))
    .nullish()
    .transform(commits => commits ?? []),
  total_commits: z.number().optional(),
  repository: Repository,
  pusher: Person.optional(),
  sender: Person,
});

const OtherEventSchema = z.looseObject({ repository: Repository.optional(), sender: Person.optional() });

export type GiteaWebhookEvent =
  | { event: 'issues'; delivery: string; payload: z.infer<typeof IssuesEventSchema> }
  | { event: 'issue_comment'; delivery: string; payload: z.infer<typeof IssueCommentEventSchema> }
  | { event: 'pull_request'; delivery: string; payload: z.infer<typeof PullRequestEventSchema> }
  | { event: 'push'; delivery: string; payload: z.infer<typeof PushEventSchema> }
  | { event: 'other'; name: string; delivery: string; payload: z.infer<typeof OtherEventSchema> };

const SCHEMAS = {
  issues: IssuesEventSchema,
  issue_comment: IssueCommentEventSchema,
  pull_request: PullRequestEventSchema,
  push: PushEventSchema,
} as const;

/** Parses a verified delivery; `undefined` when the JSON does not match its event's schema. */
export function parseWebhookEvent(
  name: string,
  delivery: string,
  json: unknown,
): GiteaWebhookEvent | undefined {
  if (name in SCHEMAS) {
    const parsed = SCHEMAS[name as keyof typeof SCHEMAS].safeParse(json);
    if (!parsed.success) return undefined;
    return { event: name, delivery, payload: parsed.data } as GiteaWebhookEvent;
  }
  const other = OtherEventSchema.safeParse(json);
  return other.success ? { event: 'other', name, delivery, payload: other.data } : undefined;
}

/** One line for the game, e.g. `[gitea] alice opened issue #3 "Fix the door" in timmy/home`. */
export function describeWebhookEvent(event: GiteaWebhookEvent): string {
  switch (event.event) {
    case 'issues':
      return `[gitea] ${event.payload.sender.login} ${event.payload.action} issue #${event.payload.issue.number} "${event.payload.issue.title}" in ${event.payload.repository.full_name}`;
    case 'issue_comment':
      return `[gitea] ${event.payload.sender.login} commented on #${event.payload.issue.number} "${event.payload.issue.title}" in ${event.payload.repository.full_name}`;
    case 'pull_request':
      return `[gitea] ${event.payload.sender.login} ${event.payload.action} pull request #${event.payload.number} "${event.payload.pull_request.title}" in ${event.payload.repository.full_name}`;
    case 'push': {
      const branch = event.payload.ref.replace(/^refs\/heads\//, '');
      const count = event.payload.total_commits ?? event.payload.commits.length;
      return `[gitea] ${event.payload.sender.login} pushed ${count} commit${count === 1 ? '' : 's'} to ${branch} in ${event.payload.repository.full_name}`;
    }
    default:
      return `[gitea] ${event.name} event${event.payload.repository ? ` in ${event.payload.repository.full_name}` : ''}`;
  }
}
