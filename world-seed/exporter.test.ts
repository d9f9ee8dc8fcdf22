import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { desiredWorld } from './desired-world.ts';
import { exportWorld, slug } from './exporter.ts';
import type { LiveObject } from './live-world.ts';
import { planWorld } from './planner.ts';
import { liveObject, simulateApply } from './testing/simulated-world.ts';
import { parseWorldFile } from './world-file.ts';
import { worldFileToYaml } from './world-file-writer.ts';

const LIMBO = liveObject({ dbref: '#2', kind: 'room', key: 'Limbo' });
const timmyWorld = () =>
  desiredWorld(
    parseWorldFile(readFileSync(new URL('./timmy-world.yaml', import.meta.url), 'utf8'), 'timmy-world.yaml'),
  );

/** Export → YAML text → parse → plan against the same live world. */
function planOfExport(live: LiveObject[]) {
  const { world, warnings } = exportWorld(live);
  const text = worldFileToYaml(world, ['exported']);
  const plan = planWorld(desiredWorld(parseWorldFile(text, 'export.yaml')), live);
  return { plan, text, warnings };
}

function appliedTimmyWorld(): LiveObject[] {
  return simulateApply([LIMBO], planWorld(timmyWorld(), [LIMBO]).operations);
}

/** What `dig Shed = east;e, west;w` from the Fraternity Hall leaves behind. */
function withHandDugShed(live: LiveObject[]): LiveObject[] {
  const hall = live.find(object => object.seedId === 'hall')?.dbref ?? '';
  const lockedByBuilder = {
    control: 'id(1) or perm(Admin)',
    delete: 'id(1) or perm(Admin)',
    edit: 'id(1) or perm(Admin)',
  };
  return [
    ...live,
    liveObject({
      dbref: '#200',
      kind: 'room',
      key: 'Shed',
      locks: { ...liveObject({ dbref: '#0', kind: 'room', key: '' }).locks, ...lockedByBuilder },
    }),
    liveObject({
      dbref: '#201',
      kind: 'exit',
      key: 'east',
      aliases: ['e'],
      location: hall,
      destination: '#200',
    }),
    liveObject({
      dbref: '#202',
      kind: 'exit',
      key: 'west',
      aliases: ['w'],
      location: '#200',
      destination: hall,
    }),
    liveObject({
      dbref: '#203',
      kind: 'thing',
      key: 'Rusty Spade',
      location: '#200',
      attributes: { sharp: false },
    }),
  ];
}

describe('exporting the live world', () => {
  test('planning the export of an applied Timmy world shows no change', () => {
    const { plan, warnings } = planOfExport(appliedTimmyWorld());
    assert.deepEqual(warnings, []);
    assert.deepEqual([plan.create, plan.update, plan.drift, plan.operations], [[], [], [], []]);
    assert.equal(plan.unchanged, 67);
  });

  test('keeps seed ids and areas, and leaves out the apply record', () => {
    const { world } = exportWorld(appliedTimmyWorld());
    assert.deepEqual(
      world.areas?.map(area => area.id),
      ['hall', 'spire', 'grove', 'archives'],
    );
    assert.equal(world.areas?.[0]?.rooms[0]?.id, 'hall');
    assert.doesNotMatch(worldFileToYaml(world), /timmy_seed_applied/);
  });

  test('an exit whose id is the default one is written without it', () => {
    const { world } = exportWorld(appliedTimmyWorld());
    const hall = world.areas?.[0]?.rooms[0];
    assert.deepEqual(hall?.exits?.[0], { key: 'south', to: 'limbo', aliases: ['limbo', 's'] });
  });

  test('rooms a builder dug by hand are bound by dbref under an id from their name, and plan shows no change', () => {
    const live = withHandDugShed(appliedTimmyWorld());
    const { plan, text } = planOfExport(live);
    assert.deepEqual(plan.operations, []);
    assert.equal(plan.unmanaged, 0);
    assert.match(text, /- id: shed\n {4}key: Shed\n {4}dbref: "#200"/);
  });

  test('an unseeded exit out of an area room states that it has no area', () => {
    const { world } = exportWorld(withHandDugShed(appliedTimmyWorld()));
    const hall = world.areas?.[0]?.rooms[0];
    const east = hall?.exits?.find(exit => exit.dbref === '#201');
    assert.deepEqual(east, { key: 'east', to: 'shed', dbref: '#201', area: null, aliases: ['e'] });
  });

  test("keeps a builder's locks but not the ones Evennia gives every room", () => {
    const { world } = exportWorld(withHandDugShed([LIMBO]));
    const shed = world.rooms?.find(room => room.id === 'shed');
    assert.deepEqual(shed?.locks, {
      control: 'id(1) or perm(Admin)',
      delete: 'id(1) or perm(Admin)',
      edit: 'id(1) or perm(Admin)',
    });
  });

  test('things inside things are nested under their container', () => {
    const live = [
      LIMBO,
      liveObject({ dbref: '#5', kind: 'thing', key: 'Chest', location: '#2' }),
      liveObject({ dbref: '#4', kind: 'thing', key: 'Coin', location: '#5' }),
    ];
    const { world } = exportWorld(live);
    assert.equal(world.rooms?.[0]?.things?.[0]?.things?.[0]?.key, 'Coin');
    assert.deepEqual(planOfExport(live).plan.operations, []);
  });

  test('two hand-made rooms with one name get distinct ids', () => {
    const live = [LIMBO, liveObject({ dbref: '#8', kind: 'room', key: 'Limbo' })];
    assert.deepEqual(
      exportWorld(live).world.rooms?.map(room => room.id),
      ['limbo', 'limbo-8'],
    );
  });

  test('an exit that leads nowhere is left out with a warning', () => {
    const live = [
      LIMBO,
      liveObject({ dbref: '#9', kind: 'exit', key: 'void', location: '#2', destination: '#77' }),
    ];
    const { warnings } = exportWorld(live);
    assert.deepEqual(warnings, ['exit #9 "void" left out: it leads to #77, which is no room']);
  });

  test('makes ids from names', () => {
    assert.equal(slug("Father's Observatory"), 'father-s-observatory');
    assert.equal(slug('Café  Über'), 'cafe-uber');
  });
});
