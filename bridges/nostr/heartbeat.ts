/**
 * An agent's heartbeat as NIP-78 application data (https://github.com/nostr-protocol/nips/blob/master/78.md):
 * an addressable kind-30078 event with `d` = `timmy/heartbeat/<agent>`, so a relay keeps only the latest
 * one per agent, and JSON content `{agent, status, at, room, task}`. Readers query
 * `{kinds: [30078], '#d': ['timmy/heartbeat/<agent>']}` or `'#t': ['timmy-heartbeat']`.
 */
import { z } from 'zod';
import type { EventTemplate } from './agent-key.ts';
import type { NostrEventShape } from './event-schema.ts';
import { tagValue } from './event-schema.ts';

export const APPLICATION_DATA_KIND = 30078;
export const HEARTBEAT_TOPIC = 'timmy-heartbeat';

/** Agent names as they appear in `d` tags: no slashes, no spaces at the ends. */
export const AgentNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, space, dot, dash or underscore');

export const HeartbeatContentSchema = z.object({
  agent: AgentNameSchema,
  /** e.g. `idle`, `working`, `resting`, `stopping`. */
  status: z.string().min(1).max(40),
  /** ISO 8601 time the agent reported. */
  at: z.iso.datetime(),
  /** The room the agent stands in, if known. */
  room: z.string().max(200).nullable(),
  /** The title of the task in hand, if any. */
  task: z.string().max(500).nullable(),
});
export type HeartbeatContent = z.infer<typeof HeartbeatContentSchema>;

export interface HeartbeatInput {
  agent: string;
  status: string;
  at: Date;
  room?: string | null;
  task?: string | null;
}

export function heartbeatTag(agent: string): string {
  return `timmy/heartbeat/${agent}`;
}

/** The unsigned heartbeat; sign it with the agent's identity (`identity.sign(template)`). */
export function heartbeatTemplate(input: HeartbeatInput): EventTemplate {
  const content = HeartbeatContentSchema.parse({
    agent: input.agent,
    status: input.status,
    at: input.at.toISOString(),
    room: input.room ?? null,
    task: input.task ?? null,
  });
  return {
    kind: APPLICATION_DATA_KIND,
    created_at: Math.floor(input.at.getTime() / 1000),
    tags: [
      ['d', heartbeatTag(content.agent)],
      ['t', HEARTBEAT_TOPIC],
      ['alt', `Timmy agent heartbeat: ${content.agent} is ${content.status}`],
    ],
    content: JSON.stringify(content),
  };
}

/** The heartbeat carried by a verified event, or undefined when it is not one. */
export function readHeartbeat(event: NostrEventShape): HeartbeatContent | undefined {
  if (event.kind !== APPLICATION_DATA_KIND) return undefined;
  const tag = tagValue(event.tags, 'd');
  if (!tag?.startsWith('timmy/heartbeat/')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(event.content);
  } catch {
    return undefined;
  }
  const parsed = HeartbeatContentSchema.safeParse(json);
  if (!parsed.success || tag !== heartbeatTag(parsed.data.agent)) return undefined;
  return parsed.data;
}
