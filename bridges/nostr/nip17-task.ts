/**
 * Tasks as NIP-17 private direct messages (https://github.com/nostr-protocol/nips/blob/master/17.md): a
 * kind-14 rumor (unsigned) sealed in a kind-13 event signed by the sender, gift-wrapped in a kind-1059
 * event signed by a one-off key (NIP-59), each layer NIP-44 encrypted. Unwrapping is done step by step
 * here, not with `nip17.unwrapEvent`, so every check is explicit and a rejection says which one failed:
 * wrap signature, seal kind and signature, rumor kind, rumor author = seal author, rumor id, the rumor
 * addressed to this agent, and finally the sender being one of the keys authorised for this agent.
 */
import * as nip17 from 'nostr-tools/nip17';
import { getConversationKey, decrypt as nip44Decrypt } from 'nostr-tools/nip44';
import { getEventHash } from 'nostr-tools/pure';
import type { NostrIdentity } from './agent-key.ts';
import { type DirectTask, MAX_TASK_TEXT, rejection, type UnwrapResult } from './direct-task.ts';
import { NostrEventSchema, type NostrEventShape, RumorSchema, tagValues } from './event-schema.ts';
import { checkIncomingEvent } from './incoming-event.ts';

export const GIFT_WRAP_KIND = 1059;
export const SEAL_KIND = 13;
export const PRIVATE_MESSAGE_KIND = 14;
/** NIP-59 randomises wrap and seal times up to two days into the past. */
export const GIFT_WRAP_BACKDATE_SECONDS = 2 * 86_400;

/** A task for `recipientPublicKey` from `sender`, as one gift wrap ready to publish. */
export function wrapTask(sender: NostrIdentity, recipientPublicKey: string, text: string): NostrEventShape {
  if (text.trim().length === 0 || text.length > MAX_TASK_TEXT) {
    throw new RangeError(`a task text must have 1 to ${MAX_TASK_TEXT} characters`);
  }
  return NostrEventSchema.parse(nip17.wrapEvent(sender.secretKey(), { publicKey: recipientPublicKey }, text));
}

export interface UnwrapOptions {
  /** Hex public keys whose tasks this agent accepts. */
  authorised: ReadonlySet<string>;
  /** Unix seconds now, and how old a rumor may be (default: no limit). */
  now?: number;
  maxAgeSeconds?: number;
}

/** Opens one gift wrap addressed to `recipient`; never throws. */
export function unwrapTask(raw: unknown, recipient: NostrIdentity, options: UnwrapOptions): UnwrapResult {
  const wrapCheck = checkIncomingEvent(raw, { kinds: [GIFT_WRAP_KIND] });
  if (!wrapCheck.ok) {
    return rejection(
      wrapCheck.reason === 'bad-signature' ? 'bad-signature' : 'malformed',
      `wrap: ${wrapCheck.detail}`,
    );
  }
  const wrap = wrapCheck.event;
  if (!tagValues(wrap.tags, 'p').includes(recipient.publicKey)) {
    return rejection('not-addressed-to-me', 'the wrap has no p tag for this agent');
  }
  const secret = recipient.secretKey();
  const sealJson = decryptJson(wrap.content, secret, wrap.pubkey);
  if (sealJson === undefined) return rejection('undecryptable', 'the wrap does not decrypt to JSON');
  const sealCheck = checkIncomingEvent(sealJson, { kinds: [SEAL_KIND] });
  if (!sealCheck.ok) {
    return rejection(
      sealCheck.reason === 'bad-signature' ? 'bad-signature' : 'malformed',
      `seal: ${sealCheck.detail}`,
    );
  }
  const seal = sealCheck.event;
  const rumorJson = decryptJson(seal.content, secret, seal.pubkey);
  if (rumorJson === undefined) return rejection('undecryptable', 'the seal does not decrypt to JSON');
  const rumorParsed = RumorSchema.safeParse(rumorJson);
  if (!rumorParsed.success) return rejection('malformed', 'the rumor is not an unsigned event');
  const rumor = rumorParsed.data;
  if (rumor.kind !== PRIVATE_MESSAGE_KIND)
    return rejection('malformed', `rumor kind ${rumor.kind}, expected 14`);
  if (rumor.pubkey !== seal.pubkey) {
    return rejection('author-mismatch', 'the rumor names another author than the seal signer');
  }
  if (getEventHash(rumor) !== rumor.id)
    return rejection('malformed', 'the rumor id does not match its content');
  if (!tagValues(rumor.tags, 'p').includes(recipient.publicKey)) {
    return rejection('not-addressed-to-me', 'the message is not addressed to this agent');
  }
  if (!options.authorised.has(seal.pubkey)) {
    return rejection('unauthorised', `sender ${seal.pubkey.slice(0, 12)} is not authorised for this agent`);
  }
  if (options.now !== undefined && options.maxAgeSeconds !== undefined) {
    if (rumor.created_at < options.now - options.maxAgeSeconds) {
      return rejection('too-old', `written at ${rumor.created_at}`);
    }
  }
  const text = rumor.content.trim();
  if (text.length === 0 || text.length > MAX_TASK_TEXT) return rejection('empty', 'no usable task text');
  const task: DirectTask = {
    from: seal.pubkey,
    text,
    at: new Date(rumor.created_at * 1000),
    id: rumor.id,
    protocol: 'nip17',
  };
  return { ok: true, task };
}

function decryptJson(payload: string, secret: Uint8Array, publicKey: string): unknown {
  try {
    return JSON.parse(nip44Decrypt(payload, getConversationKey(secret, publicKey)));
  } catch {
    return undefined;
  }
}
