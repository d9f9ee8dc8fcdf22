/** Learning from a `room_info`: the room, where its exits lead, what and who is there now. */
import type { RoomInfo } from '../../mud-client/index.ts';
import { KNOWLEDGE_LIMITS, type Knowledge, type KnownCharacter, type KnownRoom } from './knowledge.ts';

function newestFirst<T extends { seenAt: number }>(
  record: Record<string, T>,
  limit: number,
  keep: string | null,
) {
  const entries = Object.entries(record);
  if (entries.length <= limit) return record;
  entries.sort(([keyA, a], [keyB, b]) => {
    if (keyA === keep) return -1;
    if (keyB === keep) return 1;
    return b.seenAt - a.seenAt || keyA.localeCompare(keyB);
  });
  return Object.fromEntries(entries.slice(0, limit));
}

export function learnRoom(knowledge: Knowledge, room: RoomInfo, now: number): Knowledge {
  const rooms: Record<string, KnownRoom> = { ...knowledge.rooms };
  for (const exit of room.exits) {
    const destination = exit.destination;
    if (!destination) continue;
    const known = rooms[destination.dbref];
    rooms[destination.dbref] = known
      ? { ...known, key: destination.key, seedId: destination.seedId }
      : {
          dbref: destination.dbref,
          key: destination.key,
          seedId: destination.seedId,
          area: null,
          visited: false,
          exits: [],
          things: [],
          characters: [],
          seenAt: now,
        };
  }
  rooms[room.dbref] = {
    dbref: room.dbref,
    key: room.key,
    seedId: room.seedId,
    area: room.area,
    visited: true,
    exits: room.exits.map(exit => ({
      key: exit.key,
      aliases: [...exit.aliases],
      to: exit.destination?.dbref ?? null,
    })),
    things: room.things.map(thing => ({ ...thing })),
    characters: room.characters.map(character => character.dbref),
    seenAt: now,
  };
  const characters: Record<string, KnownCharacter> = { ...knowledge.characters };
  for (const character of room.characters) {
    characters[character.dbref] = {
      key: character.key,
      dbref: character.dbref,
      agent: character.agent,
      room: room.dbref,
      seenAt: now,
    };
  }
  return {
    ...knowledge,
    currentRoom: room.dbref,
    rooms: newestFirst(rooms, KNOWLEDGE_LIMITS.rooms, room.dbref),
    characters: newestFirst(characters, KNOWLEDGE_LIMITS.characters, null),
  };
}
