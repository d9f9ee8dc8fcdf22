/** `say <text>`: speak to everyone in the room. */
import { z } from 'zod';
import { lineText, MESSAGE_MAX } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const SayInput = z.strictObject({ text: lineText(MESSAGE_MAX) });
export type SayInput = z.infer<typeof SayInput>;

export const sayTool: ToolDefinition<SayInput> = {
  name: 'say',
  toolset: 'core',
  command: 'say',
  summary: 'Say something aloud to everyone in the room ({"text": "Hello, Allegro!"}).',
  input: SayInput,
  build: input => `say ${input.text.trim()}`,
  parse: result => observe(result, [/^Say what\?/m]),
};
