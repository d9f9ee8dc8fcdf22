/**
 * The Ollama brain against a REAL Ollama v0.11.4 (built by the harness with -march=native) serving the
 * real SmolLM2-135M-Instruct: every decision is a valid, offered tool call, whether it came from the
 * model or from the fallback, and a server that goes away mid-run only moves decisions to the fallback.
 * Structure is asserted, not intelligence (a 135M model is not expected to play well).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Decision, DecisionContext } from '../../agents/brains/brain.ts';
import { DeterministicBrain, decisionContexts } from '../../agents/brains/ollama/decision-fixtures.ts';
import { OllamaBrain } from '../../agents/brains/ollama/ollama-brain.ts';
import { useOllama } from '../harness/ollama-instance.ts';

/** Generous: two shared cores, other test processes beside this one. */
const DECISION_TIMEOUT_MS = 180_000;

function assertValidDecision(decision: Decision, context: DecisionContext): void {
  const offered = context.tools.find(tool => tool.definition.name === decision.tool);
  assert.ok(
    offered,
    `${decision.tool} was offered (${context.tools.map(tool => tool.definition.name).join(', ')})`,
  );
  const schema = offered.input ?? offered.definition.input;
  assert.ok(
    schema.safeParse(decision.input).success,
    `valid input for ${decision.tool}: ${JSON.stringify(decision.input)}`,
  );
  assert.equal(typeof decision.reason, 'string');
  assert.ok(decision.brain === 'ollama' || decision.fallback, 'a decision not from the model says why');
}

describe('the Ollama brain with a real Ollama and SmolLM2', () => {
  const ollama = useOllama();
  const newBrain = (overrides: Record<string, unknown> = {}) => {
    const fallback = new DeterministicBrain();
    const logged: string[] = [];
    const brain = new OllamaBrain(
      { host: ollama().host, model: ollama().model, timeoutMs: DECISION_TIMEOUT_MS, ...overrides },
      { fallback, log: line => logged.push(line) },
    );
    return { brain, fallback, logged };
  };

  test('twenty consecutive decisions over world rooms are each an offered tool with a valid input', async t => {
    const { brain, fallback } = newBrain();
    const contexts = decisionContexts(20);
    const decisions: Decision[] = [];
    const started = Date.now();
    for (const context of contexts) {
      const decision = await brain.decide(context);
      assertValidDecision(decision, context);
      decisions.push(decision);
    }
    const seconds = (Date.now() - started) / 1000;
    const fromModel = decisions.filter(decision => decision.brain === 'ollama');
    const reasons = decisions.flatMap(decision => (decision.fallback ? [decision.fallback] : []));
    t.diagnostic(
      `${fromModel.length} of 20 decisions from the model, ${fallback.calls} from the fallback; ${(20 / seconds).toFixed(2)} decisions/s`,
    );
    t.diagnostic(
      `prompt tokens per decision: ${fromModel.map(decision => decision.tokens?.prompt).join(', ')}; completion: ${fromModel.map(decision => decision.tokens?.completion).join(', ')}`,
    );
    for (const reason of new Set(reasons)) t.diagnostic(`fallback: ${reason}`);
    assert.equal(fromModel.length + fallback.calls, 20);
    assert.ok(fromModel.length > 0, 'the model path works at all');
    assert.equal(
      brain.usesNativeTools,
      false,
      'the ChatML template offers no native tools: JSON schema answers',
    );
    for (const decision of fromModel) {
      assert.ok(
        (decision.tokens?.prompt ?? 0) > 0 && (decision.tokens?.completion ?? 0) > 0,
        'token counts reported',
      );
    }
  });

  test('a model the server does not have makes the step fall back, naming the model', async () => {
    const { brain, fallback } = newBrain({ model: 'no-such-model' });
    const [context] = decisionContexts(1) as [DecisionContext];
    const decision = await brain.decide(context);
    assertValidDecision(decision, context);
    assert.equal(decision.brain, 'goap');
    assert.match(decision.fallback ?? '', /model no-such-model not found/);
    assert.equal(fallback.calls, 1);
  });

  test('stopping the server mid-run moves the next decisions to the fallback with a reason, and it recovers', async () => {
    const { brain, logged } = newBrain({ reprobeAfterMs: 1000 });
    const contexts = decisionContexts(5);
    const first = await brain.decide(contexts[0] as DecisionContext);
    assert.equal(first.brain, 'ollama', first.fallback);
    const group = ollama().server.pid;
    await ollama().stopServer();
    assert.ok(group);
    assert.throws(() => process.kill(-group, 0), { code: 'ESRCH' }, 'the server and its runner are gone');
    const down = await brain.decide(contexts[1] as DecisionContext);
    assertValidDecision(down, contexts[1] as DecisionContext);
    assert.equal(down.brain, 'goap');
    assert.match(down.fallback ?? '', /ollama unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    const blocked = await brain.decide(contexts[2] as DecisionContext);
    assert.match(blocked.fallback ?? '', /circuit open/);
    assert.ok(
      logged.some(line => /decided by goap: ollama unreachable/.test(line)),
      'the fallback is logged',
    );
    await ollama().restart();
    await sleep(1100);
    const back = await brain.decide(contexts[3] as DecisionContext);
    assertValidDecision(back, contexts[3] as DecisionContext);
    assert.equal(back.brain, 'ollama', back.fallback);
  });
});
