/** Looking things up in what the agent knows: rooms, things and characters by the names people use. */
import type { Knowledge, KnownCharacter, KnownRoom, KnownThing } from './knowledge.ts';
import { bestMatches, normalName } from './names.ts';

const byDbref = (a: { dbref: string }, b: { dbref: string }) =>
  Number(a.dbref.slice(1)) - Number(b.dbref.slice(1));

export function knownRooms(knowledge: Knowledge): KnownRoom[] {
  return Object.values(knowledge.rooms).sort(byDbref);
}

/** The room a name means (dbref, seed id, key, or the words of its key); visited rooms win ties. */
export function findRoom(knowledge: Knowledge, name: string): KnownRoom | undefined {
  const exact = knowledge.rooms[name.trim()];
  if (exact) return exact;
  const matches = bestMatches(name, knownRooms(knowledge), room => ({
    key: room.key,
    others: [room.seedId],
  }));
  return matches.find(room => room.visited) ?? matches[0];
}

export interface ThingPlace {
  thing: KnownThing;
  room: KnownRoom;
}

/** Every known thing a name matches best, with the room it was seen in (current room first). */
export function findThings(knowledge: Knowledge, name: string): ThingPlace[] {
  const places = knownRooms(knowledge).flatMap(room => room.things.map(thing => ({ thing, room })));
  places.sort(
    (a, b) => Number(b.room.dbref === knowledge.currentRoom) - Number(a.room.dbref === knowledge.currentRoom),
  );
  return bestMatches(name, places, place => ({
    key: place.thing.key,
    others: [place.thing.seedId, place.thing.dbref],
  }));
}

export function findCharacter(knowledge: Knowledge, name: string): KnownCharacter | undefined {
  const characters = Object.values(knowledge.characters).sort(byDbref);
  return bestMatches(name, characters, character => ({ key: character.key, others: [character.dbref] }))[0];
}

/** Where the character is to be found: the room it was last seen in, if it was still there then. */
export function whereabouts(knowledge: Knowledge, character: KnownCharacter): string | undefined {
  const room = knowledge.rooms[character.room];
  return room?.characters.includes(character.dbref) ? room.dbref : undefined;
}

export function hasRead(knowledge: Knowledge, thing: KnownThing): boolean {
  return knowledge.read.some(
    record =>
      record.dbref === thing.dbref ||
      (record.dbref === null && normalName(record.key) === normalName(thing.key)),
  );
}

export function hasGreeted(knowledge: Knowledge, character: Pick<KnownCharacter, 'key' | 'dbref'>): boolean {
  return knowledge.greeted.some(
    record => record.dbref === character.dbref || normalName(record.key) === normalName(character.key),
  );
}

/** Readable things: Lesson Stones and notes (any typeclass named like them). */
export function isReadable(thing: KnownThing): boolean {
  return /LessonStone|Note\b|Readable|Sign\b|Book\b/i.test(thing.typeclass);
}
