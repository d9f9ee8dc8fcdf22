/**
 * The world file format (version 1), as a zod schema. A world file is YAML:
 *
 *     version: 1
 *     rooms:                          # rooms outside any area (e.g. Evennia's Limbo, bound by dbref)
 *       - id: limbo
 *         dbref: "#2"
 *         key: Limbo
 *         desc: ...
 *         exits:
 *           - { key: north, aliases: [n], to: hall }
 *     areas:
 *       - id: hall                    # every room, exit and thing inside is tagged with this area
 *         rooms:
 *           - id: hall
 *             key: The Fraternity Hall
 *             desc: ...
 *             exits: [...]
 *             things:
 *               - id: hall.nostr-beacon
 *                 key: Nostr Beacon
 *                 typeclass: typeclasses.bridges.NostrBeacon
 *                 locks: { get: "false()" }
 *
 * `id` is the stable seed id stored on the object in Evennia (tag category `timmy_seed`), so keys can change
 * without breaking identity. An exit's id defaults to `<room id>/<destination id>`. An entry with `dbref`
 * binds an object that already exists (Limbo, a room a builder dug by hand) instead of creating one; it
 * is never tagged and never pruned.
 *
 * An entry's area is the area it stands in (rooms, their exits and things alike) unless it states `area`
 * (an id, or null for none).
 *
 * Ownership: `key`, `typeclass`, `area`, the place (nesting) and `to` always belong to the file; `aliases`, `desc`
 * and `tags` only when stated; `locks` and `attributes` for the types and names stated. An attribute
 * stated as `null` must not exist.
 */
import { z } from 'zod';

/** The attribute world apply keeps its record of what it last set in (see applied-record.ts). */
export const APPLIED_RECORD_ATTRIBUTE = 'timmy_seed_applied';

export const SEED_ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
export const EXIT_ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[.-][a-z0-9]+)*)?$/;

const SeedId = z
  .string()
  .regex(
    SEED_ID_PATTERN,
    'expected an id of lowercase letters, digits, dots and dashes, like "hall.library"',
  );

const ExitId = z
  .string()
  .regex(EXIT_ID_PATTERN, 'expected an id like "hall.library" or "<room id>/<destination id>"');

const Dbref = z.string().regex(/^#\d+$/, 'expected a dbref like "#2" (quote it: # starts a YAML comment)');

const Key = z.string().trim().min(1, 'expected a non-empty name');

const TypeclassPath = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/,
    'expected a dotted Python path like "typeclasses.rooms.Room"',
  );

const Aliases = z.array(Key);

const LockType = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a lock type like "get" or "traverse"');
const Locks = z.record(LockType, z.string().trim().min(1, 'expected a lock definition like "false()"'));

/** A tag: `key` (no category) or `{ key, category }`. Categories starting with `timmy_` are reserved. */
const Tag = z.union([
  Key,
  z.strictObject({
    key: Key,
    category: z
      .string()
      .min(1)
      .refine(category => !category.startsWith('timmy_'), 'tag categories starting with timmy_ are reserved')
      .nullable()
      .optional(),
  }),
]);

const JsonValue: z.ZodType<unknown> = z.json();

/** Why an attribute name cannot be in a world file, or undefined when it can. */
function attributeNameProblem(name: string): string | undefined {
  if (name.startsWith('_')) return 'attribute names starting with _ are not part of the world';
  if (name === 'desc') return 'use the desc field, not an attribute named desc';
  if (name === APPLIED_RECORD_ATTRIBUTE) return `${APPLIED_RECORD_ATTRIBUTE} is reserved for world apply`;
  return undefined;
}

const Attributes = z.record(z.string().min(1), JsonValue).superRefine((attributes, context) => {
  for (const name of Object.keys(attributes)) {
    const problem = attributeNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem, path: [name] });
  }
});

const common = {
  dbref: Dbref.optional(),
  /** Overrides the area inherited from where the entry stands (null: no area). */
  area: SeedId.nullable().optional(),
  key: Key,
  aliases: Aliases.optional(),
  typeclass: TypeclassPath.optional(),
  desc: z.string().optional(),
  locks: Locks.optional(),
  tags: z.array(Tag).optional(),
  attributes: Attributes.optional(),
};

export const ExitEntry = z.strictObject({
  id: ExitId.optional(),
  ...common,
  /** The id of the room this exit leads to. */
  to: SeedId,
});

export interface ThingEntry {
  id: string;
  dbref?: string | undefined;
  area?: string | null | undefined;
  key: string;
  aliases?: string[] | undefined;
  typeclass?: string | undefined;
  desc?: string | undefined;
  locks?: Record<string, string> | undefined;
  tags?: TagEntry[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  /** Things inside this one. */
  things?: ThingEntry[] | undefined;
}

export const ThingEntry: z.ZodType<ThingEntry> = z.lazy(() =>
  z.strictObject({ id: SeedId, ...common, things: z.array(ThingEntry).optional() }),
);

export const RoomEntry = z.strictObject({
  id: SeedId,
  ...common,
  exits: z.array(ExitEntry).optional(),
  things: z.array(ThingEntry).optional(),
});

export const AreaEntry = z.strictObject({
  /** The area's id: every room, exit and thing inside carries it (tag category `timmy_area`). */
  id: SeedId,
  rooms: z.array(RoomEntry),
});

export const WorldFileSchema = z.strictObject({
  version: z.literal(1, 'expected version: 1'),
  /** Rooms outside any area. */
  rooms: z.array(RoomEntry).optional(),
  areas: z.array(AreaEntry).optional(),
  /** Things with no location (rare: what a builder left nowhere). */
  things: z.array(ThingEntry).optional(),
});

export type TagEntry = z.infer<typeof Tag>;
export type ExitEntry = z.infer<typeof ExitEntry>;
export type RoomEntry = z.infer<typeof RoomEntry>;
export type AreaEntry = z.infer<typeof AreaEntry>;
export type WorldFile = z.infer<typeof WorldFileSchema>;
