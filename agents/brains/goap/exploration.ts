/**
 * Exploring: the nearest room the agent knows of but has not stood in (fewest exits away, then lowest
 * dbref), optionally only rooms of one area. A room seen only through an exit has no area yet; it counts
 * for an area when its seed id is the area's id or starts with it (`grove.lesson-stones` in `grove`).
 */
import type { Knowledge, KnownRoom } from '../../knowledge/knowledge.ts';
import { normalName } from '../../knowledge/names.ts';
import { reachable } from '../../knowledge/path-finding.ts';
import { findRoom, knownRooms } from '../../knowledge/queries.ts';

/** The area id a name means: an area id itself, or the area of the room it names. */
export function resolveArea(knowledge: Knowledge, name: string): string {
  const wanted = normalName(name);
  const rooms = knownRooms(knowledge);
  if (rooms.some(room => room.area !== null && normalName(room.area) === wanted)) return wanted;
  const room = findRoom(knowledge, name);
  return room ? (room.area ?? room.seedId ?? wanted) : wanted;
}

export function inArea(room: KnownRoom, area: string | undefined): boolean {
  if (area === undefined) return true;
  if (room.area !== null) return normalName(room.area) === area;
  const seedId = room.seedId?.toLowerCase();
  return seedId !== undefined && (seedId === area || seedId.startsWith(`${area}.`));
}

export function unvisitedRooms(knowledge: Knowledge, area?: string): KnownRoom[] {
  return knownRooms(knowledge).filter(room => !room.visited && inArea(room, area));
}

/** The nearest unvisited room reachable over known exits, with how far it is. */
export function nearestUnvisited(
  knowledge: Knowledge,
  area?: string,
): { room: KnownRoom; hops: number } | undefined {
  const from = knowledge.currentRoom;
  if (from === null) return undefined;
  const distances = reachable(knowledge, from);
  let best: { room: KnownRoom; hops: number } | undefined;
  for (const room of unvisitedRooms(knowledge, area)) {
    const hops = distances.get(room.dbref)?.hops;
    if (hops === undefined) continue;
    if (!best || hops < best.hops) best = { room, hops };
  }
  return best;
}
