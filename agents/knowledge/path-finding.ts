/**
 * Paths over the exits the agent has seen: breadth-first from a room, exits in key order, so the same
 * knowledge always gives the same (shortest by number of exits) path.
 */
import type { Knowledge } from './knowledge.ts';

export interface PathStep {
  exit: string;
  from: string;
  to: string;
}

/** Hops and the first step of the shortest path to every room reachable from `from`. */
export function reachable(
  knowledge: Knowledge,
  from: string,
): Map<string, { hops: number; path: PathStep[] }> {
  const found = new Map<string, { hops: number; path: PathStep[] }>([[from, { hops: 0, path: [] }]]);
  const queue = [from];
  for (let index = 0; index < queue.length; index++) {
    const here = queue[index] as string;
    const room = knowledge.rooms[here];
    const route = found.get(here);
    if (!room || !route) continue;
    const exits = [...room.exits].sort((a, b) => a.key.localeCompare(b.key));
    for (const exit of exits) {
      if (exit.to === null || found.has(exit.to)) continue;
      found.set(exit.to, {
        hops: route.hops + 1,
        path: [...route.path, { exit: exit.key, from: here, to: exit.to }],
      });
      queue.push(exit.to);
    }
  }
  return found;
}

/** The shortest known path (exits to take, in order) from one room to another; undefined when none is known. */
export function findPath(knowledge: Knowledge, from: string, to: string): PathStep[] | undefined {
  return reachable(knowledge, from).get(to)?.path;
}
