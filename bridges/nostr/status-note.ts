/**
 * The optional public status note: a kind-1 text note that social clients show, so it carries a NIP-40
 * `expiration` tag (https://github.com/nostr-protocol/nips/blob/master/40.md) to keep relays and feeds
 * from filling with stale "still alive" notes, and a `t` tag so it can be filtered. Off unless enabled;
 * the kind-30078 heartbeat is the machine-readable one.
 */
import type { EventTemplate } from './agent-key.ts';
import { HEARTBEAT_TOPIC, HeartbeatContentSchema, type HeartbeatInput } from './heartbeat.ts';

export const SHORT_TEXT_NOTE_KIND = 1;
/** How long a status note lives when nothing else is said: one hour. */
export const DEFAULT_STATUS_NOTE_TTL_SECONDS = 3600;

export function statusNoteTemplate(
  input: HeartbeatInput,
  ttlSeconds = DEFAULT_STATUS_NOTE_TTL_SECONDS,
): EventTemplate {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new RangeError('ttlSeconds must be a positive integer');
  const content = HeartbeatContentSchema.parse({
    agent: input.agent,
    status: input.status,
    at: input.at.toISOString(),
    room: input.room ?? null,
    task: input.task ?? null,
  });
  const createdAt = Math.floor(input.at.getTime() / 1000);
  const where = content.room ? ` in ${content.room}` : '';
  const doing = content.task ? `, working on: ${content.task}` : '';
  return {
    kind: SHORT_TEXT_NOTE_KIND,
    created_at: createdAt,
    tags: [
      ['t', HEARTBEAT_TOPIC],
      ['expiration', String(createdAt + ttlSeconds)],
    ],
    content: `${content.agent} is ${content.status}${where}${doing}`,
  };
}
