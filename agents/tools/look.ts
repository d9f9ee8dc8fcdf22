/** `look` / `look <target>`: the room (its `room_info` arrives with it) or one thing or character here. */
import { z } from 'zod';
import { nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const LookInput = z.strictObject({ target: nameText(100).optional() });
export type LookInput = z.infer<typeof LookInput>;

export const lookTool: ToolDefinition<LookInput> = {
  name: 'look',
  toolset: 'core',
  command: 'look',
  summary: 'Look around the room, or at one thing or character here ({"target": "brass telescope"}).',
  input: LookInput,
  build: input => (input.target ? `look ${input.target.trim()}` : 'look'),
  parse: result => observe(result),
};
