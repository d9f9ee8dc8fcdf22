/**
 * The planner: the desired world (from the file) and a live snapshot → what apply would create, update,
 * leave alone or prune, what drifted, and the `world_apply` operations that make the live world match.
 * Pure: no I/O.
 *
 * Matching: an entry with `dbref` is the live object with that dbref; any other entry is the live object
 * carrying its id as seed tag. A live object carrying a seed tag that no entry claims is a prune candidate.
 *
 * Per field the file manages (see world-file-schema.ts), a differing live value is classified with the
 * record apply left on the object (applied-record.ts):
 * - `file`  (update): the file changed since the last apply (or there is no record);
 * - `live`  (drift):  the file still says what apply last set, so the live world was changed in the game;
 * - `both`  (update and drift): both changed.
 * Apply makes the live world match the file in every case.
 */
import { decodeRecord, encodeRecord, fieldHash } from './applied-record.ts';
import { sameJson } from './canonical-json.ts';
import type { DesiredObject, DesiredWorld } from './desired-world.ts';
import { WorldSeedError } from './errors.ts';
import type { LiveObject } from './live-world.ts';
import type {
  CreateOperation,
  DeleteOperation,
  Operation,
  Ref,
  UpdateOperation,
  UpdateSet,
} from './operations.ts';
import { normalizeLock, type SeedKind, sortTags, type TagPair } from './seed-kinds.ts';
import { APPLIED_RECORD_ATTRIBUTE } from './world-file-schema.ts';

export type ChangeCause = 'file' | 'live' | 'both';

export interface FieldChange {
  /** `key`, `desc`, `location`, `locks.get`, `attributes.teaching`, ... */
  field: string;
  /** The live value (ids for places: the file id of the object, or its dbref when the file has none). */
  live: unknown;
  /** The value the file asks for. */
  file: unknown;
  cause: ChangeCause;
}

export interface ObjectChange {
  id: string;
  kind: SeedKind;
  dbref: string;
  fields: FieldChange[];
}

export interface PruneCandidate {
  id: string;
  kind: SeedKind;
  dbref: string;
  key: string;
}

export interface Plan {
  /** Ids of entries apply would create. */
  create: string[];
  /** Ids of entries whose file values changed against the live world. */
  update: string[];
  /** Ids of seeded (or bound) objects changed in the game since apply last set them. */
  drift: string[];
  /** Entries that match the live world. */
  unchanged: number;
  /** Seeded objects no entry claims: apply deletes them with --prune only. */
  prune: PruneCandidate[];
  /** Live objects that are neither seeded nor bound by the file. */
  unmanaged: number;
  /** Field by field, for every updated or drifted object. */
  changes: ObjectChange[];
  /** What `world_apply` runs (deletes only when planned with `prune`). */
  operations: Operation[];
  /** The id of the entry (or prune candidate) each operation is about, index by index. */
  subjects: string[];
}

export interface PlanOptions {
  /** Add delete operations for the prune candidates. */
  prune?: boolean;
}

const KIND_ORDER: Record<SeedKind, number> = { exit: 0, thing: 1, room: 2 };

