import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonAnswer, validateAnswer } from './answer-validation.ts';
import { FIXTURE_TOOLS, offeredTools, offerTool, worldRooms } from './decision-fixtures.ts';

const hall = worldRooms().find(room => room.key === 'Fraternity Hall');
assert.ok(hall);
const tools = offeredTools(hall);

describe('answer validation', () => {
  test('accepts an offered tool with a valid input and returns the parsed input', () => {
    assert.deepEqual(
      validateAnswer({ tool: 'say', input: { text: '  Hello  ' }, reason: ' greet ' }, tools),
      {
        ok: true,
        tool: 'say',
        input: { text: 'Hello' },
        reason: 'greet',
      },
    );
  });

  test('refuses a tool that exists but was not offered in this room', () => {
    const withoutRead = tools.filter(tool => tool.definition.name !== 'read');
    const result = validateAnswer(
      { tool: 'read', input: { thing: 'Nostr beacon' }, reason: '' },
      withoutRead,
    );
    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? result.reason : '',
      /tool "read" was not offered \(offered: look, go, say, wait, complete\)/,
    );
  });

  test('checks the input against the room-narrowed schema the runtime offered', () => {
    const result = validateAnswer({ tool: 'go', input: { exit: 'sideways' }, reason: '' }, tools);
    assert.equal(result.ok, false);
    const unnarrowed = [{ ...offerTool(FIXTURE_TOOLS.go, hall), input: undefined }];
    assert.equal(
      validateAnswer({ tool: 'go', input: { exit: 'sideways' }, reason: '' }, unnarrowed).ok,
      true,
    );
  });

  test('refuses extra input fields, missing fields and non-object answers', () => {
    for (const answer of [
      { tool: 'look', input: { extra: 1 }, reason: '' },
      { tool: 'say', input: {}, reason: '' },
      { tool: 'say', input: { text: '' }, reason: '' },
      'look',
      null,
      [{ tool: 'look' }],
    ]) {
      assert.equal(validateAnswer(answer, tools).ok, false, JSON.stringify(answer));
    }
  });

  test('treats a missing input as empty and a missing reason as blank', () => {
    assert.deepEqual(validateAnswer({ tool: 'look' }, tools), {
      ok: true,
      tool: 'look',
      input: {},
      reason: '',
    });
  });

  test('parses JSON text without throwing', () => {
    assert.deepEqual(parseJsonAnswer(' {"tool":"look"} '), { ok: true, value: { tool: 'look' } });
    assert.match(JSON.stringify(parseJsonAnswer('{"tool":')), /not JSON/);
    assert.match(JSON.stringify(parseJsonAnswer('  ')), /empty reply/);
  });
});
