import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { splitEnglishList } from './english-list.ts';
import { parseLook } from './look-parser.ts';

// Real output of Evennia 5.0.1's default look, captured by fixtures/capture-look.ts.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseLook on captured Evennia output', () => {
  test('reads name, description, exits, characters and things of a furnished room', () => {
    assert.deepEqual(parseLook(fixture('look-player.txt')), {
      name: 'Limbo',
      description: 'A bare stone room. Dust drifts in a shaft of light.',
      exits: ['north', 'east'],
      characters: ['harness-admin', 'Bystander'],
      things: ['brass lantern', 'old map', 'wooden box'],
      source: 'text',
    });
  });

  test('separates the dbref a builder sees from the room name', () => {
    const perception = parseLook(fixture('look-builder.txt'));
    assert.equal(perception?.name, 'Limbo');
    assert.equal(perception?.dbref, '#2');
    assert.deepEqual(perception?.characters, ['Visitor', 'Bystander']);
  });

  test('reads a room with a single exit and nothing else', () => {
    assert.deepEqual(parseLook(fixture('look-reading-room.txt')), {
      name: 'Reading Room',
      description: 'This is a room.',
      exits: ['south'],
      characters: [],
      things: [],
      source: 'text',
    });
  });

  test('does not take ordinary command output for a room', () => {
    assert.equal(parseLook('You say, "hello"'), undefined);
    assert.equal(parseLook(''), undefined);
  });

  test('accepts a room without list lines when the server typed the message as a look', () => {
    const perception = parseLook('Limbo\nWelcome to your new Evennia-based game!', { messageType: 'look' });
    assert.equal(perception?.name, 'Limbo');
    assert.equal(perception?.description, 'Welcome to your new Evennia-based game!');
  });
});

describe('splitEnglishList', () => {
  test('splits Evennia lists of one, two and many items', () => {
    assert.deepEqual(splitEnglishList('north'), ['north']);
    assert.deepEqual(splitEnglishList('north and east'), ['north', 'east']);
    assert.deepEqual(splitEnglishList('a, b, and c'), ['a', 'b', 'c']);
    assert.deepEqual(splitEnglishList(''), []);
  });
});
