/**
 * The Gitea bridge: a typed client over an injected `fetch`, the webhook receiver, the outbox deliverers of
 * every Gitea write, the heartbeat (scan → select → act → report) and the in-game board handlers.
 */
export {
  type ActionPriority,
  DEFAULT_SELECTOR_POLICY,
  type HeartbeatAction,
  type SelectorPolicy,
  selectActions,
} from './action-selector.ts';
export { type BoardOptions, giteaBoardHandlers } from './board-handlers.ts';
export { createGiteaClient, type GiteaClient } from './gitea-client.ts';
export { GiteaError, isGiteaError } from './gitea-error.ts';
export { type FetchFunction, type GiteaHttpOptions, TOKEN_FIX } from './gitea-http.ts';
export type * from './gitea-schemas.ts';
export {
  type ActionOutcome,
  actOnHighPriority,
  type HeartbeatReport,
  heartbeatSummary,
  runHeartbeat,
} from './heartbeat.ts';
export { type HeartbeatScan, type RepositoryScan, scanRepositories } from './heartbeat-scan.ts';
export { hasMarker, idempotencyMarker, withMarker } from './idempotency-marker.ts';
export { type ListPage, listAll } from './list-page.ts';
export { giteaDeliverers, registerGiteaDeliverers, toDeliveryError } from './outbox-deliverers.ts';
export {
  GITEA_OUTBOX_PAYLOADS,
  type GiteaOutboxKind,
  type GiteaOutboxPayload,
  giteaWrite,
} from './outbox-kinds.ts';
export { DEFAULT_HOOK_EVENTS } from './repository-hooks.ts';
export { type RepositoryName, splitRepositoryName } from './repository-name.ts';
export { describeWebhookEvent, type GiteaWebhookEvent, parseWebhookEvent } from './webhook-payloads.ts';
export {
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook-receiver.ts';
export { signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';
