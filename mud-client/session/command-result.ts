import type { MudEvent, OobEvent } from '../events.ts';

/** How a command's output was told apart from what came before and after it. */
export type CorrelationMethod =
  /** The server's `cmd_done` marker carried this command's id (evennia-game). */
  | 'marker'
  /** No marker on this server: the output is whatever arrived until a quiet period (a heuristic). */
  | 'quiet-period';

export interface CommandResult {
  command: string;
  /** The command's in-band output (text and prompts) as plain text, lines joined with `\n`. */
  text: string;
  /** Out-of-band messages that arrived with the command's output (the marker itself excluded). */
  oob: OobEvent[];
  /** Everything that arrived in the command's window, in order. */
  events: MudEvent[];
  ms: number;
  /** True when the marker proved which output belongs to this command. */
  correlated: boolean;
  method: CorrelationMethod;
  /** True when the output was longer than the session's cap and was cut. */
  truncated: boolean;
}
