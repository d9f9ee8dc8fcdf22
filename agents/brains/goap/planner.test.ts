import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBreadthFirst } from './breadth-first-plan.ts';
import { plan } from './planner.ts';
import { relevantActions } from './relevant-actions.ts';
import type { PlanAction, WorldState } from './world-state.ts';

const action = (
  id: string,
  preconditions: PlanAction['preconditions'],
  effects: PlanAction['effects'],
  cost = 1,
): PlanAction<string> => ({ id, cost, preconditions, effects, payload: id });

/** A kitchen: get an axe, chop wood, light a fire, cook; plus a cheaper but longer way and noise. */
const kitchen = [
  action('take-axe', { at: 'shed' }, { axe: true }),
  action('walk-shed', { at: 'house' }, { at: 'shed' }),
  action('walk-house', { at: 'shed' }, { at: 'house' }),
  action('walk-woods', { at: 'house' }, { at: 'woods' }),
  action('walk-back', { at: 'woods' }, { at: 'house' }),
  action('chop', { axe: true, at: 'woods' }, { wood: true }),
  action('gather-sticks', { at: 'woods' }, { wood: true }, 5),
  action('light-fire', { wood: true, at: 'house' }, { fire: true }),
  action('cook', { fire: true, at: 'house' }, { fed: true }),
  action('sing', {}, { happy: true }),
  action('dance', { happy: true }, { tired: true }),
];

describe('plan', () => {
  test('finds the cheapest plan', () => {
    const result = plan({ at: 'house' }, { fed: true }, kitchen);
    assert.equal(result.outcome, 'found');
    assert.deepEqual(
      result.actions.map(step => step.id),
      ['walk-shed', 'take-axe', 'walk-house', 'walk-woods', 'chop', 'walk-back', 'light-fire', 'cook'],
    );
    assert.equal(result.cost, 8);
    const costly = kitchen.map(step => (step.id === 'take-axe' ? { ...step, cost: 10 } : step));
    assert.deepEqual(
      plan({ at: 'house' }, { fed: true }, costly).actions.map(step => step.id),
      ['walk-woods', 'gather-sticks', 'walk-back', 'light-fire', 'cook'],
    );
  });

  test('returns an empty plan when the goal already holds, and treats a missing fact as false', () => {
    assert.deepEqual(plan({ fed: true }, { fed: true }, kitchen).actions, []);
    assert.equal(plan({}, { fed: false }, kitchen).outcome, 'found');
  });

  test('reports no plan for an unreachable goal, and the cap when the search is cut short', () => {
    const unreachable = plan({ at: 'house' }, { fed: true, flying: true }, kitchen);
    assert.equal(unreachable.outcome, 'no-plan');
    assert.deepEqual(unreachable.actions, []);
    const cut = plan({ at: 'house' }, { fed: true }, kitchen, { maxExpansions: 3 });
    assert.equal(cut.outcome, 'cap');
    assert.equal(cut.expansions, 3);
  });

  test('no plan exists when a precondition nothing can change does not hold', () => {
    const locked = [action('open', { key: true }, { open: true })];
    assert.equal(plan({}, { open: true }, locked).outcome, 'no-plan');
    assert.equal(plan({ key: true }, { open: true }, locked).outcome, 'found');
  });

  test('is deterministic whatever order the actions come in', () => {
    const tie = [action('b-way', {}, { done: true }), action('a-way', {}, { done: true })];
    assert.equal(plan({}, { done: true }, tie).actions[0]?.id, 'a-way');
    assert.equal(plan({}, { done: true }, [...tie].reverse()).actions[0]?.id, 'a-way');
    const shuffled = [...kitchen].reverse();
    assert.deepEqual(
      plan({ at: 'house' }, { fed: true }, shuffled),
      plan({ at: 'house' }, { fed: true }, kitchen),
    );
  });

  test('costs the same as breadth-first search when all actions cost the same', () => {
    const even = kitchen.map(step => ({ ...step, cost: 1 }));
    const goals: WorldState[] = [{ fed: true }, { tired: true }, { wood: true, axe: true }];
    for (const goal of goals) {
      assert.equal(
        plan({ at: 'house' }, goal, even).cost,
        planBreadthFirst({ at: 'house' }, goal, even).cost,
      );
    }
  });
});

describe('relevantActions', () => {
  test('keeps only actions that can contribute to the goal, backwards', () => {
    const ids = relevantActions({ at: 'house' }, { fed: true }, kitchen).map(step => step.id);
    assert.ok(!ids.includes('sing') && !ids.includes('dance'));
    assert.ok(ids.includes('take-axe') && ids.includes('walk-shed') && ids.includes('cook'));
    assert.deepEqual(
      relevantActions({}, { tired: true }, kitchen).map(step => step.id),
      ['sing', 'dance'],
    );
  });
});
