/**
 * The Nostr bridge: agent keys, heartbeat / status / artifact events, publishing through the outbox,
 * NIP-17 (and legacy NIP-04) direct tasking, and the in-world beacon's warden handlers.
 */
export {
  type EventTemplate,
  generateIdentity,
  identityFromSecretKey,
  KEY_FILE_NAME,
  loadOrCreateAgentKey,
  type NostrIdentity,
  parsePublicKey,
} from './agent-key.ts';
export {
  ARTIFACT_TOPIC,
  type ArtifactContent,
  type ArtifactInput,
  type ArtifactType,
  artifactReportTemplate,
  readArtifactReport,
} from './artifact-report.ts';
export { BEACON_TOPIC, type BeaconOptions, nostrBeaconHandlers } from './beacon-handlers.ts';
export type { DirectTask, TaskRejection, UnwrapResult } from './direct-task.ts';
export { NostrEventSchema, type NostrEventShape, tagValue, tagValues } from './event-schema.ts';
export {
  APPLICATION_DATA_KIND,
  HEARTBEAT_TOPIC,
  type HeartbeatContent,
  type HeartbeatInput,
  heartbeatTag,
  heartbeatTemplate,
  readHeartbeat,
} from './heartbeat.ts';
export { type HeartbeatPublishOptions, publishHeartbeat } from './heartbeat-publisher.ts';
export { acceptIncomingEvent, checkIncomingEvent, type IncomingResult } from './incoming-event.ts';
export { nip04TaskEvent, readNip04Task } from './nip04-task.ts';
export { unwrapTask, wrapTask } from './nip17-task.ts';
export {
  enqueueEvent,
  nostrEventDeliverer,
  PUBLISH_KIND,
  type PublishPayload,
  publishIdempotencyKey,
  publishToRelays,
  registerNostrDeliverers,
} from './publish-deliverer.ts';
export { createRelayPool, type NostrPool } from './relay-pool.ts';
export { fileSeenStore, memorySeenStore, SEEN_FILE_NAME, type SeenStore } from './seen-store.ts';
export { DEFAULT_STATUS_NOTE_TTL_SECONDS, statusNoteTemplate } from './status-note.ts';
export { openTaskInbox, type TaskInbox, type TaskInboxOptions } from './task-inbox.ts';
