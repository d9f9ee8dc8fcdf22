/**
 * An agent on the Ollama brain (the real built Ollama with SmolLM2, test/harness/ollama-instance.ts) in a
 * real Evennia with the Timmy world: every action it takes is valid and allowed, and when Ollama stops in
 * the middle of a task the GOAP fallback carries the task to its end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Decision } from '../../agents/brains/brain.ts';
import type { AgentDefinition } from '../../agents/definitions/agent-definition.ts';
import type { AgentRuntime } from '../../agents/runtime/agent-runtime.ts';
import { type Lineage, startLineage } from '../../agents/runtime/start-lineage.ts';
import type { ToolObservation } from '../../agents/tools/tool.ts';
import { applyWorldFile } from '../../world-seed/apply-world-file.ts';
import { DEFAULT_WORLD_FILE } from '../../world-seed/world-file.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';
import { type OllamaInstance, useOllama } from '../harness/ollama-instance.ts';

let evennia: () => EvenniaInstance;
let ollama: () => OllamaInstance;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'timmy-agents-ollama-'));

interface Step {
  task: string | undefined;
  decision: Decision;
  observation: ToolObservation;
  offered: boolean;
  /** The room (key) the agent stood in when it decided. */
  room: string;
}

describe('an agent on the Ollama brain', () => {
  evennia = useEvennia();
  ollama = useOllama({ progress: message => process.stderr.write(`# ${message}\n`) });
  let lineage: Lineage;
  let agent: AgentRuntime;
  const steps: Step[] = [];

  before(async () => {
    await applyWorldFile(
      DEFAULT_WORLD_FILE,
      { host: evennia().host, port: evennia().ports.websocket },
      evennia().superuser,
    );
    const brisk = (definition: AgentDefinition): AgentDefinition => ({
      ...definition,
      heartbeat: 3600,
      // A pause between task steps lets the server stop between two decisions in the fallback test.
      limits: { ...definition.limits, taskStepMs: 2000, idleStepMs: 0, maxIterations: 60 },
    });
    lineage = await startLineage({
      game: {
        host: evennia().host,
        ports: { telnet: evennia().ports.telnet, websocket: evennia().ports.websocket },
      },
      superuser: evennia().superuser,
      stateRoot: scratch,
      only: ['Allegro-Primus'],
      brain: { kind: 'ollama', model: ollama().model, host: ollama().host },
      adjust: brisk,
      heartbeat: false,
    });
    agent = lineage.agents[0] as AgentRuntime;
    agent.onEvent(event => {
      if (event.kind === 'step') {
        steps.push({
          task: event.task?.id,
          decision: event.decision,
          observation: event.observation,
          offered: event.tools.includes(event.decision.tool),
          room: event.room.key,
        });
      }
    });
  });

  after(async () => {
    await lineage?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('takes twenty steps in the world, every action valid and allowed', async () => {
    let round = 0;
    while (steps.length < 20) {
      round++;
      await agent.enqueue({
        id: `explore-${round}`,
        title: 'Explore the world.',
        goal: { kind: 'explore' },
        source: 'eval',
        maxIterations: 25,
      });
    }
    const fromModel = steps.filter(
      step => step.decision.brain === 'ollama' && !step.decision.fallback,
    ).length;
    process.stderr.write(
      `# ${steps.length} steps: ${fromModel} decided by the model, ${steps.length - fromModel} by the fallback\n`,
    );
    for (const step of steps) {
      assert.equal(
        step.observation.refused,
        undefined,
        `${step.decision.tool} was refused: ${step.observation.refused}`,
      );
      assert.ok(step.offered, `${step.decision.tool} was offered`);
    }
  });

  test('falls back to GOAP when Ollama stops in the middle of a task, and still completes it', async () => {
    let stopped: Promise<number> | undefined;
    let report: Awaited<ReturnType<AgentRuntime['enqueue']>> | undefined;
    // The model may end a task at its first step; then the next one is tried.
    for (let attempt = 1; attempt <= 3 && stopped === undefined; attempt++) {
      const id = `wall-${attempt}`;
      const unsubscribe = agent.onEvent(event => {
        if (
          event.kind === 'step' &&
          event.task?.id === id &&
          event.step === 1 &&
          event.decision.tool !== 'complete'
        ) {
          unsubscribe();
          // Steps recorded once the server is down were all decided without it.
          stopped = ollama()
            .stopServer()
            .then(() => steps.length);
        }
      });
      report = await agent.enqueue({
        id,
        title: 'Go to the Memorial Wall.',
        goal: { kind: 'reach', room: 'Memorial Wall' },
        source: 'eval',
      });
      unsubscribe();
    }
    const stoppedAfter = await stopped;
    assert.ok(stoppedAfter !== undefined && report, 'a task outlived its first step');
    assert.equal(report.outcome.status, 'completed', report.outcome.summary);
    const afterStop = steps.slice(stoppedAfter).filter(step => step.task === report?.task.id);
    assert.ok(afterStop.length > 0, 'the task went on after Ollama stopped');
    for (const step of afterStop) {
      assert.ok(
        step.decision.fallback,
        `${step.decision.tool} by ${step.decision.brain} names why it fell back`,
      );
      assert.equal(step.observation.refused, undefined);
    }
    // The agent lives on after the task (its standing goals move it), so where it stood when it ended the
    // task is what the server last told it then.
    assert.equal(afterStop.at(-1)?.decision.tool, 'complete');
    assert.equal(afterStop.at(-1)?.room, 'Memorial Wall');
  });
});
