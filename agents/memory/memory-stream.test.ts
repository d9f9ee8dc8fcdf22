import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { MemoryStream } from './memory-stream.ts';
import { reflectIfDue } from './reflection.ts';

const HOUR = 3_600_000;

describe('MemoryStream', () => {
  test('recalls the memory whose words match the query before unrelated ones of equal age and importance', () => {
    const stream = new MemoryStream(':memory:', { now: () => 10 * HOUR });
    stream.add({
      kind: 'observation',
      text: 'The sovereignty stone speaks of local models',
      importance: 3,
      at: 9 * HOUR,
    });
    stream.add({
      kind: 'observation',
      text: 'A brass telescope points at the sky',
      importance: 3,
      at: 9 * HOUR,
    });
    stream.add({ kind: 'observation', text: 'Someone said hello in the hall', importance: 3, at: 9 * HOUR });
    const [first] = stream.retrieve('where is the sovereignty stone?');
    assert.equal(first?.text, 'The sovereignty stone speaks of local models');
    stream.close();
  });

  test('prefers a recent memory over an old one with the same words and importance', () => {
    const stream = new MemoryStream(':memory:', { now: () => 100 * HOUR });
    stream.add({
      kind: 'observation',
      text: 'Allegro stood in the Fraternity Hall',
      importance: 4,
      at: 1 * HOUR,
    });
    stream.add({
      kind: 'observation',
      text: 'Allegro stood in the Teaching Grove',
      importance: 4,
      at: 99 * HOUR,
    });
    const memories = stream.retrieve('where is Allegro', { limit: 2 });
    assert.deepEqual(
      memories.map(memory => memory.text),
      ['Allegro stood in the Teaching Grove', 'Allegro stood in the Fraternity Hall'],
    );
    stream.close();
  });

  test('keeps an important old memory ahead of a trivial recent one', () => {
    const stream = new MemoryStream(':memory:', { now: () => 3 * HOUR });
    stream.add({ kind: 'reflection', text: 'The shrine is north of the hall', importance: 10, at: 0 });
    stream.add({ kind: 'action', text: 'wait 5', importance: 1, at: 3 * HOUR });
    assert.equal(stream.retrieve('')[0]?.text, 'The shrine is north of the hall');
    stream.close();
  });

  test('stays within the limit and the character budget', () => {
    const stream = new MemoryStream(':memory:', { now: () => 0 });
    for (let index = 0; index < 50; index++)
      stream.add({ kind: 'observation', text: `memory ${index} ${'x'.repeat(90)}`, importance: 5, at: 0 });
    const memories = stream.retrieve('memory', { limit: 20, charBudget: 500 });
    assert.ok(memories.length <= 20);
    assert.ok(memories.reduce((sum, memory) => sum + memory.text.length, 0) <= 500);
    assert.equal(memories.length, 5);
    stream.close();
  });

  test('ranks like a full scan of every memory on a large random stream', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const words = [
      'stone',
      'hall',
      'grove',
      'shrine',
      'allegro',
      'ezra',
      'note',
      'ledger',
      'spire',
      'oracle',
    ];
    const stream = new MemoryStream(':memory:', { now: () => 5000 * HOUR });
    stream.addMany(
      Array.from({ length: 3000 }, (_, index) => ({
        kind: 'observation' as const,
        text: `${words[Math.floor(random() * words.length)]} ${words[Math.floor(random() * words.length)]} event ${index}`,
        importance: 1 + Math.floor(random() * 10),
        at: Math.floor(random() * 5000) * HOUR,
      })),
    );
    for (const query of ['the oracle in the spire', 'ezra wrote a note', '']) {
      const indexed = stream.retrieve(query, { limit: 8 }).map(memory => memory.id);
      const scanned = stream.retrieveByFullScan(query, { limit: 8 }).map(memory => memory.id);
      assert.deepEqual(indexed, scanned, query);
    }
    stream.close();
  });

  test('persists across reopening the database file', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-memory-'));
    try {
      const file = path.join(directory, 'memory.sqlite');
      const first = new MemoryStream(file);
      first.add({ kind: 'action', text: 'read sovereignty stone', importance: 3 });
      first.close();
      const second = new MemoryStream(file);
      assert.equal(second.count(), 1);
      assert.equal(second.retrieve('sovereignty')[0]?.text, 'read sovereignty stone');
      second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('reflectIfDue', () => {
  test('adds a reflection naming the tools used and the failures once enough happened', () => {
    const stream = new MemoryStream(':memory:', { now: () => 1000 });
    for (let index = 0; index < 3; index++) {
      stream.add({ kind: 'action', text: 'go north: toward the shrine', importance: 3 });
      stream.add({ kind: 'observation', text: 'failed: You cannot go that way.', importance: 5 });
    }
    assert.equal(reflectIfDue(stream, { every: 10 }), undefined, 'six memories are not enough');
    for (let index = 0; index < 4; index++) stream.add({ kind: 'action', text: 'say hello', importance: 3 });
    const reflection = reflectIfDue(stream, { every: 10 });
    assert.ok(reflection);
    assert.equal(reflection.kind, 'reflection');
    assert.match(reflection.text, /7 actions \(say x4, go x3\)/);
    assert.match(reflection.text, /3 failed or refused/);
    assert.equal(reflectIfDue(stream, { every: 10 }), undefined, 'nothing new since the reflection');
    stream.close();
  });
});
