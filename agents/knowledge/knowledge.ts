/**
 * What an agent knows of the world: a plain JSON record (validated by `KnowledgeSchema` when the runtime
 * reads it back after a restart), changed only by the pure functions of learn-room.ts and learn-step.ts.
 * Rooms are keyed by dbref; a room seen only as the destination of an exit is known but not `visited`
 * (its exits are not known yet). Every list is bounded (`KNOWLEDGE_LIMITS`).
 */
import { z } from 'zod';

const Dbref = z.string().regex(/^#\d+$/);
const Text = z.string().max(2000);

export const KNOWLEDGE_LIMITS = {
  rooms: 1000,
  characters: 300,
  read: 500,
  greeted: 300,
  notes: 100,
  said: 100,
  pages: 100,
  /** Characters of text kept per note, saying or page. */
  text: 300,
} as const;

const KnownExitSchema = z.object({ key: z.string(), aliases: z.array(z.string()), to: Dbref.nullable() });
const KnownThingSchema = z.object({
  key: z.string(),
  dbref: Dbref,
  seedId: z.string().nullable(),
  typeclass: z.string(),
});

export const KnownRoomSchema = z.object({
  dbref: Dbref,
  key: z.string(),
  seedId: z.string().nullable(),
  area: z.string().nullable(),
  /** True once the agent stood in the room (then `exits`, `things` and `characters` are known). */
  visited: z.boolean(),
  exits: z.array(KnownExitSchema),
  things: z.array(KnownThingSchema),
  /** Dbrefs of the characters present when the room was last seen. */
  characters: z.array(Dbref),
  /** When the room was last seen (ms since the epoch). */
  seenAt: z.number(),
});

export const KnownCharacterSchema = z.object({
  key: z.string(),
  dbref: Dbref,
  agent: z.boolean(),
  /** Where the character was last seen. */
  room: Dbref,
  seenAt: z.number(),
});

export const KnowledgeSchema = z.object({
  version: z.literal(1),
  currentRoom: Dbref.nullable(),
  rooms: z.record(z.string(), KnownRoomSchema),
  characters: z.record(z.string(), KnownCharacterSchema),
  read: z.array(
    z.object({ key: z.string(), dbref: Dbref.nullable(), room: Dbref.nullable(), at: z.number() }),
  ),
  greeted: z.array(
    z.object({ key: z.string(), dbref: Dbref.nullable(), room: Dbref.nullable(), at: z.number() }),
  ),
  notes: z.array(z.object({ room: Dbref.nullable(), title: z.string(), text: Text, at: z.number() })),
  said: z.array(z.object({ room: Dbref.nullable(), text: Text, at: z.number() })),
  pages: z.array(z.object({ character: z.string(), text: Text, at: z.number() })),
});

export type Knowledge = z.infer<typeof KnowledgeSchema>;
export type KnownRoom = z.infer<typeof KnownRoomSchema>;
export type KnownThing = KnownRoom['things'][number];
export type KnownCharacter = z.infer<typeof KnownCharacterSchema>;

export function emptyKnowledge(): Knowledge {
  return {
    version: 1,
    currentRoom: null,
    rooms: {},
    characters: {},
    read: [],
    greeted: [],
    notes: [],
    said: [],
    pages: [],
  };
}

/** Knowledge read back from storage (or handed to a brain as `unknown`); undefined when it is not valid. */
export function readKnowledge(value: unknown): Knowledge | undefined {
  const parsed = KnowledgeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
