/** The operations of `world_apply` (PROTOCOL.md), as the planner builds them. */
import type { SeedKind, TagPair } from './seed-kinds.ts';

/** A seed created earlier in the same list, or an object that exists. */
export type Ref = { seed: string } | { dbref: string };

export interface CreateOperation {
  op: 'create';
  kind: SeedKind;
  seedId: string;
  key: string;
  aliases?: string[];
  typeclass?: string;
  area?: string;
  location?: Ref;
  destination?: Ref;
  desc?: string;
  locks?: Record<string, string>;
  tags?: TagPair[];
  attributes?: Record<string, unknown>;
}

export interface UpdateSet {
  key?: string;
  aliases?: string[];
  typeclass?: string;
  area?: string | null;
  location?: Ref | null;
  destination?: Ref | null;
  desc?: string;
  locks?: Record<string, string>;
  tags?: TagPair[];
  /** null deletes the attribute. */
  attributes?: Record<string, unknown>;
}

export interface UpdateOperation {
  op: 'update';
  target: Ref;
  set: UpdateSet;
}

export interface DeleteOperation {
  op: 'delete';
  target: Ref;
}

export type Operation = CreateOperation | UpdateOperation | DeleteOperation;
