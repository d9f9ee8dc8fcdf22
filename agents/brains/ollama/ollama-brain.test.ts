import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import type { DecisionContext } from '../brain.ts';
import { DeterministicBrain, decisionContexts } from './decision-fixtures.ts';
import { FakeOllamaServer } from './fake-ollama-server.ts';
import { OllamaBrain, type OllamaBrainDependencies } from './ollama-brain.ts';

const HOST = 'http://127.0.0.1:11434';
const MODEL = 'smollm2-test';
/** A hall with exits, things, characters; every fixture tool is offered. */
const context = decisionContexts(2)[1] as DecisionContext;

interface Call {
  path: string;
  body: Record<string, unknown> | undefined;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** NDJSON chat stream: the message, then the final statistics line. */
const chatStream = (message: Record<string, unknown>, final: Record<string, unknown> = {}) =>
  new Response(
    [
      { model: MODEL, message: { role: 'assistant', content: '', ...message }, done: false },
      {
        model: MODEL,
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 42,
        eval_count: 7,
        ...final,
      },
    ]
      .map(line => JSON.stringify(line))
      .join('\n'),
    { status: 200, headers: { 'content-type': 'application/x-ndjson' } },
  );

/** An in-memory Ollama behind an injected fetch: no network. */
function scripted(routes: {
  capabilities?: string[];
  show?: () => Response;
  chat?: (body: Call['body']) => Response;
}) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    init?.signal?.throwIfAborted();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    calls.push({ path: url.pathname, body });
    if (url.pathname === '/api/version') return json(200, { version: '0.11.4' });
    if (url.pathname === '/api/show')
      return routes.show?.() ?? json(200, { capabilities: routes.capabilities ?? ['completion'] });
    if (url.pathname === '/api/chat' && routes.chat) return routes.chat(body);
    return json(404, { error: 'not found' });
  };
  return { fetch, calls, chats: () => calls.filter(call => call.path === '/api/chat') };
}

function brainWith(dependencies: Partial<OllamaBrainDependencies>, config: Record<string, unknown> = {}) {
  const fallback = new DeterministicBrain();
  const logged: string[] = [];
  const brain = new OllamaBrain(
    { host: HOST, model: MODEL, ...config },
    { fallback, log: line => logged.push(line), ...dependencies },
  );
  return { brain, fallback, logged };
}

const answer = (value: unknown) => chatStream({ content: JSON.stringify(value) });

