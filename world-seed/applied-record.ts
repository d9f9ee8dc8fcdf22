/**
 * What world apply last set on an object, kept on the object itself as the attribute
 * `timmy_seed_applied`: a JSON string `{"v":1,"fields":{"desc":"<hash>",...}}` with a short hash of the
 * value of every field the file managed. It is what tells a change of the file (an update) from a change
 * made in the game (drift): a field whose live value still hashes to the record changed in the file; a
 * field whose file value hashes to the record changed in the game.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';

const RecordSchema = z.object({ v: z.literal(1), fields: z.record(z.string(), z.string()) });

/** A short, stable hash of a JSON value. */
export function fieldHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 12);
}

/** The attribute value recording `values` (field name → the value apply set). */
export function encodeRecord(values: ReadonlyMap<string, unknown>): string {
  const fields = Object.fromEntries([...values].map(([field, value]) => [field, fieldHash(value)]));
  return canonicalJson({ v: 1, fields });
}

/** Field name → hash, or undefined when the attribute is missing or not a record this code wrote. */
export function decodeRecord(value: unknown): ReadonlyMap<string, string> | undefined {
  if (typeof value !== 'string') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = RecordSchema.safeParse(json);
  return parsed.success ? new Map(Object.entries(parsed.data.fields)) : undefined;
}
