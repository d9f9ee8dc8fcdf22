/**
 * The Timmy world of world-seed/timmy-world.yaml as the `room_info` records a character would receive in
 * each room (dbrefs numbered in file order; `commands`: what a player without Builder had in the real
 * game, plus the room's exit keys), and a small simulation of walking, reading and speaking in it, for
 * the knowledge, GOAP and benchmark code. Not a game: it answers the way the captured Evennia did.
 */
import type { RoomInfo } from '../../../mud-client/index.ts';
import { DEFAULT_WORLD_FILE, readWorldFile } from '../../../world-seed/world-file.ts';
import type { RoomEntry } from '../../../world-seed/world-file-schema.ts';
import type { ToolObservation } from '../../tools/tool.ts';

/** The command keys a player (no Builder) had in Limbo in Evennia 5.0.1 with evennia-game, exits left out
 * (agents/tools/fixtures/evennia-outputs.json). */
export const PLAYER_COMMANDS = [
  'about',
  'access',
  'channel',
  'charcreate',
  'chardelete',
  'color',
  'drop',
  'get',
  'give',
  'help',
  'ic',
  'inventory',
  'look',
  'nick',
  'ooc',
  'option',
  'page',
  'password',
  'pose',
  'quell',
  'quit',
  'read',
  'request',
  'say',
  'sessions',
  'setdesc',
  'style',
  'time',
  'whisper',
  'who',
  'write',
];

export interface SeedCharacter {
  key: string;
  dbref: string;
  agent: boolean;
  /** Seed id of the room the character stands in. */
  room: string;
}

export interface SeedWorld {
  /** Room infos by seed id, without characters. */
  rooms: Map<string, RoomInfo>;
  dbrefOf(seedId: string): string;
}

export function seedWorld(file = DEFAULT_WORLD_FILE): SeedWorld {
  const world = readWorldFile(file).world;
  const entries: { room: RoomEntry; area: string | null }[] = [
    ...(world.rooms ?? []).map(room => ({ room, area: room.area ?? null })),
    ...(world.areas ?? []).flatMap(area => area.rooms.map(room => ({ room, area: room.area ?? area.id }))),
  ];
  const dbrefs = new Map<string, string>();
  let next = 100;
  for (const { room } of entries) dbrefs.set(room.id, room.dbref ?? `#${next++}`);
  const dbrefOf = (seedId: string) => {
    const dbref = dbrefs.get(seedId);
    if (!dbref) throw new Error(`no room ${seedId} in ${file}`);
    return dbref;
  };
  const rooms = new Map<string, RoomInfo>();
  for (const { room, area } of entries) {
    const exits = (room.exits ?? []).map(exit => {
      const target = entries.find(entry => entry.room.id === exit.to)?.room;
      return {
        key: exit.key,
        aliases: exit.aliases ?? [],
        destination: target ? { dbref: dbrefOf(target.id), seedId: target.id, key: target.key } : null,
      };
    });
    rooms.set(room.id, {
      dbref: dbrefOf(room.id),
      seedId: room.id,
      key: room.key,
      area,
      desc: room.desc ?? '',
      exits,
      characters: [],
      things: (room.things ?? []).map(thing => ({
        key: thing.key,
        dbref: `#${next++}`,
        seedId: thing.id,
        typeclass: thing.typeclass ?? 'typeclasses.objects.Object',
      })),
      commands: [...PLAYER_COMMANDS, ...exits.map(exit => exit.key)].sort(),
    });
  }
  return { rooms, dbrefOf };
}

/** One character walking the seed world: what the game would answer to each tool call. */
export class SimulatedWalk {
  readonly world: SeedWorld;
  here: string;
  readonly characters: SeedCharacter[];
  readonly log: string[] = [];

  constructor(world: SeedWorld, start: string, characters: SeedCharacter[] = []) {
    this.world = world;
    this.here = start;
    this.characters = characters;
  }

  room(): RoomInfo {
    const room = this.world.rooms.get(this.here);
    if (!room) throw new Error(`no room ${this.here}`);
    return {
      ...room,
      characters: this.characters
        .filter(character => character.room === this.here)
        .map(({ key, dbref, agent }) => ({ key, dbref, agent })),
    };
  }

  /** Carries out a checked tool call; returns the observation and the room afterwards. */
  act(tool: string, input: Record<string, unknown>): { observation: ToolObservation; room: RoomInfo } {
    const room = this.room();
    this.log.push(`${tool} ${JSON.stringify(input)}`);
    const text = (name: string) => String(input[name] ?? '');
    const failed = (message: string) => ({ observation: { ok: false, text: message }, room });
    switch (tool) {
      case 'go': {
        const wanted = text('exit').toLowerCase();
        const exit = room.exits.find(
          candidate => candidate.key === wanted || candidate.aliases.includes(wanted),
        );
        if (!exit?.destination?.seedId) return failed(`Command '${wanted}' is not available.`);
        this.here = exit.destination.seedId;
        const arrived = this.room();
        return { observation: { ok: true, text: `${arrived.key}\n${arrived.desc}` }, room: arrived };
      }
      case 'read': {
        const thing = room.things.find(candidate => candidate.key === text('thing'));
        if (!thing) return failed(`Could not find '${text('thing')}'.`);
        if (!thing.typeclass.endsWith('LessonStone'))
          return failed(`There is nothing to read on ${thing.key}.`);
        return { observation: { ok: true, text: `You read ${thing.key}:\n\nA teaching.` }, room };
      }
      case 'say':
        return { observation: { ok: true, text: `You say, "${text('text')}"` }, room };
      case 'write':
        return { observation: { ok: true, text: `You write a note titled ${text('title')}.` }, room };
      case 'page':
        return {
          observation: { ok: true, text: `You paged ${text('character')} with: '${text('text')}'.` },
          room,
        };
      case 'look':
        return { observation: { ok: true, text: `${room.key}\n${room.desc}` }, room };
      default:
        return { observation: { ok: true, text: `(${tool})` }, room };
    }
  }
}
