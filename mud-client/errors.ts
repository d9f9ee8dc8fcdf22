/**
 * The one error root of the MUD client. Every failure carries a stable, machine-readable code; the list
 * below is the only place codes are defined (the session layer adds its own here).
 *
 * Codes:
 * - `MUD_ERR_GMCP_NOT_JSON`             a GMCP payload after the package name is not valid JSON (event)
 * - `MUD_ERR_GMCP_INVALID`              a GMCP message has no usable package name (event)
 * - `MUD_ERR_GMCP_TOO_LARGE`            a GMCP subnegotiation exceeded the size cap and was dropped (event)
 * - `MUD_ERR_SUBNEGOTIATION_TOO_LARGE`  a non-GMCP telnet subnegotiation exceeded the size cap (event)
 * - `MUD_ERR_LINE_TOO_LONG`             a telnet line exceeded the line cap; what was buffered was delivered (event)
 * - `MUD_ERR_FRAME_INVALID`             a websocket frame is not a JSON `[name, [args], {kwargs}]` text frame (event)
 * - `MUD_ERR_FRAME_TOO_LARGE`           a websocket frame exceeded the size cap and was dropped (event)
 * - `MUD_ERR_CONNECTION_REFUSED`        the server could not be reached (`connect()` rejects)
 * - `MUD_ERR_CONNECTION_LOST`           the connection failed or closed abnormally after it was open (event)
 * - `MUD_ERR_NOT_CONNECTED`             a send was attempted while the transport is not open (thrown)
 * - `MUD_ERR_OOB_UNAVAILABLE`           `sendOob` on telnet before the server agreed to GMCP (thrown)
 * - `MUD_ERR_INVALID_ARGUMENT`          API misuse: a command line with CR/LF, a bad OOB name, unserialisable data (thrown)
 * - `MUD_ERR_TIMEOUT`                   connecting or closing took longer than allowed
 * - `MUD_ERR_LOGIN_FAILED`              the server refused the credentials (raised by the session layer)
 * - `MUD_ERR_ACCOUNT_EXISTS`            account creation refused: the name is taken or reserved (session layer)
 * - `MUD_ERR_REQUEST_FAILED`            an out-of-band request was answered with `timmy_error` (session layer)
 * - `MUD_ERR_ACCOUNT_REFUSED`           account creation refused for another reason, the server's words quoted (session layer)
 *
 * Errors marked "event" are non-fatal protocol errors delivered as `{ kind: 'error' }` events; the
 * connection stays open. Errors marked "thrown" are programmer errors raised synchronously.
 */
export type MudClientErrorCode =
  | 'MUD_ERR_GMCP_NOT_JSON'
  | 'MUD_ERR_GMCP_INVALID'
  | 'MUD_ERR_GMCP_TOO_LARGE'
  | 'MUD_ERR_SUBNEGOTIATION_TOO_LARGE'
  | 'MUD_ERR_LINE_TOO_LONG'
  | 'MUD_ERR_FRAME_INVALID'
  | 'MUD_ERR_FRAME_TOO_LARGE'
  | 'MUD_ERR_CONNECTION_REFUSED'
  | 'MUD_ERR_CONNECTION_LOST'
  | 'MUD_ERR_NOT_CONNECTED'
  | 'MUD_ERR_OOB_UNAVAILABLE'
  | 'MUD_ERR_INVALID_ARGUMENT'
  | 'MUD_ERR_TIMEOUT'
  | 'MUD_ERR_LOGIN_FAILED'
  | 'MUD_ERR_ACCOUNT_EXISTS'
  | 'MUD_ERR_ACCOUNT_REFUSED'
  | 'MUD_ERR_REQUEST_FAILED';

export interface MudClientErrorOptions {
  cause?: unknown;
  /** Small, serialisable facts about the failure (sizes, names, a truncated sample of the bad input). */
  details?: Record<string, unknown>;
}

export class MudClientError extends Error {
  readonly code: MudClientErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: MudClientErrorCode, message: string, options: MudClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MudClientError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A short, printable sample of untrusted input for error details; never the whole (possibly huge) payload. */
export function sampleOf(text: string, maxLength = 200): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength)}…`;
}
