/**
 * The parts of Gitea's v1 REST API responses (`modules/structs` in Gitea's source) that the bridge uses.
 * Objects are loose: unknown fields pass through, so a newer Gitea adding fields changes nothing; a field
 * we rely on missing or of the wrong type is a `BRIDGE_ERR_INVALID_RESPONSE`.
 */
import { z } from 'zod';

export const VersionSchema = z.looseObject({ version: z.string() });

export const UserSchema = z.looseObject({
  id: z.number(),
  login: z.string(),
  full_name: z.string().optional(),
  email: z.string().optional(),
  avatar_url: z.string(),
  is_admin: z.boolean().optional(),
});
export type GiteaUser = z.infer<typeof UserSchema>;

const OwnerSchema = z.looseObject({ id: z.number(), login: z.string() });

export const RepositorySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: OwnerSchema,
  description: z.string().default(''),
  private: z.boolean(),
  empty: z.boolean().default(false),
  archived: z.boolean().default(false),
  default_branch: z.string().default(''),
  open_issues_count: z.number().default(0),
  open_pr_counter: z.number().default(0),
  updated_at: z.string(),
  html_url: z.string(),
  clone_url: z.string().default(''),
});
export type GiteaRepository = z.infer<typeof RepositorySchema>;

export const LabelSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  color: z.string(),
  description: z.string().default(''),
});
export type GiteaLabel = z.infer<typeof LabelSchema>;

export const IssueSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z
    .string()
    .nullish()
    .transform(body => body ?? ''),
  state: z.enum(['open', 'closed']),
  labels: z
    .array(LabelSchema)
    .nullish()
    .transform(labels => labels ?? []),
  user: OwnerSchema,
  comments: z.number().default(0),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  /** Present (not null) when the issue is a pull request. */
  pull_request: z.looseObject({ merged: z.boolean().optional() }).nullish(),
  html_url: z.string(),
});
export type GiteaIssue = z.infer<typeof IssueSchema>;

export const CommentSchema = z.looseObject({
  id: z.number(),
  body: z.string(),
  user: OwnerSchema,
  created_at: z.string(),
  html_url: z.string(),
});
export type GiteaComment = z.infer<typeof CommentSchema>;

const BranchReferenceSchema = z.looseObject({
  ref: z.string(),
  sha: z.string(),
  label: z.string().optional(),
});

export const PullRequestSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z
    .string()
    .nullish()
    .transform(body => body ?? ''),
  state: z.enum(['open', 'closed']),
  /** Computed asynchronously by Gitea after creation and after pushes: poll until it settles. */
  mergeable: z.boolean(),
  merged: z.boolean(),
  merged_at: z.string().nullish(),
  merge_commit_sha: z.string().nullish(),
  head: BranchReferenceSchema,
  base: BranchReferenceSchema,
  labels: z
    .array(LabelSchema)
    .nullish()
    .transform(labels => labels ?? []),
  user: OwnerSchema,
  html_url: z.string(),
  updated_at: z.string(),
});
export type GiteaPullRequest = z.infer<typeof PullRequestSchema>;

export const CommitSchema = z.looseObject({
  sha: z.string(),
  html_url: z.string(),
  commit: z.looseObject({
    message: z.string(),
    author: z.looseObject({ name: z.string(), email: z.string(), date: z.string() }),
  }),
});
export type GiteaCommit = z.infer<typeof CommitSchema>;

export const ContentsSchema = z.looseObject({
  name: z.string(),
  path: z.string(),
  sha: z.string(),
  type: z.string(),
  size: z.number(),
  /** Base64 for a file; null for a directory. */
  content: z.string().nullish(),
  encoding: z.string().nullish(),
});
export type GiteaContents = z.infer<typeof ContentsSchema>;

export const FileResponseSchema = z.looseObject({
  content: ContentsSchema.nullish(),
  commit: z.looseObject({ sha: z.string() }),
});
export type GiteaFileResponse = z.infer<typeof FileResponseSchema>;

export const HookSchema = z.looseObject({
  id: z.number(),
  type: z.string(),
  active: z.boolean(),
  events: z.array(z.string()),
  config: z.record(z.string(), z.string()),
});
export type GiteaHook = z.infer<typeof HookSchema>;

/** Gitea's error body (`APIError`): `{message, url}`; validation errors add `errors`. */
export const ApiErrorSchema = z.looseObject({ message: z.string().optional() });
