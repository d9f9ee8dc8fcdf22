import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeRecord } from './applied-record.ts';
import { desiredWorld } from './desired-world.ts';
import { WorldSeedError } from './errors.ts';
import type { LiveObject } from './live-world.ts';
import { planWorld } from './planner.ts';
import { liveObject, simulateApply } from './testing/simulated-world.ts';
import { parseWorldFile } from './world-file.ts';

const FILE = `version: 1
rooms:
  - id: limbo
    dbref: "#2"
    key: Limbo
    desc: The start.
    exits:
      - { key: north, aliases: [n], to: garden }
areas:
  - id: garden
    rooms:
      - id: garden
        key: Garden
        desc: Roses.
        tags: [green, { key: wet, category: weather }]
        exits:
          - { key: south, aliases: [s], to: limbo }
        things:
          - id: garden.stone
            key: stone
            typeclass: typeclasses.lessons.LessonStone
            locks: { get: "false()" }
            attributes: { teaching: sovereignty }
`;

const world = (text = FILE) => desiredWorld(parseWorldFile(text, 'world.yaml'));
const LIMBO = liveObject({ dbref: '#2', kind: 'room', key: 'Limbo', desc: 'Nothing yet.' });
const FRESH: LiveObject[] = [LIMBO];

/** The live world after applying `text` to a fresh world. */
function applied(text = FILE): LiveObject[] {
  return simulateApply(FRESH, planWorld(world(text), FRESH).operations);
}

function edit(live: LiveObject[], id: string, change: (object: LiveObject) => void): LiveObject[] {
  const copy = structuredClone(live);
  const object = copy.find(candidate => candidate.seedId === id || candidate.dbref === id);
  assert.ok(object, `no live ${id}`);
  change(object);
  return copy;
}

