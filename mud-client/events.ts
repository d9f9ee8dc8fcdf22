/**
 * The one event model both transports emit. Consumers never see IAC bytes, ANSI escapes, HTML or
 * GMCP/websocket framing: only these five kinds.
 */
import type { MudClientError } from './errors.ts';

/** In-band text as plain text: no ANSI, no HTML, no telnet commands, `\n` line ends, no trailing newline. */
export interface TextEvent {
  kind: 'text';
  text: string;
  /** Evennia's message type from websocket kwargs (`look`, `say`, `pose`, ...); telnet cannot carry it. */
  messageType?: string;
}

/** A prompt: text the server sent without a line end (websocket `prompt` frames, telnet partial lines). */
export interface PromptEvent {
  kind: 'prompt';
  text: string;
}

/**
 * An out-of-band message under Evennia's own snake_case name (`logged_in`, `get_value`, `room_info`) on both
 * transports; GMCP names are mapped back and the websocket `options` kwarg is removed.
 */
export interface OobEvent {
  kind: 'oob';
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A non-fatal protocol error; the connection stays open. */
export interface ErrorEvent {
  kind: 'error';
  error: MudClientError;
}

export interface ConnectionEvent {
  kind: 'connection';
  state: 'open' | 'closed';
  reason?: string;
}

export type MudEvent = TextEvent | PromptEvent | OobEvent | ErrorEvent | ConnectionEvent;

export type MudEventListener = (event: MudEvent) => void;
