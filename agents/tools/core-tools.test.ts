import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeTool } from './complete.ts';
import { capturedResult, capturedRoom } from './fixtures/captured-outputs.ts';
import { goTool, resolveExit } from './go.ts';
import { inventoryTool } from './inventory.ts';
import { lookTool } from './look.ts';
import { pageTool } from './page.ts';
import { poseTool } from './pose.ts';
import { readTool } from './read.ts';
import { sayTool } from './say.ts';
import { waitTool } from './wait.ts';
import { writeTool } from './write.ts';

const limbo = capturedRoom('look', { who: 'player' });
const hall = capturedRoom('north');
const stones = capturedRoom('west');
const here = { room: hall };

describe('look', () => {
  test('builds a bare look, or a look at a target', () => {
    assert.equal(lookTool.build(lookTool.input.parse({}), here), 'look');
    assert.equal(lookTool.build(lookTool.input.parse({ target: 'Nostr beacon' }), here), 'look Nostr beacon');
  });

  test('reads the room and the things in it as ok', () => {
    const observation = lookTool.parse(capturedResult('look', { who: 'player' }), {});
    assert.equal(observation.ok, true);
    assert.match(observation.text, /^Limbo\n/);
    assert.equal(lookTool.parse(capturedResult('look Nostr beacon'), { target: 'Nostr beacon' }).ok, true);
  });

  test('reports a target that is not here as a failure', () => {
    const observation = lookTool.parse(capturedResult('look beacon'), { target: 'beacon' });
    assert.equal(observation.ok, false);
    assert.equal(observation.text, "Could not find 'beacon'.");
  });
});

describe('go', () => {
  test('is available only in a room with exits', () => {
    assert.equal(goTool.available?.({ room: hall }), true);
    assert.equal(goTool.available?.({ room: { ...hall, exits: [] } }), false);
  });

  test('resolves an exit by key, alias, destination key or seed id, and sends the exit key', () => {
    for (const name of ['north', 'n', 'shrine', 'Heartbeat Shrine', 'hall.heartbeat-shrine', 'NORTH']) {
      assert.equal(goTool.build({ exit: name }, here), 'north', name);
    }
    assert.equal(resolveExit(hall, 'Teaching Grove'), undefined, 'the grove is not next to the hall');
    assert.equal(resolveExit(limbo, 'Fraternity Hall')?.key, 'north');
  });

  test('refuses an exit that is not in this room, naming the exits that are', () => {
    const schema = goTool.forRoom?.({ room: stones });
    assert.ok(schema);
    const refused = schema.safeParse({ exit: 'north' });
    assert.equal(refused.success, false);
    assert.match(
      refused.error?.issues[0]?.message ?? '',
      /no such exit here; exits: east \(to Teaching Grove\)/,
    );
    assert.equal(schema.safeParse({ exit: 'east' }).success, true);
  });

  test('reads arriving in a room as ok and an unknown direction as a failure', () => {
    assert.equal(goTool.parse(capturedResult('north'), { exit: 'north' }).ok, true);
    const failed = goTool.parse(capturedResult('up'), { exit: 'up' });
    assert.equal(failed.ok, false);
    assert.match(failed.text, /^Command 'up' is not available\./);
  });
});

describe('say and pose', () => {
  test('build one command line from the text', () => {
    assert.equal(sayTool.build({ text: 'Hello, lineage!' }, here), 'say Hello, lineage!');
    assert.equal(poseTool.build({ action: 'waves to everyone.' }, here), 'pose waves to everyone.');
  });

  test('read what Evennia answers', () => {
    const said = sayTool.parse(capturedResult('say Hello, lineage!'), { text: 'Hello, lineage!' });
    assert.deepEqual(said, { ok: true, text: 'You say, "Hello, lineage!"' });
    assert.equal(sayTool.parse(capturedResult('say'), { text: '' }).ok, false, 'Say what?');
    const posed = poseTool.parse(capturedResult('pose waves to everyone.'), { action: 'waves to everyone.' });
    assert.deepEqual(posed, { ok: true, text: 'Wanderer waves to everyone.' });
  });

  test('refuse text that would become a second command or another command', () => {
    for (const text of ['hi\nquit', 'hi\rquit', '@dig Room', '/switch hi', '|rred', '   ', '']) {
      assert.equal(sayTool.input.safeParse({ text }).success, false, JSON.stringify(text));
    }
    assert.equal(sayTool.input.safeParse({ text: 'x'.repeat(1001) }).success, false, 'too long');
    assert.equal(sayTool.input.safeParse({ text: 'hi', extra: 1 }).success, false, 'unknown keys');
  });
});

