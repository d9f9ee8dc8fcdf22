import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { agentIdentity, existingAgentPublicKey } from './bridge-links.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'bridge-links-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('existingAgentPublicKey', () => {
  test('gives the public key of an agent that has one', () => {
    const identity = agentIdentity('Timmy', root);
    assert.equal(existingAgentPublicKey('Timmy', root), identity.publicKey);
  });

  test('creates nothing for a character without a key, such as a human', () => {
    assert.equal(existingAgentPublicKey('Visitor', root), undefined);
    assert.equal(existsSync(path.join(root, 'Visitor')), false);
  });

  test('refuses a name that would lead out of the agents directory', () => {
    agentIdentity('Outside', path.dirname(root));
    assert.equal(existingAgentPublicKey(`../${path.basename(path.dirname(root))}/Outside`, root), undefined);
    assert.equal(existingAgentPublicKey('..', root), undefined);
    rmSync(path.join(path.dirname(root), 'Outside'), { recursive: true, force: true });
  });
});
