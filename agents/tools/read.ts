/** `read <thing>`: read a readable thing here (a Lesson Stone, a note). */
import { z } from 'zod';
import { nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const ReadInput = z.strictObject({ thing: nameText(100) });
export type ReadInput = z.infer<typeof ReadInput>;

export const readTool: ToolDefinition<ReadInput> = {
  name: 'read',
  toolset: 'core',
  command: 'read',
  summary: 'Read a readable thing here, such as a lesson stone or a note ({"thing": "sovereignty stone"}).',
  input: ReadInput,
  build: input => `read ${input.thing.trim()}`,
  parse: result => observe(result, [/^There is nothing to read on /m]),
};
