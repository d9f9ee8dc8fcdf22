/** `wait`: do nothing for a while (no MUD command; the runtime sleeps `seconds`). */
import { z } from 'zod';
import type { ToolDefinition } from './tool.ts';

const WaitInput = z.strictObject({ seconds: z.number().int().min(1).max(60) });
export type WaitInput = z.infer<typeof WaitInput>;

export const waitTool: ToolDefinition<WaitInput> = {
  name: 'wait',
  toolset: 'core',
  command: null,
  summary: 'Wait and watch for a number of seconds, 1 to 60 ({"seconds": 10}).',
  input: WaitInput,
  build: () => null,
  parse: (_result, input) => ({ ok: true, text: `You wait ${input.seconds} seconds.` }),
};
