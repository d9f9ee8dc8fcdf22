/** `pose <action>`: an emote; the room sees the agent's name followed by the text. */
import { z } from 'zod';
import { lineText, MESSAGE_MAX } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const PoseInput = z.strictObject({ action: lineText(MESSAGE_MAX) });
export type PoseInput = z.infer<typeof PoseInput>;

export const poseTool: ToolDefinition<PoseInput> = {
  name: 'pose',
  toolset: 'core',
  command: 'pose',
  summary: 'Act something out; the room sees your name followed by it ({"action": "waves to everyone."}).',
  input: PoseInput,
  build: input => `pose ${input.action.trim()}`,
  parse: result => observe(result, [/^What do you want to do\?/m]),
};
