/**
 * What an agent's heartbeat loop calls: signs its kind-30078 heartbeat (and, when enabled, the kind-1
 * status note with its NIP-40 expiration) and enqueues them in the outbox, which delivers them when a
 * relay answers. Returns the outbox entries, first the heartbeat.
 */
import type { OutboxApi, OutboxEntry } from '../outbox/outbox-contract.ts';
import type { NostrIdentity } from './agent-key.ts';
import { type HeartbeatInput, heartbeatTemplate } from './heartbeat.ts';
import { enqueueEvent, type PublishPayload } from './publish-deliverer.ts';
import { DEFAULT_STATUS_NOTE_TTL_SECONDS, statusNoteTemplate } from './status-note.ts';

export interface HeartbeatPublishOptions {
  /** Also post a public kind-1 status note (off by default), living `ttlSeconds`. */
  statusNote?: false | { ttlSeconds?: number };
}

export function publishHeartbeat(
  outbox: Pick<OutboxApi, 'enqueue'>,
  identity: NostrIdentity,
  input: HeartbeatInput,
  options: HeartbeatPublishOptions = {},
): OutboxEntry<PublishPayload>[] {
  const events = [identity.sign(heartbeatTemplate(input))];
  if (options.statusNote) {
    events.push(
      identity.sign(
        statusNoteTemplate(input, options.statusNote.ttlSeconds ?? DEFAULT_STATUS_NOTE_TTL_SECONDS),
      ),
    );
  }
  return events.map(event => enqueueEvent(outbox, event).entry);
}