describe('planning a world file against the live world', () => {
  test('on a fresh world, creates every entry except the bound one, which it updates', () => {
    const plan = planWorld(world(), FRESH);
    assert.deepEqual(plan.create, ['garden', 'garden.stone', 'limbo/garden', 'garden/limbo']);
    assert.deepEqual(plan.update, ['limbo']);
    assert.deepEqual(plan.drift, []);
    assert.equal(plan.unchanged, 0);
  });

  test('creates rooms before what refers to them, by seed; bound objects by dbref', () => {
    const operations = planWorld(world(), FRESH).operations;
    const exit = operations.find(
      operation => operation.op === 'create' && operation.seedId === 'limbo/garden',
    );
    assert.deepEqual(exit?.op === 'create' && [exit.location, exit.destination], [
      { dbref: '#2' },
      { seed: 'garden' },
    ]);
    const indexOf = (seed: string) =>
      operations.findIndex(operation => operation.op === 'create' && operation.seedId === seed);
    assert.ok(indexOf('garden') < indexOf('limbo/garden'));
  });

  test('names the entry each operation is about, index by index', () => {
    const plan = planWorld(world(), FRESH);
    assert.deepEqual(plan.subjects, ['garden', 'garden.stone', 'limbo/garden', 'garden/limbo', 'limbo']);
    assert.equal(plan.subjects.length, plan.operations.length);
  });

  test('never tags a bound object with a seed id', () => {
    const limbo = planWorld(world(), FRESH).operations.find(operation => operation.op === 'update');
    assert.ok(limbo?.op === 'update');
    assert.deepEqual(limbo.target, { dbref: '#2' });
    assert.equal('seedId' in limbo.set, false);
    assert.equal(limbo.set.desc, 'The start.');
  });

  test('a second plan after apply has nothing to do', () => {
    const plan = planWorld(world(), applied());
    assert.deepEqual([plan.create, plan.update, plan.drift, plan.operations], [[], [], [], []]);
    assert.equal(plan.unchanged, 5);
  });

  test('a description changed in the game is drift, and apply would set it back', () => {
    const live = edit(applied(), 'garden', object => {
      object.desc = 'Weeds.';
    });
    const plan = planWorld(world(), live);
    assert.deepEqual(plan.drift, ['garden']);
    assert.deepEqual(plan.update, []);
    assert.deepEqual(plan.changes[0]?.fields, [
      { field: 'desc', live: 'Weeds.', file: 'Roses.', cause: 'live' },
    ]);
    assert.deepEqual(planWorld(world(), simulateApply(live, plan.operations)).operations, []);
  });

  test('a description changed in the file is an update, not drift', () => {
    const plan = planWorld(world(FILE.replace('Roses.', 'Tulips.')), applied());
    assert.deepEqual(plan.update, ['garden']);
    assert.deepEqual(plan.drift, []);
  });

  test('a field changed in both places is both an update and drift', () => {
    const live = edit(applied(), 'garden', object => {
      object.desc = 'Weeds.';
    });
    const plan = planWorld(world(FILE.replace('Roses.', 'Tulips.')), live);
    assert.deepEqual([plan.update, plan.drift], [['garden'], ['garden']]);
  });

  test('a renamed room keeps its identity: one update of its key, no create', () => {
    const live = applied();
    const plan = planWorld(world(FILE.replace('key: Garden', 'key: Rose Garden')), live);
    assert.deepEqual(plan.create, []);
    assert.equal(plan.operations.length, 1);
    const update = plan.operations[0];
    assert.ok(update?.op === 'update');
    assert.deepEqual(update.target, { dbref: live.find(object => object.seedId === 'garden')?.dbref });
    assert.deepEqual(Object.keys(update.set), ['key', 'attributes']);
    assert.equal(update.set.key, 'Rose Garden');
  });

  test('a lock, tag or attribute changed in the game is drift of that field only', () => {
    let live = edit(applied(), 'garden.stone', object => {
      object.locks.get = 'all()';
      object.attributes.teaching = 'lineage';
    });
    live = edit(live, 'garden', object => {
      object.tags.push(['trampled', null]);
    });
    const plan = planWorld(world(), live);
    assert.deepEqual(plan.drift.sort(), ['garden', 'garden.stone']);
    const fields = plan.changes.flatMap(change => change.fields.map(field => `${change.id} ${field.field}`));
    assert.deepEqual(fields.sort(), [
      'garden tags',
      'garden.stone attributes.teaching',
      'garden.stone locks.get',
    ]);
  });

  test('locks, tags and attributes the file does not state are left alone', () => {
    const live = edit(applied(), 'garden.stone', object => {
      object.locks.examine = 'false()';
      object.attributes.bridge_online = false;
      object.tags.push(['glowing', 'timmy_state']);
    });
    assert.deepEqual(planWorld(world(), live).operations, []);
  });

  test('tags in timmy_ categories are not compared', () => {
    const live = edit(applied(), 'garden', object => {
      object.tags.push(['agent', 'timmy_role']);
    });
    assert.equal(planWorld(world(), live).unchanged, 5);
  });

  test('an attribute stated as null must not exist', () => {
    const text = FILE.replace('teaching: sovereignty', 'teaching: sovereignty, colour: null');
    const live = edit(applied(), 'garden.stone', object => {
      object.attributes.colour = 'red';
    });
    const plan = planWorld(world(text), live);
    const update = plan.operations[0];
    assert.ok(update?.op === 'update');
    assert.equal(update.set.attributes?.colour, null);
  });

  test('a thing moved in the game is drift of its location, set back by dbref', () => {
    const live = applied();
    const limbo = '#2';
    const moved = edit(live, 'garden.stone', object => {
      object.location = limbo;
    });
    const plan = planWorld(world(), moved);
    assert.deepEqual(
      plan.changes[0]?.fields.map(field => [field.field, field.live, field.file]),
      [['location', 'limbo', 'garden']],
    );
    const update = plan.operations[0];
    assert.ok(update?.op === 'update');
    assert.deepEqual(update.set.location, { dbref: live.find(object => object.seedId === 'garden')?.dbref });
  });

  test('a seeded object the file no longer has is only a prune candidate without --prune', () => {
    const text = FILE.replace(/ {8}things:[\s\S]*$/, '');
    const plan = planWorld(world(text), applied());
    assert.deepEqual(
      plan.prune.map(candidate => candidate.id),
      ['garden.stone'],
    );
    assert.equal(plan.operations.length, 0);
    const pruning = planWorld(world(text), applied(), { prune: true });
    assert.deepEqual(
      pruning.operations.map(operation => operation.op),
      ['delete'],
    );
  });

  test('prune deletes exits before things before rooms', () => {
    const plan = planWorld(
      world('version: 1\nrooms:\n  - { id: limbo, dbref: "#2", key: Limbo, desc: The start. }\n'),
      applied(),
      { prune: true },
    );
    assert.deepEqual(
      plan.prune.map(candidate => candidate.kind),
      ['exit', 'exit', 'thing', 'room'],
    );
  });

  test('objects neither seeded nor bound are counted as unmanaged and never touched', () => {
    const live = [...applied(), liveObject({ dbref: '#99', kind: 'room', key: 'Shed' })];
    const plan = planWorld(world(), live, { prune: true });
    assert.equal(plan.unmanaged, 1);
    assert.deepEqual(plan.operations, []);
  });

  test('every create and update leaves a record of the values it set', () => {
    const stone = applied().find(object => object.seedId === 'garden.stone');
    const record = decodeRecord(stone?.attributes.timmy_seed_applied);
    assert.deepEqual([...(record?.keys() ?? [])].sort(), [
      'area',
      'attributes.teaching',
      'key',
      'location',
      'locks.get',
      'typeclass',
    ]);
  });

  test('a seed id on two live objects is a conflict, not a guess', () => {
    const live = [...applied(), liveObject({ dbref: '#50', kind: 'room', key: 'Garden', seedId: 'garden' })];
    assert.throws(
      () => planWorld(world(), live),
      (error: unknown) => {
        assert.ok(error instanceof WorldSeedError);
        assert.equal(error.code, 'WORLD_ERR_LIVE_CONFLICT');
        assert.match(error.message, /seed id "garden" is on two live objects, #\d+ and #50/);
        return true;
      },
    );
  });

  test('an entry bound to a dbref that does not exist is a conflict', () => {
    assert.throws(() => planWorld(world(), []), /"limbo" is bound to #2, which is not in the live world/);
  });

  test('a live object of another kind under an entry id is a conflict', () => {
    const live = [LIMBO, liveObject({ dbref: '#7', kind: 'thing', key: 'Garden', seedId: 'garden' })];
    assert.throws(
      () => planWorld(world(), live),
      /"garden" is a room in the file but the live #7 is a thing/,
    );
  });
});
