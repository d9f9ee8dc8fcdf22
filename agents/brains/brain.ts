/**
 * One interface for every brain: from what the agent perceives, remembers and wants, decide one
 * tool call and say why. Brains never touch the network of the MUD; the runtime executes the call,
 * refuses anything not offered, and feeds the observation back at the next step.
 */
import type { RoomInfo } from '../../mud-client/index.ts';
import type { Task } from '../tasks/task.ts';
import type { OfferedTool, ToolObservation } from '../tools/tool.ts';

export type BrainName = 'goap' | 'ollama';

/** A memory handed to a brain, already selected and bounded by the memory stream. */
export interface RecalledMemory {
  kind: 'observation' | 'action' | 'reflection';
  text: string;
  /** 1..10 */
  importance: number;
  /** ms since the epoch */
  at: number;
}

/** One step already taken in the current task. */
export interface StepRecord {
  tool: string;
  input: unknown;
  reason: string;
  observation: ToolObservation;
}

export interface DecisionContext {
  agent: { name: string; role: string; goals: readonly string[] };
  /** The task being worked; undefined when the agent is idle and follows its standing goals. */
  task: Task | undefined;
  room: RoomInfo;
  /** What the agent knows of the world beyond this room (rooms, exits, what it has done). */
  knowledge: unknown;
  memories: readonly RecalledMemory[];
  /** The steps of this task so far, oldest first (bounded). */
  history: readonly StepRecord[];
  /** Exactly the tools the agent may call now. */
  tools: readonly OfferedTool[];
  step: number;
  signal?: AbortSignal;
}

export interface Decision {
  tool: string;
  input: unknown;
  reason: string;
  /** Which brain decided; `fallback` says why another brain's answer was not used. */
  brain: BrainName;
  fallback?: string;
  tokens?: { prompt: number; completion: number };
  ms?: number;
}

export interface Brain {
  readonly name: BrainName;
  decide(context: DecisionContext): Promise<Decision>;
  close?(): Promise<void>;
}
