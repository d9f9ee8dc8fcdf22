/**
 * A task sent to an agent as an encrypted direct message (the seed's Layer 6, pattern 3), after it was
 * decrypted, checked and found to come from a sender authorised for that agent.
 */
export interface DirectTask {
  /** Hex public key of the sender (the seal's author for NIP-17, the event's author for NIP-04). */
  from: string;
  text: string;
  /** When the sender wrote it (the rumor's `created_at`, not the randomised wrap time). */
  at: Date;
  /** The rumor id (NIP-17) or event id (NIP-04): what deduplication keys on. */
  id: string;
  protocol: 'nip17' | 'nip04';
}

export type TaskRejection =
  | 'malformed'
  | 'bad-signature'
  | 'undecryptable'
  | 'author-mismatch'
  | 'not-addressed-to-me'
  | 'unauthorised'
  | 'too-old'
  | 'empty';

export type UnwrapResult =
  | { ok: true; task: DirectTask }
  | { ok: false; reason: TaskRejection; detail: string };

/** Longest task text accepted (NIP-44 itself allows 65535 bytes). */
export const MAX_TASK_TEXT = 8000;

export function rejection(reason: TaskRejection, detail: string): UnwrapResult {
  return { ok: false, reason, detail };
}
