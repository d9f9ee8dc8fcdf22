/**
 * Export: a live snapshot → a world file in the same format, such that planning that file against the
 * same live world shows no change. Seeded objects keep their seed ids; objects a builder made by hand
 * are bound by dbref under an id made from their name. Pure: no I/O.
 *
 * Left out of each entry is what the file would not manage anyway: empty aliases, descriptions, tags and
 * attributes, the default typeclass of the kind, and the locks Evennia gives every object of the kind.
 * Objects that cannot be placed in the format (an exit in a thing, an exit leading to no room) are
 * skipped with a warning.
 */
import { defaultExitId } from './desired-world.ts';
import { dbrefNumber, type LiveObject } from './live-world.ts';
import { managedTags } from './planner.ts';
import { DEFAULT_TYPECLASS, EVENNIA_DEFAULT_LOCKS, normalizeLock } from './seed-kinds.ts';
import {
  APPLIED_RECORD_ATTRIBUTE,
  type AreaEntry,
  EXIT_ID_PATTERN,
  type ExitEntry,
  type RoomEntry,
  SEED_ID_PATTERN,
  type TagEntry,
  type ThingEntry,
  type WorldFile,
} from './world-file-schema.ts';

export interface ExportResult {
  world: WorldFile;
  /** One line per live object that was left out, saying why. */
  warnings: string[];
}

interface Common {
  id: string;
  dbref?: string;
  area?: string | null;
  key: string;
  aliases?: string[];
  typeclass?: string;
  desc?: string;
  locks?: Record<string, string>;
  tags?: TagEntry[];
  attributes?: Record<string, unknown>;
}

export function exportWorld(snapshot: readonly LiveObject[]): ExportResult {
  const warnings: string[] = [];
  const objects = [...snapshot].sort((left, right) => dbrefNumber(left.dbref) - dbrefNumber(right.dbref));
  const byDbref = new Map(objects.map(object => [object.dbref, object]));
  const taken = new Set<string>();

  // Seeded objects keep their ids; rooms and things made by hand get one from their name.
  const ids = new Map<string, string>();
  for (const object of objects) {
    if (object.seedId === null) continue;
    const pattern = object.kind === 'exit' ? EXIT_ID_PATTERN : SEED_ID_PATTERN;
    if (!pattern.test(object.seedId)) {
      warnings.push(
        `${describe(object)}: its seed id "${object.seedId}" is not a valid id; exported by dbref`,
      );
      continue;
    }
    ids.set(object.dbref, object.seedId);
    taken.add(object.seedId);
  }
  for (const object of objects) {
    if (ids.has(object.dbref) || object.kind === 'exit') continue;
    const base = slug(object.key) || object.kind;
    const id = taken.has(base) ? `${base}-${dbrefNumber(object.dbref)}` : base;
    ids.set(object.dbref, id);
    taken.add(id);
  }
  const idOf = (object: LiveObject) => ids.get(object.dbref) ?? object.dbref;

  const roomEntries = new Map<string, RoomEntry>();
  const thingEntries = new Map<string, ThingEntry>();
  const roomArea = new Map<string, string | null>();
  const topRooms: RoomEntry[] = [];
  const areas = new Map<string, AreaEntry>();
  for (const object of objects.filter(candidate => candidate.kind === 'room')) {
    const entry: RoomEntry = entryOf(object, idOf(object), object.area);
    roomEntries.set(object.dbref, entry);
    roomArea.set(object.dbref, object.area);
    if (object.area === null) topRooms.push(entry);
    else {
      const area = areas.get(object.area) ?? { id: object.area, rooms: [] };
      area.rooms.push(entry);
      areas.set(object.area, area);
    }
  }

  // Things, containers before contents: place each once its container is placed.
  const topThings: ThingEntry[] = [];
  const thingArea = new Map<string, string | null>();
  let pending = objects.filter(candidate => candidate.kind === 'thing');
  while (pending.length > 0) {
    const next: LiveObject[] = [];
    for (const object of pending) {
      const container = object.location === null ? undefined : byDbref.get(object.location);
      if (object.location !== null && container?.kind === 'thing' && !thingEntries.has(container.dbref)) {
        next.push(object);
        continue;
      }
      const inherited =
        container === undefined
          ? null
          : container.kind === 'room'
            ? (roomArea.get(container.dbref) ?? null)
            : (thingArea.get(container.dbref) ?? null);
      const entry: ThingEntry = entryOf(object, idOf(object), inherited);
      if (object.location === null) topThings.push(entry);
      else if (container?.kind === 'room') addThing(roomEntries.get(container.dbref), entry);
      else if (container?.kind === 'thing') addThing(thingEntries.get(container.dbref), entry);
      else {
        warnings.push(
          `${describe(object)}: it is in ${object.location}, which is no room or thing of the world`,
        );
        continue;
      }
      thingEntries.set(object.dbref, entry);
      thingArea.set(object.dbref, object.area);
    }
    if (next.length === pending.length) {
      for (const object of next) warnings.push(`${describe(object)}: its containers form a loop`);
      break;
    }
    pending = next;
  }

  for (const object of objects.filter(candidate => candidate.kind === 'exit')) {
    const room = object.location === null ? undefined : roomEntries.get(object.location);
    const destination = object.destination === null ? undefined : byDbref.get(object.destination);
    if (!room || object.location === null) {
      warnings.push(`${describe(object)}: it is not in a room`);
      continue;
    }
    if (destination?.kind !== 'room') {
      warnings.push(`${describe(object)}: it leads to ${object.destination ?? 'nowhere'}, which is no room`);
      continue;
    }
    const from = idOf(byDbref.get(object.location) as LiveObject);
    const to = idOf(destination);
    const fallback = defaultExitId(from, to);
    let id = ids.get(object.dbref);
    if (id === undefined) {
      id = taken.has(fallback) ? `${fallback}-${dbrefNumber(object.dbref)}` : fallback;
      taken.add(id);
    }
    const { id: _id, key, ...fields } = entryOf(object, id, roomArea.get(object.location) ?? null);
    const entry: ExitEntry = id === fallback ? { key, to, ...fields } : { id, key, to, ...fields };
    addExit(room, entry);
  }

  const world: WorldFile = { version: 1 };
  if (topRooms.length > 0) world.rooms = topRooms;
  if (areas.size > 0) world.areas = [...areas.values()];
  if (topThings.length > 0) world.things = topThings;
  return { world, warnings };
}

