/**
 * For unit tests: `world_apply` run against an in-memory snapshot, with the server's semantics from
 * PROTOCOL.md (defaults by kind, Evennia's default locks, lower-cased aliases and tags, refs to seeds
 * created earlier in the list, deletes of seeded objects only). Returns a new snapshot.
 */
import type { LiveObject } from '../live-world.ts';
import type { Operation, Ref } from '../operations.ts';
import { DEFAULT_TYPECLASS, EVENNIA_DEFAULT_LOCKS } from '../seed-kinds.ts';

export function simulateApply(live: readonly LiveObject[], operations: readonly Operation[]): LiveObject[] {
  const objects = live.map(object => structuredClone(object));
  let next = Math.max(1, ...objects.map(object => Number(object.dbref.slice(1)))) + 1;
  const resolve = (ref: Ref): LiveObject => {
    const found = objects.find(object =>
      'seed' in ref ? object.seedId === ref.seed : object.dbref === ref.dbref,
    );
    if (!found) throw new Error(`unresolvable ${JSON.stringify(ref)}`);
    return found;
  };
  for (const operation of operations) {
    if (operation.op === 'create') {
      const attributes = Object.fromEntries(
        Object.entries(operation.attributes ?? {}).filter(([, value]) => value !== null),
      ) as LiveObject['attributes'];
      objects.push({
        dbref: `#${next++}`,
        seedId: operation.seedId,
        area: operation.area ?? null,
        kind: operation.kind,
        key: operation.key,
        aliases: (operation.aliases ?? []).map(alias => alias.toLowerCase()).sort(),
        typeclass: operation.typeclass ?? DEFAULT_TYPECLASS[operation.kind],
        location: operation.location ? resolve(operation.location).dbref : null,
        destination: operation.destination ? resolve(operation.destination).dbref : null,
        desc: operation.desc ?? '',
        locks: { ...EVENNIA_DEFAULT_LOCKS[operation.kind], ...operation.locks },
        tags: (operation.tags ?? []).map(([key, category]) => [
          key.toLowerCase(),
          category?.toLowerCase() ?? null,
        ]),
        attributes,
      });
    } else if (operation.op === 'update') {
      const object = resolve(operation.target);
      const { set } = operation;
      if (set.key !== undefined) object.key = set.key;
      if (set.aliases !== undefined) object.aliases = set.aliases.map(alias => alias.toLowerCase()).sort();
      if (set.typeclass !== undefined) object.typeclass = set.typeclass;
      if (set.area !== undefined) object.area = set.area;
      if (set.location !== undefined) object.location = set.location ? resolve(set.location).dbref : null;
      if (set.destination !== undefined)
        object.destination = set.destination ? resolve(set.destination).dbref : null;
      if (set.desc !== undefined) object.desc = set.desc;
      if (set.locks) Object.assign(object.locks, set.locks);
      if (set.tags !== undefined) {
        object.tags = [
          ...object.tags.filter(([, category]) => category?.startsWith('timmy_')),
          ...set.tags.map(([key, category]): [string, string | null] => [key, category]),
        ];
      }
      for (const [name, value] of Object.entries(set.attributes ?? {})) {
        if (value === null) delete object.attributes[name];
        else object.attributes[name] = value as LiveObject['attributes'][string];
      }
    } else {
      const object = resolve(operation.target);
      if (object.seedId === null) throw new Error(`refusing to delete unseeded ${object.dbref}`);
      objects.splice(objects.indexOf(object), 1);
    }
  }
  return objects;
}

/** A live object with everything defaulted, for hand-written snapshots. */
export function liveObject(
  fields: Partial<LiveObject> & Pick<LiveObject, 'dbref' | 'kind' | 'key'>,
): LiveObject {
  return {
    seedId: null,
    area: null,
    aliases: [],
    typeclass: DEFAULT_TYPECLASS[fields.kind],
    location: null,
    destination: null,
    desc: '',
    locks: { ...EVENNIA_DEFAULT_LOCKS[fields.kind] },
    tags: [],
    attributes: {},
    ...fields,
  };
}
