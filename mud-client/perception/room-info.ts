/**
 * Structured perception: the `room_info` out-of-band message of evennia-game (world-seed/PROTOCOL.md,
 * "Structured perception"), validated with zod into a typed `RoomInfo`. A session turns it on with
 * `MudSession.subscribeRoomInfo()`; `onRoomInfo(session, listener)` then hands each one over. Servers
 * without it still have the text fallback (`parseLook`).
 */
import { z } from 'zod';
import type { MudEvent } from '../events.ts';
import type { SessionEvent } from '../session/mud-session.ts';
import type { RoomPerception } from './room-perception.ts';

export const ROOM_INFO = 'room_info';

const Dbref = z.string().regex(/^#\d+$/);

export const RoomInfoSchema = z.object({
  dbref: Dbref,
  seedId: z.string().nullable(),
  key: z.string(),
  area: z.string().nullable(),
  desc: z.string(),
  exits: z.array(
    z.object({
      key: z.string(),
      aliases: z.array(z.string()),
      /** Null only for a broken exit that leads nowhere. */
      destination: z.object({ dbref: Dbref, seedId: z.string().nullable(), key: z.string() }).nullable(),
    }),
  ),
  /** Everyone else in the room (the viewer is left out); `agent`: driven by an AI agent. */
  characters: z.array(z.object({ key: z.string(), dbref: Dbref, agent: z.boolean() })),
  things: z.array(
    z.object({ key: z.string(), dbref: Dbref, seedId: z.string().nullable(), typeclass: z.string() }),
  ),
  /** Keys of every command the character may use here, sorted. */
  commands: z.array(z.string()),
});

export type RoomInfo = z.infer<typeof RoomInfoSchema>;

/**
 * The `RoomInfo` an event carries; undefined for any other event and for a `room_info` outside the
 * protocol (use `RoomInfoSchema.safeParse(event.kwargs)` to see why).
 */
export function parseRoomInfo(event: MudEvent | SessionEvent): RoomInfo | undefined {
  if (event.kind !== 'oob' || event.name !== ROOM_INFO) return undefined;
  const parsed = RoomInfoSchema.safeParse(event.kwargs);
  return parsed.success ? parsed.data : undefined;
}

/** Calls `listener` with every valid `room_info` a session (or transport) emits; returns the unsubscribe. */
export function onRoomInfo(
  source: { onEvent(listener: (event: SessionEvent) => void): () => void },
  listener: (room: RoomInfo) => void,
): () => void {
  return source.onEvent(event => {
    const room = parseRoomInfo(event);
    if (room) listener(room);
  });
}

/** The same room in the shape the text parser gives, for code that handles both. */
export function roomInfoToPerception(room: RoomInfo): RoomPerception {
  return {
    name: room.key,
    dbref: room.dbref,
    description: room.desc,
    exits: room.exits.map(exit => exit.key),
    characters: room.characters.map(character => character.key),
    things: room.things.map(thing => thing.key),
    source: 'oob',
  };
}
