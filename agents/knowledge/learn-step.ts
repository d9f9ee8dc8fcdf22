/**
 * Learning from one step an agent took: what it read, whom it greeted, the notes it wrote, what it said
 * and paged (only when the step succeeded), then the room it stands in afterwards.
 */
import type { RoomInfo } from '../../mud-client/index.ts';
import type { ToolObservation } from '../tools/tool.ts';
import { KNOWLEDGE_LIMITS, type Knowledge } from './knowledge.ts';
import { learnRoom } from './learn-room.ts';
import { nameScore } from './names.ts';

const clip = (text: string) => text.slice(0, KNOWLEDGE_LIMITS.text);
const last = <T>(list: readonly T[], limit: number) => list.slice(Math.max(0, list.length - limit));
const field = (input: unknown, name: string): string | undefined => {
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** True when `text` names the character (its whole key, or its first word, as a word). */
export function mentions(text: string, name: string): boolean {
  const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const first = name.split(/\s+/)[0] ?? name;
  return [name, first].some(part =>
    new RegExp(`(^|[^\\w-])${escapeRegExp(part)}($|[^\\w-])`, 'i').test(text),
  );
}

export function learnStep(
  knowledge: Knowledge,
  toolName: string,
  input: unknown,
  observation: ToolObservation,
  roomAfter: RoomInfo | undefined,
  now: number = Date.now(),
): Knowledge {
  let next = knowledge;
  const roomHere = knowledge.currentRoom;
  const here = roomHere ? knowledge.rooms[roomHere] : undefined;
  if (observation.ok && !observation.refused) {
    if (toolName === 'read') {
      const name = field(input, 'thing') ?? '';
      const thing = here?.things
        .map(candidate => ({ candidate, score: nameScore(name, candidate.key, [candidate.seedId]) }))
        .filter(match => match.score > 0)
        .sort((a, b) => b.score - a.score)[0]?.candidate;
      const record = { key: thing?.key ?? name, dbref: thing?.dbref ?? null, room: roomHere, at: now };
      next = { ...next, read: last([...next.read, record], KNOWLEDGE_LIMITS.read) };
    } else if (toolName === 'say') {
      const text = field(input, 'text') ?? '';
      const greeted = (here?.characters ?? [])
        .map(dbref => next.characters[dbref])
        .filter(character => character !== undefined && mentions(text, character.key))
        .map(character => ({
          key: character?.key ?? '',
          dbref: character?.dbref ?? null,
          room: roomHere,
          at: now,
        }));
      next = {
        ...next,
        said: last([...next.said, { room: roomHere, text: clip(text), at: now }], KNOWLEDGE_LIMITS.said),
        greeted: last([...next.greeted, ...greeted], KNOWLEDGE_LIMITS.greeted),
      };
    } else if (toolName === 'write') {
      const note = {
        room: roomHere,
        title: clip(field(input, 'title') ?? ''),
        text: clip(field(input, 'text') ?? ''),
        at: now,
      };
      next = { ...next, notes: last([...next.notes, note], KNOWLEDGE_LIMITS.notes) };
    } else if (toolName === 'page') {
      const page = {
        character: field(input, 'character') ?? '',
        text: clip(field(input, 'text') ?? ''),
        at: now,
      };
      next = { ...next, pages: last([...next.pages, page], KNOWLEDGE_LIMITS.pages) };
    }
  }
  return roomAfter ? learnRoom(next, roomAfter, now) : next;
}
