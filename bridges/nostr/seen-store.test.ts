import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileSeenStore } from './seen-store.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'timmy-seen-'));
after(() => rmSync(root, { recursive: true, force: true }));
const id = (n: number) => n.toString(16).padStart(64, '0');

describe('fileSeenStore', () => {
  it('remembers ids across a reopen of the same file', () => {
    const file = path.join(root, 'a', 'nostr-seen.txt');
    const first = fileSeenStore(file);
    first.add(id(1));
    first.add(id(2));
    first.add(id(1));
    const reopened = fileSeenStore(file);
    assert.ok(reopened.has(id(1)) && reopened.has(id(2)));
    assert.ok(!reopened.has(id(3)));
    assert.equal(reopened.size, 2);
  });

  it('compacts to the newest ids when the file grows past twice the limit', () => {
    const file = path.join(root, 'b', 'nostr-seen.txt');
    const store = fileSeenStore(file, 3);
    for (let n = 1; n <= 7; n++) store.add(id(n));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.deepEqual(lines, [id(5), id(6), id(7)]);
    assert.ok(!store.has(id(1)) && store.has(id(7)));
  });
});
