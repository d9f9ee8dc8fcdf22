import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorldSeedError } from './errors.ts';
import { parseWorldFile } from './world-file.ts';

function schemaError(text: string): WorldSeedError {
  try {
    parseWorldFile(text, 'bad.yaml');
  } catch (error) {
    assert.ok(error instanceof WorldSeedError, String(error));
    return error;
  }
  assert.fail('the file was accepted');
}

const ROOM = 'version: 1\nrooms:\n  - id: garden\n    key: Garden\n';

describe('reading a world file', () => {
  test('accepts a minimal file with one room', () => {
    const { world } = parseWorldFile(ROOM, 'good.yaml');
    assert.equal(world.rooms?.[0]?.key, 'Garden');
  });

  test('a value of the wrong type names the file, the line, the path and what was expected', () => {
    const error = schemaError(`${ROOM}    exits:\n      - key: north\n        to: 7\n`);
    assert.equal(error.code, 'WORLD_ERR_SCHEMA');
    assert.equal(error.message, 'bad.yaml:7:13: rooms[0].exits[0].to: expected string, got number');
  });

  test('an unknown key is one error naming the key', () => {
    const error = schemaError(`${ROOM}    colour: green\n`);
    assert.equal(error.message, 'bad.yaml:3:5: rooms[0]: unknown key "colour"');
  });

  test('an id with capitals or spaces is refused with an example of a good one', () => {
    const error = schemaError(ROOM.replace('id: garden', 'id: The Garden'));
    assert.match(
      error.message,
      /^bad\.yaml:3:9: rooms\[0\]\.id: expected an id of lowercase letters.*"hall\.library"/,
    );
  });

  test('an unquoted dbref (a YAML comment) says to quote it', () => {
    const error = schemaError(`${ROOM}    dbref: #2\n`);
    assert.match(error.message, /rooms\[0\]\.dbref: expected a dbref in quotes like "#2"/);
  });

  test('a typeclass that is not a dotted Python path is refused', () => {
    const error = schemaError(`${ROOM}    typeclass: rooms/Room\n`);
    assert.match(error.message, /rooms\[0\]\.typeclass: expected a dotted Python path/);
  });

  test('a tag in a reserved timmy_ category is refused', () => {
    const error = schemaError(`${ROOM}    tags: [{ key: x, category: timmy_seed }]\n`);
    assert.match(error.message, /rooms\[0\]\.tags\[0\]/);
  });

  test('the attribute that holds the apply record cannot be set by the file', () => {
    const error = schemaError(`${ROOM}    attributes: { timmy_seed_applied: x }\n`);
    assert.match(error.message, /timmy_seed_applied is reserved/);
  });

  test('a version other than 1 is refused', () => {
    const error = schemaError(ROOM.replace('version: 1', 'version: 2'));
    assert.match(error.message, /^bad\.yaml:1:10: version: expected version: 1$/);
  });

  test('YAML that does not parse is a WORLD_ERR_YAML with its line', () => {
    const error = schemaError('version: 1\nrooms: [1, 2\nareas: 3\n');
    assert.equal(error.code, 'WORLD_ERR_YAML');
    assert.match(error.message, /^bad\.yaml:3:1: not valid YAML: Flow sequence/);
  });

  test('a key given twice in one mapping is a YAML error', () => {
    const error = schemaError(`${ROOM}    key: Again\n`);
    assert.equal(error.code, 'WORLD_ERR_YAML');
  });
});
