import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTaskText } from './parse-task-text.ts';

describe('parseTaskText', () => {
  const cases: [string, unknown][] = [
    ['go to the Teaching Grove', { kind: 'reach', room: 'Teaching Grove' }],
    ['Please walk over to the Heartbeat Shrine.', { kind: 'reach', room: 'Heartbeat Shrine' }],
    ['visit the shrine', { kind: 'reach', room: 'shrine' }],
    ['read the stone of patience', { kind: 'read', thing: 'stone of patience' }],
    ['Timmy, read the sovereignty stone please', { kind: 'read', thing: 'sovereignty stone' }],
    ['greet Allegro', { kind: 'greet', character: 'Allegro' }],
    ['say hello to Ezra!', { kind: 'greet', character: 'Ezra' }],
    ['write a note in the Hall saying hello', { kind: 'note', room: 'Hall', text: 'hello' }],
    [
      'leave a note in Limbo: "Welcome, newcomer"',
      { kind: 'note', room: 'Limbo', text: 'Welcome, newcomer' },
    ],
    [
      'write a note saying we were here in the Lesson Stones',
      { kind: 'note', room: 'Lesson Stones', text: 'we were here' },
    ],
    ['report what is in the Archive', { kind: 'report', room: 'Archive' }],
    ["what's in the Birth Chamber?", { kind: 'report', room: 'Birth Chamber' }],
    [
      'say "I am still here" in the Heartbeat Shrine',
      { kind: 'say', room: 'Heartbeat Shrine', text: 'I am still here' },
    ],
    ['go to Limbo and say hi everyone', { kind: 'say', room: 'Limbo', text: 'hi everyone' }],
    ['page Ezra saying the forge is ready', { kind: 'page', character: 'Ezra', text: 'the forge is ready' }],
    ['page Allegro = ping', { kind: 'page', character: 'Allegro', text: 'ping' }],
    ['explore', { kind: 'explore' }],
    ['explore the world', { kind: 'explore' }],
    ['explore the Teaching Grove', { kind: 'explore', area: 'Teaching Grove' }],
  ];
  for (const [text, goal] of cases) {
    test(`understands "${text}"`, () => {
      assert.deepEqual(parseTaskText(text), goal);
    });
  }

  test('leaves anything else as free text for an LLM brain', () => {
    assert.deepEqual(parseTaskText('compose a sonnet about heartbeats'), {
      kind: 'free',
      text: 'compose a sonnet about heartbeats',
    });
    assert.deepEqual(parseTaskText('   '), { kind: 'free', text: '(empty)' });
  });

  test('gives free text when a part would break the goal schema', () => {
    assert.equal(parseTaskText(`say "${'x'.repeat(2100)}" in Limbo`).kind, 'free');
  });
});
