/**
 * The live world as the server reports it (`world_snapshot`, PROTOCOL.md), validated with zod: a reply
 * outside the protocol is an error, never half-read.
 */
import { z } from 'zod';
import { WorldSeedError } from './errors.ts';

const Dbref = z.string().regex(/^#\d+$/);

export const LiveObjectSchema = z.object({
  dbref: Dbref,
  seedId: z.string().nullable(),
  area: z.string().nullable(),
  kind: z.enum(['room', 'exit', 'thing']),
  key: z.string(),
  aliases: z.array(z.string()),
  typeclass: z.string(),
  location: Dbref.nullable(),
  destination: Dbref.nullable(),
  desc: z.string(),
  locks: z.record(z.string(), z.string()),
  tags: z.array(z.tuple([z.string(), z.string().nullable()])),
  attributes: z.record(z.string(), z.json()),
});

export type LiveObject = z.infer<typeof LiveObjectSchema>;

const SnapshotReply = z.object({ objects: z.array(LiveObjectSchema) });

/** Parses the kwargs of a `world_snapshot` reply. */
export function parseSnapshot(kwargs: unknown): LiveObject[] {
  const parsed = SnapshotReply.safeParse(kwargs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorldSeedError(
      'WORLD_ERR_SERVER',
      `the server's world_snapshot reply is outside the protocol: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
      { details: { issues: parsed.error.issues.slice(0, 5) } },
    );
  }
  return parsed.data.objects;
}

/** The dbref's number, for sorting in dbref order. */
export function dbrefNumber(dbref: string): number {
  return Number(dbref.slice(1));
}
