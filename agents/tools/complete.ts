/**
 * `complete`: end the current task, as completed or failed, with a summary (no MUD command; the runtime
 * records the outcome). Offered whenever a task runs.
 */
import { z } from 'zod';
import type { ToolDefinition } from './tool.ts';

const CompleteInput = z.strictObject({
  status: z.enum(['completed', 'failed']),
  summary: z.string().trim().min(1).max(2000),
});
export type CompleteInput = z.infer<typeof CompleteInput>;

export const completeTool: ToolDefinition<CompleteInput> = {
  name: 'complete',
  toolset: 'task',
  command: null,
  summary:
    'End the current task and report how it went ({"status": "completed", "summary": "I read the stone."}).',
  input: CompleteInput,
  build: () => null,
  parse: (_result, input) => ({ ok: true, text: `Task ${input.status}: ${input.summary}` }),
};
