import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommandResult } from '../../mud-client/index.ts';
import { createTool } from './create.ts';
import { describeTool } from './describe.ts';
import { digTool } from './dig.ts';
import { capturedResult, capturedRoom } from './fixtures/captured-outputs.ts';

const here = { room: capturedRoom('look', { who: 'builder' }) };

describe('dig', () => {
  test('builds `dig <room> = <exit to>, <exit back>`', () => {
    assert.equal(
      digTool.build({ room: 'Scratch Room', exitTo: 'scratch', exitBack: 'back' }, here),
      'dig Scratch Room = scratch, back',
    );
  });

  test('refuses names that would add aliases, typeclasses or more exits', () => {
    for (const room of ['Room;alias', 'Room:typeclasses.Evil', 'Room = x', '@Room']) {
      assert.equal(digTool.input.safeParse({ room, exitTo: 'a', exitBack: 'b' }).success, false, room);
    }
    assert.equal(digTool.input.safeParse({ room: 'Room', exitTo: 'a, c', exitBack: 'b' }).success, false);
  });

  test('reads a dug room as ok and the usage answer as a failure', () => {
    const dug = digTool.parse(capturedResult('dig Scratch Room = scratch, back'), {
      room: 'Scratch Room',
      exitTo: 'scratch',
      exitBack: 'back',
    });
    assert.equal(dug.ok, true);
    assert.match(dug.text, /^Created room Scratch Room\(#\d+\)/);
    assert.equal(digTool.parse(capturedResult('dig'), { room: 'x', exitTo: 'a', exitBack: 'b' }).ok, false);
  });

  test('a player without Builder gets "not available", a failure', () => {
    const observation = digTool.parse(capturedResult('dig Scratch = a, b'), {
      room: 'Scratch',
      exitTo: 'a',
      exitBack: 'b',
    });
    assert.equal(observation.ok, false);
  });
});

describe('describe', () => {
  test('builds `desc <target> = <text>` and reads success and a missing target', () => {
    assert.equal(describeTool.command, 'desc');
    assert.equal(
      describeTool.build({ target: 'here', text: 'A quiet test room.' }, here),
      'desc here = A quiet test room.',
    );
    assert.equal(
      describeTool.parse(capturedResult('desc here = A quiet test room.'), { target: 'here', text: 'x' }).ok,
      true,
    );
    assert.equal(
      describeTool.parse(capturedResult('desc nothing-like-this = A thing.'), { target: 'x', text: 'y' }).ok,
      false,
    );
  });
});

describe('create', () => {
  test('builds `create <name>` and reads success and the usage answer', () => {
    assert.equal(createTool.build({ name: 'scratch box' }, here), 'create scratch box');
    assert.equal(createTool.parse(capturedResult('create scratch box'), { name: 'scratch box' }).ok, true);
    assert.equal(createTool.parse(capturedResult('create'), { name: 'x' }).ok, false);
  });

  test('a command left waiting for an answer is not ok', () => {
    const question: CommandResult = {
      ...capturedResult('create scratch box'),
      text: 'A new object named box will be created. Is this what you intended? [Y]/N?',
    };
    const observation = createTool.parse(question, { name: 'box' });
    assert.equal(observation.ok, false);
    assert.match(observation.text, /waiting for an answer/);
  });
});
