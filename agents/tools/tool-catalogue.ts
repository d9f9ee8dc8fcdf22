/** Every tool definition, by toolset: what the runtime hands `offerTools`. */
import { completeTool } from './complete.ts';
import { createTool } from './create.ts';
import { describeTool } from './describe.ts';
import { digTool } from './dig.ts';
import { goTool } from './go.ts';
import { inventoryTool } from './inventory.ts';
import { lookTool } from './look.ts';
import { pageTool } from './page.ts';
import { poseTool } from './pose.ts';
import { readTool } from './read.ts';
import { sayTool } from './say.ts';
import type { ToolDefinition } from './tool.ts';
import { waitTool } from './wait.ts';
import { writeTool } from './write.ts';

export const CORE_TOOLS: readonly ToolDefinition[] = [
  lookTool,
  goTool,
  sayTool,
  poseTool,
  readTool,
  writeTool,
  inventoryTool,
  pageTool,
  waitTool,
];

export const BUILDER_TOOLS: readonly ToolDefinition[] = [digTool, describeTool, createTool];

export const TASK_TOOLS: readonly ToolDefinition[] = [completeTool];

export const ALL_TOOLS: readonly ToolDefinition[] = [...CORE_TOOLS, ...BUILDER_TOOLS, ...TASK_TOOLS];
