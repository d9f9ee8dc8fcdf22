/** The three kinds of world objects and what Evennia (and evennia-game) gives each by default. */

export type SeedKind = 'room' | 'exit' | 'thing';

/** A tag as the protocol carries it: `[key, category | null]`. */
export type TagPair = readonly [string, string | null];

/** The typeclass `world_apply` creates when an operation names none (PROTOCOL.md, "Defaults on create"). */
export const DEFAULT_TYPECLASS: Record<SeedKind, string> = {
  room: 'typeclasses.rooms.Room',
  exit: 'typeclasses.exits.Exit',
  thing: 'typeclasses.objects.Object',
};

const BASE_LOCKS: Record<string, string> = {
  control: 'perm(Developer)',
  examine: 'perm(Builder)',
  view: 'all()',
  edit: 'perm(Admin)',
  delete: 'perm(Admin)',
  get: 'all()',
  drop: 'holds()',
  call: 'true()',
  tell: 'perm(Admin)',
  puppet: 'pperm(Developer)',
  teleport: 'true()',
  teleport_here: 'true()',
};

/**
 * The locks Evennia 5.0.1's `basetype_setup` gives each kind. Export leaves these out (they are what the
 * object would get anyway); every other lock is written to the file.
 */
export const EVENNIA_DEFAULT_LOCKS: Record<SeedKind, Record<string, string>> = {
  thing: BASE_LOCKS,
  room: { ...BASE_LOCKS, get: 'false()', puppet: 'false()', teleport: 'false()', teleport_here: 'true()' },
  exit: {
    ...BASE_LOCKS,
    puppet: 'false()',
    traverse: 'all()',
    get: 'false()',
    teleport: 'false()',
    teleport_here: 'false()',
  },
};

/** A lock definition as compared: without a leading `type:` and with single spaces. */
export function normalizeLock(type: string, definition: string): string {
  let text = definition.trim();
  if (text.startsWith(`${type}:`)) text = text.slice(type.length + 1).trim();
  return text.replace(/\s+/g, ' ');
}

/** Tags sorted and without duplicates, so that two lists compare by content. */
export function sortTags(tags: readonly TagPair[]): TagPair[] {
  const unique = new Map<string, TagPair>();
  for (const tag of tags) unique.set(JSON.stringify(tag), tag);
  return [...unique.values()].sort(compareTags);
}

function compareTags(left: TagPair, right: TagPair): number {
  return left[0] === right[0] ? (left[1] ?? '').localeCompare(right[1] ?? '') : left[0] < right[0] ? -1 : 1;
}
