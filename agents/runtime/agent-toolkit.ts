/**
 * What the runtime needs from the tools, knowledge and task-text modules, as one injected record: the
 * runtime is written against this seam, the default (`defaultToolkit()` in default-toolkit.ts) wires the
 * real modules, and unit tests can pass small doubles.
 */
import type { RoomInfo } from '../../mud-client/index.ts';
import type { Goal } from '../tasks/task.ts';
import type { OfferedTool, ToolDefinition, ToolObservation, Toolset } from '../tools/tool.ts';

export interface OfferToolsOptions {
  toolsets: readonly Toolset[];
  isBuilder: boolean;
  helpTexts?: Readonly<Record<string, string>>;
  taskRunning: boolean;
}

export type ToolCallCheck = { ok: true; tool: OfferedTool; input: unknown } | { ok: false; refused: string };

export interface KnowledgeFunctions<Knowledge = unknown> {
  empty(): Knowledge;
  learnRoom(knowledge: Knowledge, room: RoomInfo, now: number): Knowledge;
  learnStep(
    knowledge: Knowledge,
    tool: string,
    input: unknown,
    observation: ToolObservation,
    roomAfter: RoomInfo,
  ): Knowledge;
}

export interface AgentToolkit {
  /** Every tool an agent could have (the offer filters them per step). */
  tools: readonly ToolDefinition[];
  offer(definitions: readonly ToolDefinition[], room: RoomInfo, options: OfferToolsOptions): OfferedTool[];
  check(offered: readonly OfferedTool[], name: string, input: unknown): ToolCallCheck;
  knowledge: KnowledgeFunctions;
  /** Task text (from the backlog or an in-world request) → a goal; `free` when not understood. */
  parseTaskText(text: string): Goal;
}
