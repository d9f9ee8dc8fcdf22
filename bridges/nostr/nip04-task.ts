/**
 * Tasks as legacy NIP-04 direct messages (https://github.com/nostr-protocol/nips/blob/master/04.md), kind 4,
 * accepted on receipt for compatibility with senders that have no NIP-17 (the seed's pattern 3 names
 * kind 4). The same authorisation rule as NIP-17 applies; the bridge itself sends NIP-17 only.
 * NIP-04 leaks sender, recipient and time to relays; its content is AES-256-CBC `base64?iv=base64`.
 */
import { decrypt, encrypt } from 'nostr-tools/nip04';
import type { NostrIdentity } from './agent-key.ts';
import { MAX_TASK_TEXT, rejection, type UnwrapResult } from './direct-task.ts';
import { NostrEventSchema, type NostrEventShape, tagValues } from './event-schema.ts';
import { checkIncomingEvent } from './incoming-event.ts';
import type { UnwrapOptions } from './nip17-task.ts';

export const ENCRYPTED_DIRECT_MESSAGE_KIND = 4;

/** Reads one kind-4 event addressed to `recipient`; never throws. */
export function readNip04Task(raw: unknown, recipient: NostrIdentity, options: UnwrapOptions): UnwrapResult {
  const checked = checkIncomingEvent(raw, { kinds: [ENCRYPTED_DIRECT_MESSAGE_KIND] });
  if (!checked.ok) {
    return rejection(checked.reason === 'bad-signature' ? 'bad-signature' : 'malformed', checked.detail);
  }
  const event = checked.event;
  if (!tagValues(event.tags, 'p').includes(recipient.publicKey)) {
    return rejection('not-addressed-to-me', 'the message has no p tag for this agent');
  }
  if (!options.authorised.has(event.pubkey)) {
    return rejection('unauthorised', `sender ${event.pubkey.slice(0, 12)} is not authorised for this agent`);
  }
  if (options.now !== undefined && options.maxAgeSeconds !== undefined) {
    if (event.created_at < options.now - options.maxAgeSeconds) {
      return rejection('too-old', `written at ${event.created_at}`);
    }
  }
  let text: string;
  try {
    text = decrypt(recipient.secretKey(), event.pubkey, event.content).trim();
  } catch {
    return rejection('undecryptable', 'the content does not decrypt');
  }
  if (text.length === 0 || text.length > MAX_TASK_TEXT) return rejection('empty', 'no usable task text');
  return {
    ok: true,
    task: {
      from: event.pubkey,
      text,
      at: new Date(event.created_at * 1000),
      id: event.id,
      protocol: 'nip04',
    },
  };
}

/** A kind-4 task, as an old client would send it (tests and compatibility tooling only). */
export function nip04TaskEvent(
  sender: NostrIdentity,
  recipientPublicKey: string,
  text: string,
  at: Date,
): NostrEventShape {
  return NostrEventSchema.parse(
    sender.sign({
      kind: ENCRYPTED_DIRECT_MESSAGE_KIND,
      created_at: Math.floor(at.getTime() / 1000),
      tags: [['p', recipientPublicKey]],
      content: encrypt(sender.secretKey(), recipientPublicKey, text),
    }),
  );
}
