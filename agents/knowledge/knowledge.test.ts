import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyKnowledge, KNOWLEDGE_LIMITS, readKnowledge } from './knowledge.ts';
import { learnRoom } from './learn-room.ts';
import { learnStep, mentions } from './learn-step.ts';
import { findPath, reachable } from './path-finding.ts';
import { findCharacter, findRoom, findThings, hasGreeted, hasRead, whereabouts } from './queries.ts';
import { seedWorld } from './testing/seed-world.ts';

const world = seedWorld();
const room = (seedId: string) => {
  const info = world.rooms.get(seedId);
  assert.ok(info, seedId);
  return info;
};
const allegro = { key: 'Allegro', dbref: '#900', agent: true };

/** Knowledge after standing in each of these rooms, in order. */
function walked(...seedIds: string[]) {
  return seedIds.reduce(
    (knowledge, seedId, index) => learnRoom(knowledge, room(seedId), 1000 + index),
    emptyKnowledge(),
  );
}

describe('learnRoom', () => {
  test('records the room as visited and its destinations as known but unvisited', () => {
    const knowledge = walked('limbo');
    assert.equal(knowledge.currentRoom, '#2');
    assert.equal(knowledge.rooms['#2']?.visited, true);
    const hall = findRoom(knowledge, 'Fraternity Hall');
    assert.equal(hall?.visited, false);
    assert.deepEqual(knowledge.rooms['#2']?.exits, [
      { key: 'north', aliases: ['n', 'hall'], to: hall?.dbref },
    ]);
  });

  test('remembers who was where, and forgets a whereabouts once the room is seen without them', () => {
    let knowledge = learnRoom(emptyKnowledge(), { ...room('hall'), characters: [allegro] }, 5);
    const seen = findCharacter(knowledge, 'allegro');
    assert.ok(seen);
    assert.equal(whereabouts(knowledge, seen), room('hall').dbref);
    knowledge = learnRoom(knowledge, room('hall'), 6);
    assert.equal(whereabouts(knowledge, findCharacter(knowledge, 'Allegro') ?? seen), undefined);
  });

  test('keeps the room count bounded, the current room always kept', () => {
    let knowledge = emptyKnowledge();
    for (let index = 0; index < KNOWLEDGE_LIMITS.rooms + 50; index++) {
      knowledge = learnRoom(
        knowledge,
        { ...room('hall.learning-library'), dbref: `#${5000 + index}`, exits: [] },
        index,
      );
    }
    assert.equal(Object.keys(knowledge.rooms).length, KNOWLEDGE_LIMITS.rooms);
    assert.ok(knowledge.rooms[`#${5000 + KNOWLEDGE_LIMITS.rooms + 49}`]);
  });

  test('survives a JSON round trip and validates', () => {
    const knowledge = walked('limbo', 'hall', 'spire');
    assert.deepEqual(readKnowledge(JSON.parse(JSON.stringify(knowledge))), knowledge);
    assert.equal(readKnowledge({ version: 2 }), undefined);
  });
});

describe('learnStep', () => {
  test('records a read stone by dbref, only when the read succeeded', () => {
    const knowledge = walked('grove.lesson-stones');
    const stone = room('grove.lesson-stones').things.find(thing => thing.key === 'sovereignty stone');
    assert.ok(stone);
    const failed = learnStep(
      knowledge,
      'read',
      { thing: 'sovereignty stone' },
      { ok: false, text: 'x' },
      undefined,
      7,
    );
    assert.equal(hasRead(failed, stone), false);
    const read = learnStep(
      knowledge,
      'read',
      { thing: 'stone of sovereignty' },
      { ok: true, text: 'You read' },
      undefined,
      7,
    );
    assert.deepEqual(read.read, [
      { key: 'sovereignty stone', dbref: stone.dbref, room: room('grove.lesson-stones').dbref, at: 7 },
    ]);
    assert.equal(hasRead(read, stone), true);
  });

  test('a saying that names a present character greets them', () => {
    const knowledge = learnRoom(emptyKnowledge(), { ...room('hall'), characters: [allegro] }, 1);
    const after = learnStep(
      knowledge,
      'say',
      { text: 'Hello, Allegro!' },
      { ok: true, text: 'You say' },
      undefined,
      2,
    );
    assert.equal(hasGreeted(after, allegro), true);
    assert.equal(after.said.length, 1);
    const other = learnStep(
      knowledge,
      'say',
      { text: 'Hello, Allegro-Primus!' },
      { ok: true, text: '' },
      undefined,
      2,
    );
    assert.equal(hasGreeted(other, allegro), false, 'Allegro-Primus is someone else');
    assert.equal(mentions('hi allegro.', 'Allegro'), true);
  });

  test('records notes and pages, and the room after a move', () => {
    let knowledge = walked('limbo');
    knowledge = learnStep(
      knowledge,
      'write',
      { title: 'Hi', text: 'hello' },
      { ok: true, text: '' },
      undefined,
      3,
    );
    knowledge = learnStep(
      knowledge,
      'page',
      { character: 'Ezra', text: 'hey' },
      { ok: true, text: '' },
      undefined,
      4,
    );
    knowledge = learnStep(knowledge, 'go', { exit: 'north' }, { ok: true, text: '' }, room('hall'), 5);
    assert.deepEqual(knowledge.notes, [{ room: '#2', title: 'Hi', text: 'hello', at: 3 }]);
    assert.deepEqual(knowledge.pages, [{ character: 'Ezra', text: 'hey', at: 4 }]);
    assert.equal(knowledge.currentRoom, room('hall').dbref);
  });
});

describe('finding rooms, things and paths', () => {
  const everywhere = walked(...world.rooms.keys());

  test('finds rooms and things by key, seed id and words in any order', () => {
    assert.equal(findRoom(everywhere, 'the Teaching Grove')?.seedId, 'grove');
    assert.equal(findRoom(everywhere, 'grove.lesson-stones')?.key, 'Lesson Stones');
    assert.equal(findRoom(everywhere, '#2')?.key, 'Limbo');
    assert.deepEqual(
      findThings(everywhere, 'the stone of persistence').map(place => place.thing.key),
      ['persistence stone'],
    );
    assert.equal(findThings(everywhere, 'stone').length, 5);
    assert.equal(findRoom(everywhere, 'Moon Base'), undefined);
  });

  test('finds the shortest path over known exits, deterministically', () => {
    const path = findPath(everywhere, '#2', room('grove.lesson-stones').dbref);
    assert.deepEqual(
      path?.map(step => step.exit),
      ['north', 'northeast', 'north', 'west'],
    );
    assert.deepEqual(findPath(everywhere, '#2', '#2'), []);
    assert.equal(reachable(everywhere, '#2').size, world.rooms.size);
  });

  test('knows no path through rooms it has not visited', () => {
    assert.equal(findPath(walked('limbo', 'hall'), '#2', room('grove').dbref), undefined);
    assert.deepEqual(findPath(walked('limbo', 'hall'), '#2', room('spire').dbref)?.length, 2);
  });
});