export function planWorld(
  desired: DesiredWorld,
  live: readonly LiveObject[],
  options: PlanOptions = {},
): Plan {
  const liveByDbref = new Map(live.map(object => [object.dbref, object]));
  const liveBySeed = new Map<string, LiveObject>();
  for (const object of live) {
    if (object.seedId === null) continue;
    const other = liveBySeed.get(object.seedId);
    if (other) {
      throw new WorldSeedError(
        'WORLD_ERR_LIVE_CONFLICT',
        `seed id "${object.seedId}" is on two live objects, ${other.dbref} and ${object.dbref}: delete one of them in the game`,
        { details: { seedId: object.seedId, dbrefs: [other.dbref, object.dbref] } },
      );
    }
    liveBySeed.set(object.seedId, object);
  }

  // Entry id ↔ live object.
  const matched = new Map<string, LiveObject>();
  const idOfDbref = new Map<string, string>();
  for (const object of desired.objects) {
    const match = object.dbref ? liveByDbref.get(object.dbref) : liveBySeed.get(object.id);
    if (!match) {
      if (object.dbref) {
        throw new WorldSeedError(
          'WORLD_ERR_LIVE_CONFLICT',
          `${desired.name}: "${object.id}" is bound to ${object.dbref}, which is not in the live world (or is a character or carried)`,
          { details: { id: object.id, dbref: object.dbref } },
        );
      }
      continue;
    }
    if (match.kind !== object.kind) {
      throw new WorldSeedError(
        'WORLD_ERR_LIVE_CONFLICT',
        `${desired.name}: "${object.id}" is a ${object.kind} in the file but the live ${match.dbref} is a ${match.kind}`,
        {
          details: { id: object.id, dbref: match.dbref },
          fix: 'give the entry a new id, or delete the live object',
        },
      );
    }
    matched.set(object.id, match);
    idOfDbref.set(match.dbref, object.id);
  }

  const refTo = (id: string): Ref => {
    const target = matched.get(id);
    return target ? { dbref: target.dbref } : { seed: id };
  };
  const liveId = (dbref: string | null): string | null =>
    dbref === null ? null : (idOfDbref.get(dbref) ?? dbref);

  const plan: Plan = {
    create: [],
    update: [],
    drift: [],
    unchanged: 0,
    prune: [],
    unmanaged: 0,
    changes: [],
    operations: [],
    subjects: [],
  };
  const creates: CreateOperation[] = [];
  const updates: UpdateOperation[] = [];
  const updated: string[] = [];

  for (const object of desired.objects) {
    const fields = managedFields(object);
    const match = matched.get(object.id);
    if (!match) {
      plan.create.push(object.id);
      creates.push(createOperation(object, fields, refTo));
      continue;
    }
    const record = decodeRecord(match.attributes[APPLIED_RECORD_ATTRIBUTE]);
    const changes: FieldChange[] = [];
    for (const [field, fileValue] of fields) {
      const liveValue = liveFieldValue(match, field, liveId);
      if (sameJson(liveValue, fileValue)) continue;
      changes.push({
        field,
        live: liveValue,
        file: fileValue,
        cause: classify(record?.get(field), fileValue, liveValue),
      });
    }
    if (changes.length === 0) {
      plan.unchanged++;
      continue;
    }
    if (changes.some(change => change.cause !== 'live')) plan.update.push(object.id);
    if (changes.some(change => change.cause !== 'file')) plan.drift.push(object.id);
    plan.changes.push({ id: object.id, kind: object.kind, dbref: match.dbref, fields: changes });
    updates.push(updateOperation(object, match, changes, fields, refTo));
    updated.push(object.id);
  }

  const claimed = new Set([...matched.values()].map(object => object.dbref));
  for (const object of live) {
    if (claimed.has(object.dbref)) continue;
    if (object.seedId === null) plan.unmanaged++;
    else plan.prune.push({ id: object.seedId, kind: object.kind, dbref: object.dbref, key: object.key });
  }
  // Exits first, then things, then rooms: deleting a room takes its exits with it.
  plan.prune.sort((left, right) => KIND_ORDER[left.kind] - KIND_ORDER[right.kind]);
  const deletes: DeleteOperation[] = options.prune
    ? plan.prune.map(candidate => ({ op: 'delete', target: { dbref: candidate.dbref } }))
    : [];
  plan.operations = [...creates, ...updates, ...deletes];
  plan.subjects = [
    ...plan.create,
    ...updated,
    ...(options.prune ? plan.prune.map(candidate => candidate.id) : []),
  ];
  return plan;
}

/** Field name → the value the file asks for, for every field the entry manages. */
export function managedFields(object: DesiredObject): Map<string, unknown> {
  const fields = new Map<string, unknown>([
    ['key', object.key],
    ['typeclass', object.typeclass],
    ['area', object.area],
  ]);
  if (object.kind !== 'room') fields.set('location', object.location);
  if (object.kind === 'exit') fields.set('destination', object.destination);
  if (object.aliases !== undefined) fields.set('aliases', object.aliases);
  if (object.desc !== undefined) fields.set('desc', object.desc);
  if (object.tags !== undefined) fields.set('tags', object.tags);
  for (const [type, definition] of Object.entries(object.locks)) fields.set(`locks.${type}`, definition);
  for (const [name, value] of Object.entries(object.attributes)) fields.set(`attributes.${name}`, value);
  return fields;
}

