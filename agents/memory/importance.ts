/**
 * How much a memory matters (1..10), by rule, for brains that cannot rate it themselves: routine looks
 * and waits are forgotten first; failures, refusals, new places, other characters and the end of a task
 * are kept longer.
 */
import type { ToolObservation } from '../tools/tool.ts';

export function observationImportance(tool: string, observation: ToolObservation, newRoom: boolean): number {
  if (observation.refused) return 6;
  if (tool === 'complete') return 8;
  if (!observation.ok) return 5;
  if (newRoom) return 5;
  if (tool === 'read' || tool === 'write' || tool === 'page') return 5;
  if (tool === 'say' || tool === 'pose') return 4;
  if (tool === 'wait' || tool === 'look') return 2;
  return 3;
}

export function actionImportance(tool: string): number {
  if (tool === 'complete') return 7;
  if (tool === 'wait' || tool === 'look') return 1;
  return 3;
}
