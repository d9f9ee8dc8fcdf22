import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { GoapBrain } from '../brains/goap/goap-brain.ts';
import { AgentDefinitionSchema } from '../definitions/agent-definition.ts';
import { readKnowledge } from '../knowledge/knowledge.ts';
import { agentPaths } from './agent-paths.ts';
import { AgentRuntime } from './agent-runtime.ts';
import { defaultToolkit } from './default-toolkit.ts';
import { SimulatedSession } from './testing/simulated-session.ts';

const ROOMS = [
  { dbref: '#2', key: 'Limbo', exits: [{ key: 'north', to: '#10' }] },
  {
    dbref: '#10',
    key: 'Fraternity Hall',
    exits: [
      { key: 'south', to: '#2' },
      { key: 'northeast', to: '#20' },
    ],
  },
  {
    dbref: '#20',
    key: 'Sovereign Spire',
    exits: [
      { key: 'southwest', to: '#10' },
      { key: 'up', to: '#21' },
    ],
  },
  { dbref: '#21', key: 'Ollama Sanctum', exits: [{ key: 'down', to: '#20' }] },
];

describe('the runtime with the real tools, knowledge and GOAP brain', () => {
  test('parses a task in words and walks three exits to an unknown room, learning the way', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-toolkit-'));
    try {
      const toolkit = defaultToolkit();
      const session = new SimulatedSession(ROOMS, '#2');
      const runtime = new AgentRuntime({
        definition: AgentDefinitionSchema.parse({ name: 'Ezra', role: 'mentor', limits: { taskStepMs: 0 } }),
        paths: agentPaths('Ezra', directory),
        password: 'not-a-real-password',
        brain: new GoapBrain(),
        toolkit,
        session,
        heartbeat: false,
        idle: false,
      });
      await runtime.start();
      const title = 'go to the Ollama Sanctum';
      const report = await runtime.enqueue({
        id: 'walk',
        title,
        goal: toolkit.parseTaskText(title),
        source: 'eval',
      });
      const knowledge = readKnowledge(runtime.state.knowledge);
      await runtime.stop();
      assert.equal(report.outcome.status, 'completed', report.outcome.summary);
      assert.equal(session.here, '#21');
      assert.deepEqual(session.sent.slice(-3), ['north', 'northeast', 'up']);
      assert.ok(knowledge?.rooms['#21']?.visited);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
