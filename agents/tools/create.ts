/**
 * Builder: `create <object name>` makes a new object in the agent's hands. Evennia's `create` may ask
 * a question; such a result is not ok (see `observe`), so the agent does not answer it by accident.
 */
import { z } from 'zod';
import { nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const CreateInput = z.strictObject({ name: nameText(80) });
export type CreateInput = z.infer<typeof CreateInput>;

export const createTool: ToolDefinition<CreateInput> = {
  name: 'create',
  toolset: 'builder',
  command: 'create',
  summary: 'Create a new object, which you then carry ({"name": "wooden bench"}).',
  input: CreateInput,
  build: input => `create ${input.name.trim()}`,
  parse: result => observe(result),
};
