/**
 * The shape of a Nostr event as NIP-01 defines it (https://github.com/nostr-protocol/nips/blob/master/01.md),
 * checked with zod before any field is used. The signature itself is checked by `verifyEvent` in
 * incoming-event.ts; this schema only guarantees the types and sizes.
 */
import { z } from 'zod';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters');
const hex128 = z.string().regex(/^[0-9a-f]{128}$/, 'expected 128 lowercase hex characters');

/** A public key or event id. */
export const HexId = hex64;

export const NostrTagSchema = z.array(z.string().max(10_000)).min(1).max(100);

export const NostrEventSchema = z.object({
  id: hex64,
  pubkey: hex64,
  created_at: z.number().int().nonnegative(),
  kind: z.number().int().min(0).max(65535),
  tags: z.array(NostrTagSchema).max(2000),
  content: z.string().max(256_000),
  sig: hex128,
});
export type NostrEventShape = z.infer<typeof NostrEventSchema>;

/** A NIP-59 rumor: an unsigned event with an id (the kind-14 message inside a seal). */
export const RumorSchema = NostrEventSchema.omit({ sig: true });
export type Rumor = z.infer<typeof RumorSchema>;

/** The first value of the first tag named `name`, if any. */
export function tagValue(tags: readonly (readonly string[])[], name: string): string | undefined {
  return tags.find(tag => tag[0] === name)?.[1];
}

/** Every value of the tags named `name`. */
export function tagValues(tags: readonly (readonly string[])[], name: string): string[] {
  return tags.filter(tag => tag[0] === name && tag[1] !== undefined).map(tag => tag[1] as string);
}
