import { BridgeError, type BridgeErrorCode } from '../errors.ts';

/**
 * A failed Gitea API call. It is a `BridgeError` (the package's one error root, `bridge: 'gitea'`) that also
 * carries what was asked — the HTTP method, the API path (never the token, never the query string) and the
 * status when Gitea answered — so callers can decide on retries and the user sees which call failed.
 *
 * Codes used here (defined in bridges/errors.ts): `BRIDGE_ERR_AUTH_FAILED` (401/403),
 * `BRIDGE_ERR_UNREACHABLE` (refused, reset, DNS), `BRIDGE_ERR_TIMEOUT`, `BRIDGE_ERR_HTTP_STATUS` (any other
 * non-2xx) and `BRIDGE_ERR_INVALID_RESPONSE` (a 2xx body that does not match its schema).
 */
export class GiteaError extends BridgeError {
  readonly method: string;
  readonly path: string;
  /** The HTTP status, when Gitea answered at all. */
  readonly status: number | undefined;
  /** Gitea's own `message` from the error body, truncated. */
  readonly remoteMessage: string | undefined;

  constructor(
    code: BridgeErrorCode,
    message: string,
    request: { method: string; path: string; status?: number; remoteMessage?: string },
    options: { fix?: string; cause?: unknown } = {},
  ) {
    super(code, 'gitea', message, options);
    this.name = 'GiteaError';
    this.method = request.method;
    this.path = request.path;
    this.status = request.status;
    this.remoteMessage = request.remoteMessage;
  }

  /** Worth another attempt: the network, a timeout, a 5xx, 408 or 429. */
  get retryable(): boolean {
    if (this.code === 'BRIDGE_ERR_UNREACHABLE' || this.code === 'BRIDGE_ERR_TIMEOUT') return true;
    const status = this.status ?? 0;
    return status >= 500 || status === 408 || status === 429;
  }
}

export function isGiteaError(value: unknown): value is GiteaError {
  return value instanceof GiteaError;
}
