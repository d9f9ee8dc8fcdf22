import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { bytesToHex } from '@noble/hashes/utils.js';
import { verifyEvent } from 'nostr-tools/pure';
import { isBridgeError } from '../errors.ts';
import { KEY_FILE_NAME, loadOrCreateAgentKey, parsePublicKey } from './agent-key.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'timmy-nostr-key-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('loadOrCreateAgentKey', () => {
  it('generates a key on first use, stores it as an nsec in a 0600 file and returns the same key afterwards', () => {
    const directory = path.join(root, 'agents', 'ezra');
    const first = loadOrCreateAgentKey(directory);
    const file = path.join(directory, KEY_FILE_NAME);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^nsec1[0-9a-z]+\n$/);
    const second = loadOrCreateAgentKey(directory);
    assert.equal(second.publicKey, first.publicKey);
    assert.match(first.publicKey, /^[0-9a-f]{64}$/);
    assert.ok(first.npub.startsWith('npub1'));
    assert.equal(parsePublicKey(first.npub), first.publicKey);
  });

  it('reads a 64-hex secret key and tightens a key file that others could read', () => {
    const directory = path.join(root, 'agents', 'hex');
    const donor = loadOrCreateAgentKey(path.join(root, 'donor'));
    const file = path.join(directory, KEY_FILE_NAME);
    loadOrCreateAgentKey(directory);
    writeFileSync(file, `${bytesToHex(donor.secretKey())}\n`, { mode: 0o644 });
    const loaded = loadOrCreateAgentKey(directory);
    assert.equal(loaded.publicKey, donor.publicKey);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('refuses a file without a key and never repeats its content in the error', () => {
    const directory = path.join(root, 'agents', 'broken');
    loadOrCreateAgentKey(directory);
    writeFileSync(path.join(directory, KEY_FILE_NAME), 'nsec1-not-really-a-secret-xyz');
    assert.throws(
      () => loadOrCreateAgentKey(directory),
      error => isBridgeError(error, 'BRIDGE_ERR_CONFIG_INVALID') && !error.message.includes('not-really'),
    );
  });

  it('keeps the secret key out of JSON and inspect output, and signs events that verify', () => {
    const identity = loadOrCreateAgentKey(path.join(root, 'agents', 'quiet'));
    const secretHex = bytesToHex(identity.secretKey());
    const shown = `${JSON.stringify(identity)} ${inspect(identity)} ${String(Object.keys(identity))}`;
    assert.ok(!shown.includes(secretHex));
    assert.ok(shown.includes(identity.npub));
    const event = identity.sign({ kind: 1, created_at: 1_700_000_000, tags: [], content: 'hello' });
    assert.equal(event.pubkey, identity.publicKey);
    assert.ok(verifyEvent(event));
  });
});

describe('parsePublicKey', () => {
  it('accepts hex and npub keys and rejects anything else', () => {
    const identity = loadOrCreateAgentKey(path.join(root, 'agents', 'keys'));
    assert.equal(parsePublicKey(identity.publicKey.toUpperCase()), identity.publicKey);
    assert.equal(parsePublicKey(identity.npub), identity.publicKey);
    assert.equal(parsePublicKey('npub1garbage'), undefined);
    assert.equal(parsePublicKey('ab'.repeat(31)), undefined);
  });
});
