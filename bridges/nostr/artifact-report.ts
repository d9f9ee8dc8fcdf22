/**
 * An artifact report (the seed's Layer 6, pattern 2): a kind-30078 event that links something an agent
 * produced off Nostr (a git commit in its journal, a Gitea issue or pull request) to its Nostr identity.
 * Tags as in the seed: `t` = `timmy-heartbeat` and `artifact-type:<type>`, plus `timmy-artifact`;
 * `e` = the event the artifact answers (the heartbeat or the task it came from) when there is one;
 * `r` = the artifact's own reference (commit hash, URL); `d` = `timmy/artifact/<agent>/<type>/<reference>`
 * so re-reporting the same artifact replaces the earlier report instead of adding one.
 */
import { z } from 'zod';
import type { EventTemplate } from './agent-key.ts';
import { HexId, type NostrEventShape, tagValue } from './event-schema.ts';
import { AgentNameSchema, APPLICATION_DATA_KIND, HEARTBEAT_TOPIC } from './heartbeat.ts';

export const ARTIFACT_TOPIC = 'timmy-artifact';

export const ArtifactTypeSchema = z.enum([
  'git-commit',
  'gitea-issue',
  'gitea-pull',
  'gitea-comment',
  'note',
]);
export type ArtifactType = z.infer<typeof ArtifactTypeSchema>;

export const ArtifactContentSchema = z.object({
  agent: AgentNameSchema,
  type: ArtifactTypeSchema,
  /** Commit hash, issue URL ... */
  reference: z.string().min(1).max(500),
  /** One line about what it is. */
  summary: z.string().max(2000),
  at: z.iso.datetime(),
});
export type ArtifactContent = z.infer<typeof ArtifactContentSchema>;

export interface ArtifactInput {
  agent: string;
  type: ArtifactType;
  reference: string;
  summary: string;
  at: Date;
  /** Hex id of the Nostr event this artifact answers (heartbeat, task). */
  relatedEvent?: string;
}

export function artifactTag(agent: string, type: ArtifactType, reference: string): string {
  return `timmy/artifact/${agent}/${type}/${reference}`;
}

export function artifactReportTemplate(input: ArtifactInput): EventTemplate {
  const content = ArtifactContentSchema.parse({
    agent: input.agent,
    type: input.type,
    reference: input.reference,
    summary: input.summary,
    at: input.at.toISOString(),
  });
  const tags = [
    ['d', artifactTag(content.agent, content.type, content.reference)],
    ['t', HEARTBEAT_TOPIC],
    ['t', ARTIFACT_TOPIC],
    ['t', `artifact-type:${content.type}`],
    ['r', content.reference],
    ['alt', `Timmy artifact report: ${content.type} by ${content.agent}`],
  ];
  if (input.relatedEvent !== undefined) tags.splice(1, 0, ['e', HexId.parse(input.relatedEvent)]);
  return {
    kind: APPLICATION_DATA_KIND,
    created_at: Math.floor(input.at.getTime() / 1000),
    tags,
    content: JSON.stringify(content),
  };
}

/** The artifact carried by a verified event, or undefined when it is not one. */
export function readArtifactReport(event: NostrEventShape): ArtifactContent | undefined {
  if (event.kind !== APPLICATION_DATA_KIND) return undefined;
  const tag = tagValue(event.tags, 'd');
  if (!tag?.startsWith('timmy/artifact/')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(event.content);
  } catch {
    return undefined;
  }
  const parsed = ArtifactContentSchema.safeParse(json);
  if (!parsed.success) return undefined;
  if (tag !== artifactTag(parsed.data.agent, parsed.data.type, parsed.data.reference)) return undefined;
  return parsed.data;
}