describe('OllamaBrain', () => {
  test('decides the offered tool the model chose, with its reason, tokens and time', async () => {
    const server = scripted({
      chat: () => answer({ tool: 'go', input: { exit: 'east' }, reason: 'to the chamber' }),
    });
    const { brain, fallback } = brainWith({ fetch: server.fetch });
    const decision = await brain.decide(context);
    assert.deepEqual(
      { ...decision, ms: undefined },
      {
        tool: 'go',
        input: { exit: 'east' },
        reason: 'to the chamber',
        brain: 'ollama',
        tokens: { prompt: 42, completion: 7 },
        ms: undefined,
      },
    );
    assert.equal(typeof decision.ms, 'number');
    assert.equal(fallback.calls, 0);
  });

  test('without the tools capability asks for JSON constrained to a union of exactly the offered tools', async () => {
    const server = scripted({ chat: () => answer({ tool: 'look', input: {}, reason: 'r' }) });
    const { brain } = brainWith({ fetch: server.fetch });
    await brain.decide(context);
    const [chat] = server.chats();
    const format = chat?.body?.format as { anyOf: { properties: { tool: { const: string } } }[] };
    assert.deepEqual(
      format.anyOf.map(branch => branch.properties.tool.const),
      context.tools.map(tool => tool.definition.name),
    );
    assert.equal(chat?.body?.tools, undefined);
    assert.equal(brain.usesNativeTools, false);
  });

  test('with the tools capability sends the offered tools natively and reads the tool call', async () => {
    const server = scripted({
      capabilities: ['completion', 'tools'],
      chat: () =>
        chatStream({ tool_calls: [{ function: { name: 'say', arguments: { text: 'Hello, Ezra.' } } }] }),
    });
    const { brain } = brainWith({ fetch: server.fetch });
    const decision = await brain.decide(context);
    assert.equal(decision.brain, 'ollama');
    assert.deepEqual([decision.tool, decision.input], ['say', { text: 'Hello, Ezra.' }]);
    const [chat] = server.chats();
    assert.deepEqual(
      ((chat?.body?.tools ?? []) as { function: { name: string } }[]).map(tool => tool.function.name),
      context.tools.map(tool => tool.definition.name),
    );
    assert.equal(chat?.body?.format, undefined);
  });

  test('after the server refuses native tools it falls back once, then asks for JSON instead', async () => {
    let refused = false;
    const server = scripted({
      capabilities: ['completion', 'tools'],
      chat: body => {
        if (body?.tools) {
          refused = true;
          return json(400, { error: `${MODEL} does not support tools` });
        }
        return answer({ tool: 'wait', input: {}, reason: 'r' });
      },
    });
    const { brain } = brainWith({ fetch: server.fetch });
    const first = await brain.decide(context);
    assert.ok(refused);
    assert.match(first.fallback ?? '', /refused native tools/);
    const second = await brain.decide(context);
    assert.equal(second.brain, 'ollama');
    assert.equal(second.tool, 'wait');
  });

  for (const [situation, reply, expected] of [
    [
      'names a tool that was not offered',
      { tool: 'fly', input: {}, reason: 'r' },
      /tool "fly" was not offered/,
    ],
    [
      'gives an input the tool refuses',
      { tool: 'go', input: { exit: 'nowhere' }, reason: 'r' },
      /bad input for go: exit/,
    ],
    ['leaves out the tool', { input: {}, reason: 'r' }, /invalid answer: tool/],
  ] as const) {
    test(`falls back with the reason when the model ${situation}`, async () => {
      const server = scripted({ chat: () => answer(reply) });
      const { brain, fallback, logged } = brainWith({ fetch: server.fetch });
      const decision = await brain.decide(context);
      assert.equal(decision.brain, 'goap');
      assert.equal(decision.tool, 'look');
      assert.match(decision.fallback ?? '', expected);
      assert.deepEqual(decision.tokens, { prompt: 42, completion: 7 });
      assert.equal(fallback.calls, 1);
      assert.match(logged.at(-1) ?? '', /decided by goap/);
    });
  }

  test('falls back when the reply is not JSON or was cut at the output limit', async () => {
    const notJson = scripted({ chat: () => chatStream({ content: 'I think I will look around.' }) });
    assert.match(
      (await brainWith({ fetch: notJson.fetch }).brain.decide(context)).fallback ?? '',
      /not JSON/,
    );
    const cut = scripted({
      chat: () => chatStream({ content: '{"tool": "look", "inp' }, { done_reason: 'length' }),
    });
    assert.match(
      (await brainWith({ fetch: cut.fetch }).brain.decide(context)).fallback ?? '',
      /output token limit/,
    );
  });

  test('falls back when the model is missing and leaves the server alone until the re-probe delay passed', async () => {
    let now = 1_000_000;
    const server = scripted({ show: () => json(404, { error: `model '${MODEL}' not found` }) });
    const { brain, fallback } = brainWith(
      { fetch: server.fetch, now: () => now },
      { reprobeAfterMs: 10_000 },
    );
    const first = await brain.decide(context);
    assert.match(
      first.fallback ?? '',
      /model smollm2-test not found on http:\/\/127\.0\.0\.1:11434 \(ollama pull smollm2-test\)/,
    );
    const callsAfterFirst = server.calls.length;
    now += 5_000;
    const second = await brain.decide(context);
    assert.match(second.fallback ?? '', /circuit open, next probe in 5 s/);
    assert.equal(server.calls.length, callsAfterFirst, 'no request while the circuit is open');
    now += 5_000;
    await brain.decide(context);
    assert.ok(server.calls.length > callsAfterFirst, 'probed again after the delay');
    assert.equal(fallback.calls, 3);
  });

  test('falls back when nothing listens on the port, naming the connection error', async () => {
    const port = await new Promise<number>(resolve => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { brain } = brainWith({}, { host: `http://127.0.0.1:${port}` });
    const decision = await brain.decide(context);
    assert.equal(decision.brain, 'goap');
    assert.match(
      decision.fallback ?? '',
      new RegExp(`ollama unreachable at http://127.0.0.1:${port} \\(ECONNREFUSED\\)`),
    );
  });

  test('a step cancelled by the runtime throws instead of falling back', async () => {
    const server = scripted({ chat: () => answer({ tool: 'look', input: {}, reason: 'r' }) });
    const { brain, fallback } = brainWith({ fetch: server.fetch });
    const controller = new AbortController();
    controller.abort(new Error('agent stopped'));
    await assert.rejects(brain.decide({ ...context, signal: controller.signal }), /agent stopped/);
    assert.equal(fallback.calls, 0);
  });

  test('takes its host from the configuration, else from OLLAMA_HOST, else the default', () => {
    const fallback = new DeterministicBrain();
    const environment = { OLLAMA_HOST: '127.0.0.1:5555' };
    assert.equal(
      new OllamaBrain({ model: MODEL, host: 'http://h:1' }, { fallback, environment }).host,
      'http://h:1',
    );
    assert.equal(new OllamaBrain({ model: MODEL }, { fallback, environment }).host, '127.0.0.1:5555');
    assert.equal(new OllamaBrain({ model: MODEL }, { fallback, environment: {} }).host, HOST);
  });

  describe('against a fake server, for faults a real Ollama cannot be made to produce', () => {
    const servers: FakeOllamaServer[] = [];
    after(() => Promise.all(servers.map(server => server.close())));

    test('an {"error"} line in the middle of the stream makes the step fall back with that error', async () => {
      const fake = await FakeOllamaServer.start({
        kind: 'error-mid-stream',
        content: '{"tool": "lo',
        error: 'runner crashed',
      });
      servers.push(fake);
      const { brain } = brainWith({ fetch: globalThis.fetch }, { host: fake.host });
      const decision = await brain.decide(context);
      assert.equal(decision.brain, 'goap');
      assert.match(decision.fallback ?? '', /ollama failed: runner crashed/);
    });

    test('a server that never answers makes the step fall back after the time limit', async () => {
      const fake = await FakeOllamaServer.start({ kind: 'hang' });
      servers.push(fake);
      const { brain } = brainWith({ fetch: globalThis.fetch }, { host: fake.host, timeoutMs: 300 });
      const decision = await brain.decide(context);
      assert.equal(decision.brain, 'goap');
      assert.match(decision.fallback ?? '', /did not answer within 300 ms/);
      fake.setChat({ kind: 'answer', content: JSON.stringify({ tool: 'wait', input: {}, reason: 'r' }) });
      const next = await brain.decide(context);
      assert.equal(next.brain, 'ollama', 'a timeout does not open the circuit');
    });
  });
});
