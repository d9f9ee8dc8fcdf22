import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentError } from '../runtime/errors.ts';
import {
  DEFAULT_LINEAGE_FILE,
  findDefinition,
  parseLineageFile,
  readLineageFile,
} from './definition-file.ts';

const rejection = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof AgentError, String(error));
  assert.equal(error.code, 'AGENT_ERR_DEFINITION_SCHEMA');
  assert.match(error.message, pattern);
  return true;
};

describe('the default lineage', () => {
  test('has Timmy, Allegro, Allegro-Primus, Ezra and Bezalel with their parents and defaults', () => {
    const lineage = readLineageFile(DEFAULT_LINEAGE_FILE);
    assert.deepEqual(
      lineage.agents.map(agent => [agent.name, agent.parent]),
      [
        ['Timmy', null],
        ['Allegro', 'Timmy'],
        ['Allegro-Primus', 'Allegro'],
        ['Ezra', 'Timmy'],
        ['Bezalel', 'Timmy'],
      ],
    );
    const primus = findDefinition(lineage, 'allegro-primus');
    assert.equal(primus.heartbeat, 900);
    assert.equal(primus.limits.maxIterations, 50);
    assert.deepEqual(primus.brain, { kind: 'goap' });
    assert.equal(primus.transport, 'telnet');
  });
});

describe('parseLineageFile', () => {
  test('reads an ollama brain and a heartbeat interval in seconds or with a unit', () => {
    const lineage = parseLineageFile(
      [
        'version: 1',
        'agents:',
        '  - name: Ezra',
        '    role: mentor',
        '    heartbeat: 30s',
        '    brain: { kind: ollama, model: smollm2-timmy }',
        '  - name: Primus',
        '    role: child',
        '    parent: Ezra',
        '    heartbeat: 120',
      ].join('\n'),
      'agents.yaml',
    );
    assert.deepEqual(lineage.agents[0]?.brain, { kind: 'ollama', model: 'smollm2-timmy' });
    assert.equal(lineage.agents[0]?.heartbeat, 30);
    assert.equal(lineage.agents[1]?.heartbeat, 120);
  });

  test('names the file, line and path of a wrong value', () => {
    const text = [
      'version: 1',
      'agents:',
      '  - name: Ezra',
      '    role: mentor',
      '    limits: { maxIterations: -3 }',
    ].join('\n');
    assert.throws(
      () => parseLineageFile(text, 'agents.yaml'),
      rejection(/^agents\.yaml:5:\d+: agents\[0\]\.limits\.maxIterations: /),
    );
  });

  test('refuses a parent that is no agent of the file, and unknown keys', () => {
    const text = [
      'version: 1',
      'agents:',
      '  - name: Ezra',
      '    role: mentor',
      '    parent: Nobody',
      '    colour: blue',
    ].join('\n');
    assert.throws(() => parseLineageFile(text, 'agents.yaml'), rejection(/unknown key "colour"/));
    const orphan = ['version: 1', 'agents:', '  - name: Ezra', '    role: mentor', '    parent: Nobody'].join(
      '\n',
    );
    assert.throws(
      () => parseLineageFile(orphan, 'agents.yaml'),
      rejection(/agents\.yaml:5:\d+: agents\[0\]\.parent: "Nobody" is no agent/),
    );
  });

  test('refuses two agents of one name and a builder toolset without the builder permission', () => {
    const text = [
      'version: 1',
      'agents:',
      '  - { name: Ezra, role: mentor }',
      '  - { name: ezra, role: copy, toolsets: [core, builder] }',
    ].join('\n');
    assert.throws(() => parseLineageFile(text, 'agents.yaml'), rejection(/already defined at agents\[0\]/));
    assert.throws(
      () => parseLineageFile(text, 'agents.yaml'),
      rejection(/builder toolset needs builder: true/),
    );
  });

  test('reports broken YAML with its line', () => {
    assert.throws(
      () => parseLineageFile('version: 1\nagents: [\n', 'agents.yaml'),
      (error: unknown) =>
        error instanceof AgentError &&
        error.code === 'AGENT_ERR_DEFINITION_YAML' &&
        /^agents\.yaml:\d+:\d+: not valid YAML/.test(error.message),
    );
  });

  test('tells which names exist when an unknown agent is asked for', () => {
    assert.throws(
      () => findDefinition(readLineageFile(DEFAULT_LINEAGE_FILE), 'Nobody'),
      (error: unknown) =>
        error instanceof AgentError &&
        error.code === 'AGENT_ERR_UNKNOWN_AGENT' &&
        /Timmy/.test(error.fix ?? ''),
    );
  });
});
