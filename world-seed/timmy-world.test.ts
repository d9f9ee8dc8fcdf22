import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type DesiredObject, desiredWorld } from './desired-world.ts';
import { parseWorldFile } from './world-file.ts';

const world = desiredWorld(
  parseWorldFile(readFileSync(new URL('./timmy-world.yaml', import.meta.url), 'utf8'), 'timmy-world.yaml'),
);
const of = (kind: DesiredObject['kind']) => world.objects.filter(object => object.kind === kind);
const get = (id: string) => {
  const object = world.byId.get(id);
  assert.ok(object, `no ${id} in the Timmy world`);
  return object;
};

const AREAS: Record<string, string[]> = {
  hall: ['Fraternity Hall', 'Birth Chamber', 'Learning Library', 'Heartbeat Shrine', "Father's Observatory"],
  spire: ['Sovereign Spire', 'Ollama Sanctum', 'Offline Archives', 'Independence Hall'],
  grove: ['Teaching Grove', 'Lesson Stones', 'Practice Grounds', 'Assessment Circles'],
  archives: ['Lineage Archives', 'Birth Records', 'Achievement Hall', 'Memorial Wall'],
};

describe('the Timmy world file', () => {
  test('has the seventeen rooms of the four areas, each area with a central room named after it', () => {
    for (const [area, names] of Object.entries(AREAS)) {
      const rooms = of('room').filter(room => room.area === area);
      assert.deepEqual(rooms.map(room => room.key).sort(), [...names].sort(), area);
      assert.equal(get(area).key, names[0], `the central room of ${area}`);
    }
    assert.equal(of('room').filter(room => room.area !== null).length, 17);
  });

  test("binds Evennia's start location, Limbo #2, and leads from it to the Fraternity Hall", () => {
    const limbo = get('limbo');
    assert.equal(limbo.dbref, '#2');
    assert.ok(of('exit').some(exit => exit.location === 'limbo' && exit.destination === 'hall'));
  });

  test('every room can be reached from Limbo by exits alone', () => {
    const reached = new Set(['limbo']);
    const queue = ['limbo'];
    for (let room = queue.shift(); room !== undefined; room = queue.shift()) {
      for (const exit of of('exit').filter(candidate => candidate.location === room)) {
        if (exit.destination && !reached.has(exit.destination)) {
          reached.add(exit.destination);
          queue.push(exit.destination);
        }
      }
    }
    assert.deepEqual(
      [...reached].sort(),
      of('room')
        .map(room => room.id)
        .sort(),
    );
  });

  test('every exit has a way back', () => {
    for (const exit of of('exit')) {
      const back = of('exit').find(
        other => other.location === exit.destination && other.destination === exit.location,
      );
      assert.ok(back, `no way back for ${exit.id}`);
    }
  });

  test('exits out of one room have distinct names and aliases', () => {
    for (const room of of('room')) {
      const words = of('exit')
        .filter(exit => exit.location === room.id)
        .flatMap(exit => [exit.key.toLowerCase(), ...(exit.aliases ?? [])]);
      assert.equal(new Set(words).size, words.length, `${room.id}: ${words.join(', ')}`);
    }
  });

  test('every room has a description worth reading', () => {
    for (const room of of('room'))
      assert.ok((room.desc ?? '').length > 200, `${room.id} is barely described`);
  });

  test("places the game's own objects where the lore puts them", () => {
    const placed = (typeclass: string) =>
      of('thing')
        .filter(thing => thing.typeclass === typeclass)
        .map(thing => thing.location);
    assert.deepEqual(placed('typeclasses.shrine.HeartbeatShrine'), ['hall.heartbeat-shrine']);
    assert.deepEqual(placed('typeclasses.bridges.NostrBeacon'), ['hall']);
    assert.deepEqual(placed('typeclasses.bridges.RepositoryBoard'), ['archives']);
    assert.deepEqual(placed('typeclasses.bridges.OllamaOracle'), ['spire.ollama-sanctum']);
    const stones = of('thing').filter(thing => thing.typeclass === 'typeclasses.lessons.LessonStone');
    assert.ok(stones.length >= 3);
    for (const stone of stones) {
      assert.equal(stone.location, 'grove.lesson-stones');
      assert.equal(typeof stone.attributes.teaching, 'string');
    }
    assert.equal(get('grove.assessment-circles').typeclass, 'typeclasses.rooms.AssessmentCircle');
  });

  test('no object of the world can be picked up', () => {
    for (const thing of of('thing')) assert.equal(thing.locks.get, 'false()', thing.id);
  });

  test('holds no hosts, addresses or paths from the seed document', () => {
    const text = readFileSync(new URL('./timmy-world.yaml', import.meta.url), 'utf8');
    assert.doesNotMatch(text, /\d+\.\d+\.\d+\.\d+|\/root\/|localhost|:\d{4}\b/);
  });
});
