/**
 * The one error root of the bridges package (Gitea, Nostr, the git journal, the outbox and their
 * configuration). Every failure a user can meet carries a stable code, the bridge it came from and, where
 * there is one, the action that fixes it. Messages never contain secrets (tokens, nsec keys).
 *
 * Codes:
 * - `BRIDGE_ERR_CONFIG_INVALID`     timmy.bridges.yaml (or a secret file it names) is missing, malformed or unsafe
 * - `BRIDGE_ERR_AUTH_FAILED`        the remote refused the credentials (wrong or expired token, 401/403)
 * - `BRIDGE_ERR_UNREACHABLE`        the remote could not be connected to (DNS, refused, reset)
 * - `BRIDGE_ERR_TIMEOUT`            the remote did not answer in time
 * - `BRIDGE_ERR_HTTP_STATUS`        the remote answered with an unexpected HTTP status
 * - `BRIDGE_ERR_INVALID_RESPONSE`   the remote answered with a body that does not match its schema
 * - `BRIDGE_ERR_FORGED_SIGNATURE`   a webhook or Nostr event carried a signature that does not verify
 * - `BRIDGE_ERR_OUTBOX_DEAD_LETTER` an outbox entry used up its attempts or failed permanently
 * - `BRIDGE_ERR_OUTBOX_STORE`       the outbox database could not be opened or written
 * - `BRIDGE_ERR_OUTBOX_TIMEOUT`     waiting for an outbox entry to settle timed out
 * - `BRIDGE_ERR_OUTBOX_UNKNOWN_ENTRY` an outbox id that does not exist (or is not a dead letter, for retry)
 * - `BRIDGE_ERR_NO_DELIVERER`       an outbox entry names a bridge/kind no deliverer is registered for
 * - `BRIDGE_ERR_GIT_FAILED`         a git command of the journal failed
 * - `BRIDGE_ERR_GIT_REJECTED`       the remote refused a push because its branch has diverged
 */
export type BridgeErrorCode =
  | 'BRIDGE_ERR_CONFIG_INVALID'
  | 'BRIDGE_ERR_AUTH_FAILED'
  | 'BRIDGE_ERR_UNREACHABLE'
  | 'BRIDGE_ERR_TIMEOUT'
  | 'BRIDGE_ERR_HTTP_STATUS'
  | 'BRIDGE_ERR_INVALID_RESPONSE'
  | 'BRIDGE_ERR_FORGED_SIGNATURE'
  | 'BRIDGE_ERR_OUTBOX_DEAD_LETTER'
  | 'BRIDGE_ERR_OUTBOX_STORE'
  | 'BRIDGE_ERR_OUTBOX_TIMEOUT'
  | 'BRIDGE_ERR_OUTBOX_UNKNOWN_ENTRY'
  | 'BRIDGE_ERR_NO_DELIVERER'
  | 'BRIDGE_ERR_GIT_FAILED'
  | 'BRIDGE_ERR_GIT_REJECTED';

/** Which bridge failed; `outbox` and `config` are the shared machinery. */
export type BridgeErrorSource = 'gitea' | 'nostr' | 'journal' | 'outbox' | 'config' | 'warden';

export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly bridge: BridgeErrorSource;
  /** A command or action that fixes the problem, shown to the user under the message. */
  readonly fix: string | undefined;

  constructor(
    code: BridgeErrorCode,
    bridge: BridgeErrorSource,
    message: string,
    options: { fix?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BridgeError';
    this.code = code;
    this.bridge = bridge;
    this.fix = options.fix;
  }
}

export function isBridgeError(value: unknown, code?: BridgeErrorCode): value is BridgeError {
  return value instanceof BridgeError && (code === undefined || value.code === code);
}
