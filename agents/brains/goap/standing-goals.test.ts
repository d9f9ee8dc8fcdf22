import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyKnowledge, type Knowledge, learnRoom } from '../../knowledge/index.ts';
import { seedWorld } from '../../knowledge/testing/seed-world.ts';
import { type StandingGoal, standingGoals } from './standing-goals.ts';

const world = seedWorld();
const limbo = world.rooms.get('limbo') ?? assert.fail('no limbo');
/** Limbo with a character the agent has not greeted yet. */
const limboWithEzra = { ...limbo, characters: [{ key: 'Ezra', dbref: '#901', agent: true }] };

/** An agent that has been everywhere (so nothing is left to explore) and stands in Limbo. */
function everywhere(): Knowledge {
  let knowledge = emptyKnowledge();
  for (const room of world.rooms.values()) knowledge = learnRoom(knowledge, room, 1);
  return learnRoom(knowledge, limboWithEzra, 2);
}

const kinds = (goals: StandingGoal[]) => goals.map(goal => goal.kind).sort();
const utility = (goals: StandingGoal[], kind: string) =>
  goals.find(goal => goal.kind === kind)?.utility ?? assert.fail(`no ${kind} goal`);

describe('standingGoals', () => {
  test('offers every kind of goal that applies when the agent names none', () => {
    assert.deepEqual(kinds(standingGoals(everywhere(), limboWithEzra)), ['greet', 'read-stones']);
  });

  test('keeps only the goals the agent lists', () => {
    assert.deepEqual(kinds(standingGoals(everywhere(), limboWithEzra, ['read-stones', 'explore'])), [
      'read-stones',
    ]);
    assert.deepEqual(standingGoals(everywhere(), limboWithEzra, ['explore']), []);
  });

  test('ranks the goal an agent lists first above the same goal listed later', () => {
    const stonesFirst = standingGoals(everywhere(), limboWithEzra, ['read-stones', 'greet']);
    const greetFirst = standingGoals(everywhere(), limboWithEzra, ['greet', 'read-stones']);
    assert.ok(utility(stonesFirst, 'read-stones') > utility(greetFirst, 'read-stones'));
    assert.ok(utility(greetFirst, 'greet') > utility(stonesFirst, 'greet'));
  });

  test('ignores names that are no standing goal', () => {
    assert.deepEqual(
      kinds(standingGoals(everywhere(), limboWithEzra, ['dance'])),
      kinds(standingGoals(everywhere(), limboWithEzra)),
    );
  });
});
