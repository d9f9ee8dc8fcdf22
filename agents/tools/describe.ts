/** Builder: `desc <target> = <text>` sets the description of a thing or of the room (`here`). */
import { z } from 'zod';
import { lineText, MESSAGE_MAX, nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const DescribeInput = z.strictObject({ target: nameText(100), text: lineText(MESSAGE_MAX) });
export type DescribeInput = z.infer<typeof DescribeInput>;

export const describeTool: ToolDefinition<DescribeInput> = {
  name: 'describe',
  toolset: 'builder',
  command: 'desc',
  summary:
    'Describe a thing here, or the room itself with target "here" ({"target": "here", "text": "..."}).',
  input: DescribeInput,
  build: input => `desc ${input.target.trim()} = ${input.text.trim()}`,
  parse: result => observe(result),
};
