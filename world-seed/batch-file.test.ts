import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batchFile } from './batch-file.ts';
import { desiredWorld } from './desired-world.ts';
import { parseWorldFile } from './world-file.ts';

const WORLD = desiredWorld(
  parseWorldFile(
    `version: 1
rooms:
  - id: limbo
    dbref: "#2"
    key: Limbo
    desc: "First line.\\nSecond line."
    exits:
      - { key: north, aliases: [n], to: garden }
  - id: garden
    key: Garden
    typeclass: typeclasses.rooms.AssessmentCircle
    exits:
      - { key: south, to: limbo }
    things:
      - id: garden.stone
        key: stone
        typeclass: typeclasses.lessons.LessonStone
        locks: { get: "false()" }
        attributes: { teaching: sovereignty, weight: 3, fixed: true }
`,
    'world.yaml',
  ),
);

/** Splits like Evennia's batch processor: every line starting with # ends a command. */
const commands = (text: string) =>
  text
    .split(/^#.*$/m)
    .map(command => command.replace(/^\n+|\n+$/g, ''))
    .filter(command => command !== '');

describe('the batch-command file of a world', () => {
  test('digs each room with an alias to find it by, and its typeclass when it is not the default', () => {
    assert.ok(
      commands(batchFile(WORLD)).includes('dig Garden;seed-garden:typeclasses.rooms.AssessmentCircle'),
    );
  });

  test('describes a bound room in place instead of digging it, a line break as an empty line', () => {
    const list = commands(batchFile(WORLD));
    assert.equal(list[0], 'teleport #2');
    assert.equal(list[1], 'desc here = First line.\n\nSecond line.');
    assert.equal(
      list.some(command => command.startsWith('dig Limbo')),
      false,
    );
  });

  test('creates things in their room with their locks and attributes as Python literals', () => {
    const list = commands(batchFile(WORLD));
    const start = list.indexOf('create/drop stone;seed-garden.stone:typeclasses.lessons.LessonStone');
    assert.ok(start > list.indexOf('teleport seed-garden'));
    assert.deepEqual(list.slice(start + 1, start + 5), [
      'lock seed-garden.stone = get:false()',
      'set seed-garden.stone/teaching = "sovereignty"',
      'set seed-garden.stone/weight = 3',
      'set seed-garden.stone/fixed = True',
    ]);
  });

  test('opens exits after every room exists, from inside their room, with / in their alias written --', () => {
    const list = commands(batchFile(WORLD));
    const lastDig = list.findLastIndex(command => command.startsWith('dig '));
    const north = list.indexOf('open north;n;seed-limbo--garden = seed-garden');
    assert.ok(north > lastDig);
    assert.equal(list[north - 1], 'teleport #2');
    assert.ok(list.includes('open south;seed-garden--limbo = #2'));
  });
});