describe('read', () => {
  test('reads a lesson stone as ok with its teaching', () => {
    const observation = readTool.parse(capturedResult('read sovereignty stone', { occurrence: 1 }), {
      thing: 'sovereignty stone',
    });
    assert.equal(observation.ok, true);
    assert.match(observation.text, /^You read sovereignty stone:\n\nOn Sovereignty\./);
  });

  test('reports missing, unreadable and ambiguous things as failures', () => {
    for (const command of ['read sovereignty stone', 'read beacon', 'read stone', 'read']) {
      assert.equal(readTool.parse(capturedResult(command), { thing: 'x' }).ok, false, command);
    }
  });
});

describe('write', () => {
  test('builds `write <title> = <text>` and refuses an = or a separator in the title', () => {
    assert.equal(
      writeTool.build({ title: 'Greetings', text: 'Hello = hi' }, here),
      'write Greetings = Hello = hi',
    );
    assert.equal(writeTool.input.safeParse({ title: 'a = b', text: 'c' }).success, false);
    assert.equal(writeTool.input.safeParse({ title: 'a;b', text: 'c' }).success, false);
  });

  test('reads a note left as ok, and the usage answer and long titles as failures', () => {
    const input = { title: 'Greetings', text: 'Hello from the stones' };
    const written = writeTool.parse(capturedResult('write Greetings = Hello from the stones'), input);
    assert.deepEqual(written, { ok: true, text: "You write a note titled 'Greetings' and leave it here." });
    assert.equal(writeTool.parse(capturedResult('write Greetings'), input).ok, false);
    assert.equal(writeTool.input.safeParse({ title: 'x'.repeat(61), text: 'hi' }).success, false);
  });

  test('a note is read back with its author', () => {
    const observation = readTool.parse(capturedResult('read Greetings'), { thing: 'Greetings' });
    assert.equal(observation.ok, true);
    assert.match(observation.text, /^You read Greetings:\n\nHello from the stones\n\n {2}- Wanderer$/);
  });
});

describe('inventory and page', () => {
  test('an empty inventory is an ok answer', () => {
    assert.equal(inventoryTool.build({}, here), 'inventory');
    assert.deepEqual(inventoryTool.parse(capturedResult('inventory'), {}), {
      ok: true,
      text: 'You are not carrying anything.',
    });
  });

  test('page builds `page <character> = <text>` and reads success and an unknown character', () => {
    assert.equal(
      pageTool.build({ character: 'Bystander', text: 'Hello from the hall' }, here),
      'page Bystander = Hello from the hall',
    );
    assert.equal(
      pageTool.parse(capturedResult('page Bystander = Hello from the hall'), {
        character: 'Bystander',
        text: 'Hello from the hall',
      }).ok,
      true,
    );
    assert.equal(
      pageTool.parse(capturedResult('page Nobody = hi'), { character: 'Nobody', text: 'hi' }).ok,
      false,
    );
    assert.equal(
      pageTool.input.safeParse({ character: 'A, B', text: 'hi' }).success,
      false,
      'several targets',
    );
  });
});

describe('wait and complete', () => {
  test('send nothing to the MUD', () => {
    assert.equal(waitTool.build({ seconds: 5 }, here), null);
    assert.equal(completeTool.build({ status: 'completed', summary: 'done' }, here), null);
    assert.equal(waitTool.command, null);
    assert.equal(completeTool.toolset, 'task');
  });

  test('accept only 1 to 60 whole seconds and a known status with a summary', () => {
    assert.equal(waitTool.input.safeParse({ seconds: 0 }).success, false);
    assert.equal(waitTool.input.safeParse({ seconds: 61 }).success, false);
    assert.equal(waitTool.input.safeParse({ seconds: 2.5 }).success, false);
    assert.equal(completeTool.input.safeParse({ status: 'done', summary: 'x' }).success, false);
    assert.equal(completeTool.input.safeParse({ status: 'failed', summary: ' ' }).success, false);
  });
});