/** The live value of one field, in the form the file states it. */
function liveFieldValue(
  object: LiveObject,
  field: string,
  liveId: (dbref: string | null) => string | null,
): unknown {
  switch (field) {
    case 'key':
      return object.key;
    case 'typeclass':
      return object.typeclass;
    case 'area':
      return object.area;
    case 'location':
      return liveId(object.location);
    case 'destination':
      return liveId(object.destination);
    case 'aliases':
      return [...object.aliases].sort();
    case 'desc':
      return object.desc;
    case 'tags':
      return managedTags(object.tags);
  }
  if (field.startsWith('locks.')) {
    const type = field.slice('locks.'.length);
    const definition = object.locks[type];
    return definition === undefined ? null : normalizeLock(type, definition);
  }
  const name = field.slice('attributes.'.length);
  return object.attributes[name] ?? null;
}

/** The tags the file manages: every tag outside the `timmy_*` categories, sorted. */
export function managedTags(tags: readonly TagPair[]): TagPair[] {
  return sortTags(tags.filter(([, category]) => !category?.startsWith('timmy_')));
}

function classify(recorded: string | undefined, fileValue: unknown, liveValue: unknown): ChangeCause {
  if (recorded === undefined) return 'file';
  if (fieldHash(fileValue) === recorded) return 'live';
  if (fieldHash(liveValue) === recorded) return 'file';
  return 'both';
}

function createOperation(
  object: DesiredObject,
  fields: ReadonlyMap<string, unknown>,
  refTo: (id: string) => Ref,
): CreateOperation {
  const operation: CreateOperation = {
    op: 'create',
    kind: object.kind,
    seedId: object.id,
    key: object.key,
    typeclass: object.typeclass,
  };
  if (object.area !== null) operation.area = object.area;
  if (object.location !== null) operation.location = refTo(object.location);
  if (object.destination !== null) operation.destination = refTo(object.destination);
  if (object.aliases !== undefined && object.aliases.length > 0) operation.aliases = object.aliases;
  if (object.desc !== undefined) operation.desc = object.desc;
  if (Object.keys(object.locks).length > 0) operation.locks = object.locks;
  if (object.tags !== undefined && object.tags.length > 0) operation.tags = object.tags;
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(object.attributes)) if (value !== null) attributes[name] = value;
  attributes[APPLIED_RECORD_ATTRIBUTE] = encodeRecord(fields);
  operation.attributes = attributes;
  return operation;
}

function updateOperation(
  object: DesiredObject,
  match: LiveObject,
  changes: readonly FieldChange[],
  fields: ReadonlyMap<string, unknown>,
  refTo: (id: string) => Ref,
): UpdateOperation {
  const set: UpdateSet = {};
  const locks: Record<string, string> = {};
  const attributes: Record<string, unknown> = {};
  for (const { field } of changes) {
    if (field === 'key') set.key = object.key;
    else if (field === 'typeclass') set.typeclass = object.typeclass;
    else if (field === 'area') set.area = object.area;
    else if (field === 'location') set.location = object.location === null ? null : refTo(object.location);
    else if (field === 'destination')
      set.destination = object.destination === null ? null : refTo(object.destination);
    else if (field === 'aliases') set.aliases = object.aliases ?? [];
    else if (field === 'desc') set.desc = object.desc ?? '';
    else if (field === 'tags') set.tags = object.tags ?? [];
    else if (field.startsWith('locks.')) {
      const type = field.slice('locks.'.length);
      locks[type] = object.locks[type] ?? '';
    } else {
      const name = field.slice('attributes.'.length);
      attributes[name] = object.attributes[name] ?? null;
    }
  }
  if (Object.keys(locks).length > 0) set.locks = locks;
  attributes[APPLIED_RECORD_ATTRIBUTE] = encodeRecord(fields);
  set.attributes = attributes;
  return { op: 'update', target: { dbref: match.dbref }, set };
}
