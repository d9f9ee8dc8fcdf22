import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { offeredTools, worldRooms } from './decision-fixtures.ts';
import { decisionSchema, grammarSafeSchema, nativeTools, REASON_MAX_LENGTH } from './decision-schema.ts';

const hall = worldRooms().find(room => room.key === 'Fraternity Hall');
assert.ok(hall);
const tools = offeredTools(hall);

type Branch = {
  properties: { tool: { const: string }; input: Record<string, unknown>; reason: unknown };
  required: string[];
};

describe('the decision schema', () => {
  test('has one branch per offered tool: its name as a constant, its input schema, a bounded reason', () => {
    const schema = decisionSchema(tools) as { anyOf: Branch[] };
    assert.deepEqual(
      schema.anyOf.map(branch => branch.properties.tool.const),
      ['look', 'go', 'say', 'read', 'wait', 'complete'],
    );
    const go = schema.anyOf[1] as Branch;
    assert.deepEqual(go.required, ['tool', 'input', 'reason']);
    assert.deepEqual(go.properties.input.properties, {
      exit: { type: 'string', enum: hall.exits.map(exit => exit.key) },
    });
    assert.deepEqual(go.properties.reason, { type: 'string', maxLength: REASON_MAX_LENGTH });
  });

  test('is a single object when only one tool is offered', () => {
    const [look] = tools;
    assert.ok(look);
    const schema = decisionSchema([look]) as unknown as Branch;
    assert.equal(schema.properties.tool.const, 'look');
  });

  test('leaves out keywords a sampling grammar may not compile, keeping the rest', () => {
    const schema = z.toJSONSchema(
      z.object({
        name: z
          .string()
          .regex(/^[a-z]+$/)
          .max(5),
        mail: z.email(),
      }),
    );
    assert.match(JSON.stringify(schema), /pattern/);
    const safe = grammarSafeSchema(schema);
    assert.doesNotMatch(JSON.stringify(safe), /pattern|"format"|\$schema/);
    assert.deepEqual((safe as { properties: { name: unknown } }).properties.name, {
      type: 'string',
      maxLength: 5,
    });
  });

  test('gives the offered tools as native tool definitions with their descriptions', () => {
    const native = nativeTools(tools);
    assert.deepEqual(
      native.map(tool => [tool.type, tool.function.name, tool.function.description]),
      tools.map(tool => ['function', tool.definition.name, tool.description]),
    );
    assert.equal(native[2]?.function.parameters?.type, 'object');
  });
});
