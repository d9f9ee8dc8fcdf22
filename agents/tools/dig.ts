/** Builder: `dig <room name> = <exit to>, <exit back>` creates a room joined to this one both ways. */
import { z } from 'zod';
import { nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const DigInput = z.strictObject({ room: nameText(80), exitTo: nameText(40), exitBack: nameText(40) });
export type DigInput = z.infer<typeof DigInput>;

export const digTool: ToolDefinition<DigInput> = {
  name: 'dig',
  toolset: 'builder',
  command: 'dig',
  summary:
    'Build a new room joined to this one ({"room": "Quiet Garden", "exitTo": "garden", "exitBack": "hall"}).',
  input: DigInput,
  build: input => `dig ${input.room.trim()} = ${input.exitTo.trim()}, ${input.exitBack.trim()}`,
  parse: result => observe(result),
};
