/**
 * Tools are data: an agent acts only through these records. Each maps one decision of a brain to
 * one MUD command line (or to nothing, for `wait` and `complete`) and reads that command's result
 * back into an observation. The runtime offers a brain exactly the tools available to the agent
 * in its current room (`available`, from `room_info.commands`) within its toolsets.
 */

import type { z } from 'zod';
import type { CommandResult, RoomInfo } from '../../mud-client/index.ts';

export type Toolset = 'core' | 'builder' | 'task';

/** What a tool call taught the agent; also what an LLM sees as the tool's result. */
export interface ToolObservation {
  /** false when the MUD or the runtime reported a failure (the text says which). */
  ok: boolean;
  /** Plain text, already free of ANSI and HTML, bounded in length by the runtime. */
  text: string;
  /** Set when the call was refused before reaching the MUD: not offered here, bad input. */
  refused?: string;
}

export interface ToolContext {
  room: RoomInfo;
}

export interface ToolDefinition<Input = unknown> {
  /** The name a brain uses: `look`, `go`, `say`, ... (lowercase, `[a-z_]+`). */
  name: string;
  toolset: Toolset;
  /**
   * The in-game command whose help text becomes `description` at runtime, and whose presence in
   * `room_info.commands` makes the tool available; null for tools that are not a MUD command.
   */
  command: string | null;
  /** Used until the in-game help is known (and for tools without a command). */
  summary: string;
  input: z.ZodType<Input>;
  /** Extra availability rule beyond `command` (e.g. `go` needs an exit); default: always. */
  available?(context: ToolContext): boolean;
  /**
   * The input schema narrowed to one room (`go`: an exit that is here), checked and shown to the brain
   * instead of `input` when the tool is offered there; default: `input`.
   */
  forRoom?(context: ToolContext): z.ZodType<Input>;
  /** The MUD command line; null when the tool does not send one (`wait`, `complete`). */
  build(input: Input, context: ToolContext): string | null;
  /** Turns the correlated command result into an observation. */
  parse(result: CommandResult, input: Input): ToolObservation;
}

/** A tool as offered to a brain at one step: its definition and the description the agent sees. */
export interface OfferedTool {
  definition: ToolDefinition;
  description: string;
  /** JSON Schema of the input (from `z.toJSONSchema(definition.input)`), for LLM brains. */
  inputSchema: Record<string, unknown>;
  /** The schema a call is checked against here (`definition.forRoom` when it has one); default: `definition.input`. */
  input?: z.ZodType;
}
