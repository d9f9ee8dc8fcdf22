/**
 * An agent's Nostr key pair (NIP-01 secp256k1/Schnorr keys, NIP-19 `nsec`/`npub` encodings). The secret
 * key is generated once, kept as an `nsec` line in a 0600 file (`.timmy/agents/<name>/nostr.key`) and
 * never leaves the object except through `secretKey()`: it is not enumerable, serialises to nothing
 * (`toJSON`) and prints as `[NostrIdentity npub1…]`, so a log line or error message cannot carry it.
 */
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { decode, npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { finalizeEvent, generateSecretKey, getPublicKey, type VerifiedEvent } from 'nostr-tools/pure';
import { writeSecretFile } from '../../supervisor/secrets.ts';
import { BridgeError } from '../errors.ts';

/** The file name of an agent's key inside its state directory. */
export const KEY_FILE_NAME = 'nostr.key';

export interface EventTemplate {
  kind: number;
  created_at: number;
  tags: string[][];
  content: string;
}

export interface NostrIdentity {
  /** Hex public key (what events and `p` tags carry). */
  readonly publicKey: string;
  /** The same key as NIP-19 `npub1…` (what people are shown). */
  readonly npub: string;
  /** The raw secret key, for signing and NIP-44/NIP-04 decryption. Never log it. */
  secretKey(): Uint8Array;
  /** Signs a template with this key (sets pubkey, id, sig). */
  sign(template: EventTemplate): VerifiedEvent;
  toJSON(): { publicKey: string; npub: string };
}

/** Wraps a secret key; the secret lives in a closure, not on the object. */
export function identityFromSecretKey(secret: Uint8Array): NostrIdentity {
  const key = Uint8Array.from(secret);
  const publicKey = getPublicKey(key);
  const npub = npubEncode(publicKey);
  const identity: NostrIdentity = {
    publicKey,
    npub,
    secretKey: () => Uint8Array.from(key),
    sign: template => finalizeEvent(template, key),
    toJSON: () => ({ publicKey, npub }),
  };
  Object.defineProperty(identity, inspect.custom, { value: () => `[NostrIdentity ${npub}]` });
  return identity;
}

/** A fresh key pair held in memory only (tests, one-off operator keys). */
export function generateIdentity(): NostrIdentity {
  return identityFromSecretKey(generateSecretKey());
}

/** Parses an `nsec1…` or 64-hex secret key; the message never echoes the input. */
export function parseSecretKey(text: string, source: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return hexToBytes(trimmed.toLowerCase());
  if (trimmed.startsWith('nsec1')) {
    try {
      const decoded = decode(trimmed);
      if (decoded.type === 'nsec') return decoded.data;
    } catch {
      // fall through to the error below, without the key text
    }
  }
  throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'nostr', `${source} does not hold a Nostr secret key.`, {
    fix: `delete ${source} to generate a new key (the agent gets a new public key), or put an nsec1… or 64-hex key in it`,
  });
}

/**
 * The key of the agent whose state directory is `directory`: read from `<directory>/nostr.key`, or
 * generated and written there (0600) on first use. A key file readable by others is tightened to 0600.
 */
export function loadOrCreateAgentKey(directory: string): NostrIdentity {
  const file = path.join(directory, KEY_FILE_NAME);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return identityFromSecretKey(parseSecretKey(readFileSync(file, 'utf8'), file));
  }
  const secret = generateSecretKey();
  writeSecretFile(file, `${nsecEncode(secret)}\n`);
  return identityFromSecretKey(secret);
}

/** An `npub1…` or hex public key, as hex; undefined when it is neither. */
export function parsePublicKey(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return trimmed.toLowerCase();
  if (!trimmed.startsWith('npub1')) return undefined;
  try {
    const decoded = decode(trimmed);
    return decoded.type === 'npub' ? decoded.data : undefined;
  } catch {
    return undefined;
  }
}
