/**
 * The contract both transports (telnet, websocket) implement. Everything above this layer talks to a
 * `Transport` and reads `MudEvent`s; nothing above it knows which wire protocol is in use.
 */
import type { MudEventListener } from './events.ts';

export interface Transport {
  readonly kind: 'telnet' | 'websocket';
  /**
   * Opens the connection. Rejects with a `MudClientError`: `MUD_ERR_CONNECTION_REFUSED` when the server
   * cannot be reached, `MUD_ERR_TIMEOUT` when it does not answer in time.
   */
  connect(): Promise<void>;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: MudEventListener): () => void;
  /**
   * Sends one command line. Telnet: UTF-8 plus CRLF with IAC bytes doubled; websocket: `["text", [line], {}]`.
   * Throws `MUD_ERR_NOT_CONNECTED` when not open, `MUD_ERR_INVALID_ARGUMENT` when the line holds CR or LF
   * (Evennia would run each line as its own command).
   */
  sendText(line: string): void;
  /**
   * Sends an out-of-band command to an Evennia inputfunc named in snake_case (`get_inputfuncs`, `login`).
   * Telnet sends GMCP, websocket `[name, args, kwargs]`. GMCP into Evennia cannot carry args and kwargs
   * together: on telnet, args win when both are non-empty and kwargs are dropped.
   * Throws `MUD_ERR_OOB_UNAVAILABLE` on telnet before GMCP was negotiated.
   */
  sendOob(name: string, args?: unknown[], kwargs?: Record<string, unknown>): void;
  /** Telnet: the server agreed to GMCP. Websocket: always true. */
  readonly oobAvailable: boolean;
  /**
   * Closes the connection so that Evennia logs the session out. Websocket: sends `["websocket_close", [], {}]`,
   * then the close handshake with code 1000 (any other code leaves a ghost session). Telnet: ends the socket.
   */
  close(): Promise<void>;
}
