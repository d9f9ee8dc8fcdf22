/** `page <character> = <text>`: a private message to a character anywhere in the world. */
import { z } from 'zod';
import { lineText, MESSAGE_MAX, nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const PageInput = z.strictObject({ character: nameText(80), text: lineText(MESSAGE_MAX) });
export type PageInput = z.infer<typeof PageInput>;

export const pageTool: ToolDefinition<PageInput> = {
  name: 'page',
  toolset: 'core',
  command: 'page',
  summary:
    'Send a private message to a character wherever they are ({"character": "Allegro", "text": "..."}).',
  input: PageInput,
  build: input => `page ${input.character.trim()} = ${input.text.trim()}`,
  parse: result => observe(result, [/^No one found to page\./m, /is not online\.?$/m]),
};
