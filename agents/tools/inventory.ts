/** `inventory`: what the agent carries. */
import { z } from 'zod';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const InventoryInput = z.strictObject({});
export type InventoryInput = z.infer<typeof InventoryInput>;

export const inventoryTool: ToolDefinition<InventoryInput> = {
  name: 'inventory',
  toolset: 'core',
  command: 'inventory',
  summary: 'List what you are carrying ({}).',
  input: InventoryInput,
  build: () => 'inventory',
  parse: result => observe(result),
};