/** The fields of one entry, leaving out what the file would not manage anyway. */
function entryOf(object: LiveObject, id: string, inheritedArea: string | null): Common {
  const entry: Common = { id, key: object.key };
  if (object.seedId === null || id !== object.seedId) entry.dbref = object.dbref;
  if (object.area !== inheritedArea) entry.area = object.area;
  if (object.aliases.length > 0) entry.aliases = [...object.aliases].sort();
  if (object.typeclass !== DEFAULT_TYPECLASS[object.kind]) entry.typeclass = object.typeclass;
  if (object.desc !== '') entry.desc = object.desc;
  const defaults = EVENNIA_DEFAULT_LOCKS[object.kind];
  const locks: Record<string, string> = {};
  for (const [type, definition] of Object.entries(object.locks).sort(([left], [right]) =>
    left.localeCompare(right),
  )) {
    const normalized = normalizeLock(type, definition);
    if (defaults[type] !== normalized) locks[type] = normalized;
  }
  if (Object.keys(locks).length > 0) entry.locks = locks;
  const tags = managedTags(object.tags).map(
    ([key, category]): TagEntry => (category === null ? key : { key, category }),
  );
  if (tags.length > 0) entry.tags = tags;
  const attributes = Object.fromEntries(
    Object.entries(object.attributes)
      .filter(([name]) => name !== APPLIED_RECORD_ATTRIBUTE)
      .sort(([left], [right]) => left.localeCompare(right)),
  );
  if (Object.keys(attributes).length > 0) entry.attributes = attributes;
  return entry;
}

function addThing(parent: RoomEntry | ThingEntry | undefined, entry: ThingEntry): void {
  if (!parent) return;
  parent.things ??= [];
  parent.things.push(entry);
}

function addExit(room: RoomEntry, entry: ExitEntry): void {
  room.exits ??= [];
  room.exits.push(entry);
}

/** `the-fraternity-hall` from "The Fraternity Hall". */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function describe(object: LiveObject): string {
  return `${object.kind} ${object.dbref} "${object.key}" left out`;
}
