import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capturedResult } from './fixtures/captured-outputs.ts';
import { helpCommandLine, helpDescription } from './help-text.ts';

describe('helpDescription', () => {
  test('keeps the summary, the usage and the first paragraph of an Evennia help answer', () => {
    assert.equal(helpCommandLine('say'), 'help say');
    assert.equal(
      helpDescription(capturedResult('help say').text),
      'speak as your character\nUsage:\n say <message>\nTalk to those in your current location.',
    );
  });

  test('reads the help text a command_help reply carries, without the frame', () => {
    const framed = capturedResult('help write').text;
    const bare = framed
      .split('\n')
      .filter(line => !/^-+$/.test(line) && !/^Help for /.test(line))
      .join('\n');
    assert.equal(helpDescription(bare), helpDescription(framed));
    assert.match(helpDescription(bare) ?? '', /^leave a note in the room\nUsage:\n write <title> = <text>/);
  });

  test('skips switches and examples and stays bounded', () => {
    const dig = helpDescription(capturedResult('help dig').text) ?? '';
    assert.match(dig, /^build new rooms and connect them to the current location\nUsage:/);
    assert.match(dig, /This command is a convenient way to build rooms quickly/);
    assert.doesNotMatch(dig, /Switches:|Examples:/);
    assert.ok(dig.length <= 600);
  });

  test('is undefined when the game has no help for the command', () => {
    assert.equal(helpDescription(capturedResult('help nothing-such').text), undefined);
  });
});
