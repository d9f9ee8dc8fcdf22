import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { desiredWorld } from './desired-world.ts';
import { WorldSeedError } from './errors.ts';
import { parseWorldFile } from './world-file.ts';

const desired = (text: string) => desiredWorld(parseWorldFile(text, 'world.yaml'));

function refusal(text: string): WorldSeedError {
  try {
    desired(text);
  } catch (error) {
    assert.ok(error instanceof WorldSeedError, String(error));
    return error;
  }
  assert.fail('the file was accepted');
}

const TWO_ROOMS = `version: 1
areas:
  - id: garden
    rooms:
      - id: garden
        key: Garden
        exits:
          - { key: North, aliases: [N, Shed], to: garden.shed }
        things:
          - id: garden.chest
            key: chest
            things:
              - { id: garden.chest.key, key: small key, area: null }
      - id: garden.shed
        key: Shed
        exits:
          - { key: south, to: garden }
`;

describe('the desired world of a file', () => {
  test('lists rooms, then things (containers first), then exits', () => {
    const ids = desired(TWO_ROOMS).objects.map(object => `${object.kind}:${object.id}`);
    assert.deepEqual(ids, [
      'room:garden',
      'room:garden.shed',
      'thing:garden.chest',
      'thing:garden.chest.key',
      'exit:garden/garden.shed',
      'exit:garden.shed/garden',
    ]);
  });

  test('an exit without an id is named after the room it is in and the room it leads to', () => {
    const exit = desired(TWO_ROOMS).byId.get('garden/garden.shed');
    assert.equal(exit?.location, 'garden');
    assert.equal(exit?.destination, 'garden.shed');
  });

  test('fills in the default typeclass of each kind', () => {
    const world = desired(TWO_ROOMS);
    assert.equal(world.byId.get('garden')?.typeclass, 'typeclasses.rooms.Room');
    assert.equal(world.byId.get('garden.chest')?.typeclass, 'typeclasses.objects.Object');
    assert.equal(world.byId.get('garden/garden.shed')?.typeclass, 'typeclasses.exits.Exit');
  });

  test('exits and things take the area they stand in, unless they state their own', () => {
    const world = desired(TWO_ROOMS);
    assert.equal(world.byId.get('garden.chest')?.area, 'garden');
    assert.equal(world.byId.get('garden.chest.key')?.area, null);
    assert.equal(world.byId.get('garden.chest.key')?.location, 'garden.chest');
  });

  test('aliases are lower-cased and sorted, as Evennia stores them', () => {
    assert.deepEqual(desired(TWO_ROOMS).byId.get('garden/garden.shed')?.aliases, ['n', 'shed']);
  });

  test('fields a file does not state stay unmanaged', () => {
    const room = desired(TWO_ROOMS).byId.get('garden');
    assert.equal(room?.desc, undefined);
    assert.equal(room?.tags, undefined);
  });

  test('an exit to an id that is not in the file is one error naming the exit, its room and the target', () => {
    const error = refusal(TWO_ROOMS.replace('to: garden.shed', 'to: garden.pond'));
    assert.equal(error.code, 'WORLD_ERR_BAD_REFERENCE');
    assert.equal(
      error.message,
      'world.yaml:8:51: areas[0].rooms[0].exits[0].to: exit "North" of room "garden" leads to "garden.pond", which is no room in this file',
    );
  });

  test('an exit that leads to a thing is refused', () => {
    const error = refusal(TWO_ROOMS.replace('to: garden.shed', 'to: garden.chest'));
    assert.match(error.message, /leads to "garden\.chest", which is a thing, not a room/);
  });

  test('two entries with one id are one error pointing at both', () => {
    const error = refusal(TWO_ROOMS.replace('id: garden.chest\n', 'id: garden.shed\n'));
    assert.equal(error.code, 'WORLD_ERR_DUPLICATE_ID');
    assert.match(
      error.message,
      /^world\.yaml:10:17: areas\[0\]\.rooms\[0\]\.things\[0\]\.id: duplicate id "garden\.shed" \(first used at world\.yaml:14:9/,
    );
  });

  test('two exits between the same rooms need ids of their own', () => {
    const error = refusal(
      TWO_ROOMS.replace(
        '          - { key: south, to: garden }',
        '          - { key: south, to: garden }\n          - { key: out, to: garden }',
      ),
    );
    assert.match(error.message, /duplicate id "garden\.shed\/garden".*give one of the exits its own id/);
  });

  test('one dbref bound twice is refused', () => {
    const error = refusal(`version: 1
rooms:
  - { id: a, dbref: "#2", key: A }
  - { id: b, dbref: "#2", key: B }
`);
    assert.equal(error.code, 'WORLD_ERR_DUPLICATE_ID');
    assert.match(error.message, /#2 is already bound to "a"/);
  });

  test('two areas with one id are refused', () => {
    const error = refusal(`version: 1
areas:
  - { id: a, rooms: [] }
  - { id: a, rooms: [] }
`);
    assert.match(error.message, /duplicate area id "a"/);
  });
});
