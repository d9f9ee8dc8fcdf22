/**
 * The Gitea writes that go through the outbox (bridge `gitea`): one `kind` per write, each with a zod
 * schema for its payload (validated again when delivered: the row may come from an older version).
 */
import { z } from 'zod';
import type { EnqueueRequest } from '../outbox/outbox-contract.ts';

const Repository = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name');
const IssueNumber = z.number().int().positive();

export const GITEA_OUTBOX_PAYLOADS = {
  'issue.create': z.object({
    repository: Repository,
    title: z.string().min(1).max(255),
    body: z.string().max(60_000).default(''),
    /** Label names that must already exist. */
    labels: z.array(z.string().min(1)).default([]),
  }),
  'issue.comment': z.object({
    repository: Repository,
    number: IssueNumber,
    body: z.string().min(1).max(60_000),
  }),
  'issue.close': z.object({ repository: Repository, number: IssueNumber }),
  'issue.label': z.object({
    repository: Repository,
    number: IssueNumber,
    labels: z.array(z.string().min(1)).min(1),
    /** Create labels the repository lacks (with this colour) instead of failing. */
    createMissingColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  'pull.merge': z.object({
    repository: Repository,
    number: IssueNumber,
    style: z.enum(['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only']).default('merge'),
    /** Refuse if the head moved past the commit that was judged mergeable. */
    headCommitId: z.string().optional(),
  }),
  'file.create': z.object({
    repository: Repository,
    path: z.string().min(1),
    content: z.string(),
    message: z.string().min(1),
    branch: z.string().optional(),
  }),
  'file.update': z.object({
    repository: Repository,
    path: z.string().min(1),
    content: z.string(),
    message: z.string().min(1),
    branch: z.string().optional(),
    /** The blob this update replaces; without it the update replaces whatever is there (last writer wins). */
    sha: z.string().optional(),
  }),
  'user.avatar': z.object({ image: z.string().min(1).describe('base64 PNG/JPEG/GIF') }),
} as const;

export type GiteaOutboxKind = keyof typeof GITEA_OUTBOX_PAYLOADS;
export type GiteaOutboxPayload<Kind extends GiteaOutboxKind> = z.input<(typeof GITEA_OUTBOX_PAYLOADS)[Kind]>;

/** An outbox request for a Gitea write, its payload checked now rather than at delivery. */
export function giteaWrite<Kind extends GiteaOutboxKind>(
  kind: Kind,
  idempotencyKey: string,
  payload: GiteaOutboxPayload<Kind>,
): EnqueueRequest<GiteaOutboxPayload<Kind>> {
  GITEA_OUTBOX_PAYLOADS[kind].parse(payload);
  return { bridge: 'gitea', kind, idempotencyKey, payload };
}
