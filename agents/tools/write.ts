/**
 * `write <title> = <text>`: leave a readable note in the room (evennia-game's `write`, alias `note`; a
 * title of at most 60 characters, a text of at most 2000).
 */
import { z } from 'zod';
import { lineText, MESSAGE_MAX, nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const WriteInput = z.strictObject({ title: nameText(60), text: lineText(MESSAGE_MAX) });
export type WriteInput = z.infer<typeof WriteInput>;

export const writeTool: ToolDefinition<WriteInput> = {
  name: 'write',
  toolset: 'core',
  command: 'write',
  summary: 'Leave a note in this room that others can read ({"title": "Greetings", "text": "Hello all"}).',
  input: WriteInput,
  build: input => `write ${input.title.trim()} = ${input.text.trim()}`,
  parse: result =>
    observe(result, [/^That (?:title|text) is too long/m, /^There is nowhere to leave a note\./m]),
};
