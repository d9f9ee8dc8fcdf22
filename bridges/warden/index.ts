/** Public surface of the bridge warden (the daemon answering the game's `board` and `beacon`). */
export {
  type AnswerOptions,
  answerBridgeRequest,
  type RequestAnswer,
  type WardenHandlers,
} from './answer-request.ts';
export {
  type BridgeAnswer,
  type BridgeHandler,
  type BridgeHandlers,
  type BridgeRequest,
  BridgeRequestSchema,
} from './bridge-request.ts';
export {
  type AnnounceResult,
  startWarden,
  type Warden,
  type WardenLogger,
  type WardenOptions,
} from './warden.ts';
export {
  type ProvisionWarden,
  provisionThrough,
  readWardenCredentials,
  type WardenCredentials,
  wardenCredentialsFile,
} from './warden-credentials.ts';
export { type BridgeAnnouncement, BridgeAnnouncementSchema, type WardenBridge } from './warden-messages.ts';
