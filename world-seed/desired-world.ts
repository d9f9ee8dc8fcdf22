/**
 * A validated world file flattened into the objects it describes, each with its place, its defaults filled
 * in and its references checked: the "desired" side of a plan. Errors name the file, the line and the path.
 */
import { WorldSeedError } from './errors.ts';
import { DEFAULT_TYPECLASS, normalizeLock, type SeedKind, sortTags, type TagPair } from './seed-kinds.ts';
import { type DocumentPath, formatPath, type WorldDocument } from './world-file.ts';
import type { ExitEntry, RoomEntry, TagEntry, ThingEntry } from './world-file-schema.ts';

export interface DesiredObject {
  id: string;
  kind: SeedKind;
  /** Set when the entry binds an existing object instead of creating (and tagging) one. */
  dbref: string | undefined;
  key: string;
  typeclass: string;
  area: string | null;
  /** The id of the room or thing it is in; null for rooms and location-less things. */
  location: string | null;
  /** The id of the room an exit leads to; null for rooms and things. */
  destination: string | null;
  /** Sorted. Undefined: not stated, so not managed. */
  aliases: string[] | undefined;
  desc: string | undefined;
  tags: TagPair[] | undefined;
  /** Lock type → normalised definition (only the types stated). */
  locks: Record<string, string>;
  /** Attribute name → value (only the names stated; null = must not exist). */
  attributes: Record<string, unknown>;
  /** Where the entry is in the world file. */
  at: DocumentPath;
}

export interface DesiredWorld {
  name: string;
  /** Rooms first, then things (containers before contents), then exits: a valid creation order. */
  objects: DesiredObject[];
  byId: ReadonlyMap<string, DesiredObject>;
}

type Entry = RoomEntry | ThingEntry | ExitEntry;

export function desiredWorld(document: WorldDocument): DesiredWorld {
  const rooms: DesiredObject[] = [];
  const things: DesiredObject[] = [];
  const exits: DesiredObject[] = [];
  const exitTargets: { exit: DesiredObject; to: string }[] = [];

  const build = (
    entry: Entry,
    id: string,
    kind: SeedKind,
    area: string | null,
    location: string | null,
    at: DocumentPath,
  ): DesiredObject => ({
    id,
    kind,
    dbref: entry.dbref,
    key: entry.key,
    typeclass: entry.typeclass ?? DEFAULT_TYPECLASS[kind],
    area: entry.area === undefined ? area : entry.area,
    location,
    destination: null,
    // Evennia stores aliases and tags in lower case.
    aliases:
      entry.aliases === undefined
        ? undefined
        : [...new Set(entry.aliases.map(alias => alias.toLowerCase()))].sort(),
    desc: entry.desc,
    tags: entry.tags === undefined ? undefined : sortTags(entry.tags.map(tagPair)),
    locks: Object.fromEntries(
      Object.entries(entry.locks ?? {}).map(([type, definition]) => [type, normalizeLock(type, definition)]),
    ),
    attributes: { ...(entry.attributes ?? {}) },
    at,
  });

  const addThings = (
    list: readonly ThingEntry[] | undefined,
    area: string | null,
    location: string | null,
    at: DocumentPath,
  ) => {
    list?.forEach((thing, index) => {
      const thingAt = [...at, index];
      const desired = build(thing, thing.id, 'thing', area, location, thingAt);
      things.push(desired);
      addThings(thing.things, desired.area, thing.id, [...thingAt, 'things']);
    });
  };

  // Exits and things inherit the area of the room or thing they are in.
  const addRoom = (room: RoomEntry, area: string | null, at: DocumentPath) => {
    const desiredRoom = build(room, room.id, 'room', area, null, at);
    rooms.push(desiredRoom);
    room.exits?.forEach((exit, index) => {
      const exitAt = [...at, 'exits', index];
      const id = exit.id ?? defaultExitId(room.id, exit.to);
      const desired = build(exit, id, 'exit', desiredRoom.area, room.id, exitAt);
      desired.destination = exit.to;
      exits.push(desired);
      exitTargets.push({ exit: desired, to: exit.to });
    });
    addThings(room.things, desiredRoom.area, room.id, [...at, 'things']);
  };

  const { world } = document;
  for (const [index, room] of (world.rooms ?? []).entries()) addRoom(room, null, ['rooms', index]);
  for (const [areaIndex, area] of (world.areas ?? []).entries()) {
    for (const [index, room] of area.rooms.entries())
      addRoom(room, area.id, ['areas', areaIndex, 'rooms', index]);
  }
  addThings(world.things, null, null, ['things']);

  const objects = [...rooms, ...things, ...exits];
  const byId = new Map<string, DesiredObject>();
  const byDbref = new Map<string, DesiredObject>();
  const areaIds = new Map<string, number>();
  world.areas?.forEach((area, index) => {
    const first = areaIds.get(area.id);
    if (first !== undefined) {
      throw new WorldSeedError(
        'WORLD_ERR_DUPLICATE_ID',
        `${document.where(['areas', index, 'id'])}: areas[${index}].id: duplicate area id "${area.id}" (also areas[${first}])`,
        { details: { file: document.name, id: area.id } },
      );
    }
    areaIds.set(area.id, index);
  });
  for (const object of objects) {
    const first = byId.get(object.id);
    if (first) {
      const idAt =
        object.kind === 'exit' && !('id' in entryAt(document, object.at)) ? object.at : [...object.at, 'id'];
      throw new WorldSeedError(
        'WORLD_ERR_DUPLICATE_ID',
        `${document.where(idAt)}: ${formatPath(idAt)}: duplicate id "${object.id}" (first used at ${document.where(first.at)}, ${formatPath(first.at)})` +
          (object.kind === 'exit' ? '; give one of the exits its own id' : ''),
        { details: { file: document.name, id: object.id, path: idAt } },
      );
    }
    byId.set(object.id, object);
    if (object.dbref) {
      const bound = byDbref.get(object.dbref);
      if (bound) {
        const dbrefAt = [...object.at, 'dbref'];
        throw new WorldSeedError(
          'WORLD_ERR_DUPLICATE_ID',
          `${document.where(dbrefAt)}: ${formatPath(dbrefAt)}: ${object.dbref} is already bound to "${bound.id}"`,
          { details: { file: document.name, dbref: object.dbref } },
        );
      }
      byDbref.set(object.dbref, object);
    }
  }
  for (const { exit, to } of exitTargets) {
    const target = byId.get(to);
    if (target?.kind === 'room') continue;
    const toAt = [...exit.at, 'to'];
    const what = target ? `a ${target.kind}, not a room` : 'no room in this file';
    throw new WorldSeedError(
      'WORLD_ERR_BAD_REFERENCE',
      `${document.where(toAt)}: ${formatPath(toAt)}: exit "${exit.key}" of room "${exit.location}" leads to "${to}", which is ${what}`,
      { details: { file: document.name, exit: exit.id, to } },
    );
  }
  return { name: document.name, objects, byId };
}

/** The id an exit gets when it states none. */
export function defaultExitId(from: string, to: string): string {
  return `${from}/${to}`;
}

function tagPair(tag: TagEntry): TagPair {
  return typeof tag === 'string'
    ? [tag.toLowerCase(), null]
    : [tag.key.toLowerCase(), tag.category?.toLowerCase() ?? null];
}

/** The raw entry object at a path (to tell whether an exit stated its id). */
function entryAt(document: WorldDocument, at: DocumentPath): object {
  let node: unknown = document.world;
  for (const part of at) node = (node as Record<string | number, unknown> | undefined)?.[part];
  return typeof node === 'object' && node !== null ? node : {};
}
