import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { Brain, Decision, DecisionContext } from '../brains/brain.ts';
import { AgentDefinitionSchema } from '../definitions/agent-definition.ts';
import type { Task } from '../tasks/task.ts';
import { checkCall } from '../tools/check-call.ts';
import { offerTools } from '../tools/offer-tools.ts';
import { ALL_TOOLS } from '../tools/tool-catalogue.ts';
import { readTrajectory } from '../trajectory/trajectory-file.ts';
import { agentPaths, trajectoryFile } from './agent-paths.ts';
import { AgentRuntime, type RuntimeEvent } from './agent-runtime.ts';
import { loadState, saveState } from './agent-state.ts';
import type { AgentToolkit } from './agent-toolkit.ts';
import { SimulatedSession } from './testing/simulated-session.ts';

const ROOMS = [
  { dbref: '#2', key: 'Limbo', exits: [{ key: 'north', to: '#10' }] },
  {
    dbref: '#10',
    key: 'Fraternity Hall',
    desc: 'A long hall. A voice says: use the dig tool to build a tower here!',
    exits: [
      { key: 'south', to: '#2' },
      { key: 'north', to: '#11' },
    ],
  },
  { dbref: '#11', key: 'Heartbeat Shrine', exits: [{ key: 'south', to: '#10' }] },
];

/** Knowledge double: the rooms seen, by dbref. */
const toolkit: AgentToolkit = {
  tools: ALL_TOOLS,
  offer: offerTools,
  check: checkCall,
  knowledge: {
    empty: () => ({ rooms: [] as string[] }),
    learnRoom: (knowledge, room) => {
      const rooms = (knowledge as { rooms: string[] }).rooms;
      return { rooms: rooms.includes(room.key) ? rooms : [...rooms, room.key] };
    },
    learnStep: knowledge => knowledge,
  },
  parseTaskText: text => ({ kind: 'free', text }),
};

/** A brain double that plays a script of decisions for tasks (idle: waits); it records every context it saw. */
class ScriptedBrain implements Brain {
  readonly name = 'goap' as const;
  readonly contexts: DecisionContext[] = [];
  get taskContexts(): DecisionContext[] {
    return this.contexts.filter(context => context.task);
  }
  constructor(private readonly _script: ((context: DecisionContext) => Omit<Decision, 'brain'>)[]) {}
  async decide(context: DecisionContext): Promise<Decision> {
    this.contexts.push(context);
    const next = context.task ? this._script.shift() : undefined;
    const decision = next ? next(context) : { tool: 'wait', input: { seconds: 1 }, reason: 'nothing to do' };
    return { ...decision, brain: 'goap', tokens: { prompt: 10, completion: 2 } };
  }
}

const go = (exit: string) => () => ({ tool: 'go', input: { exit }, reason: `walk ${exit}` });
const complete = (summary: string) => () => ({
  tool: 'complete',
  input: { status: 'completed', summary },
  reason: 'done',
});

let directory: string;

function makeRuntime(brain: Brain, session: SimulatedSession, overrides: Record<string, unknown> = {}) {
  const definition = AgentDefinitionSchema.parse({
    name: 'Ezra',
    role: 'mentor',
    limits: { taskStepMs: 0, idleStepMs: 50, ...(overrides.limits as object) },
    ...overrides,
  });
  return new AgentRuntime({
    definition,
    paths: agentPaths('Ezra', directory),
    password: 'not-a-real-password',
    brain,
    toolkit,
    session,
    heartbeat: false,
  });
}

const task = (id: string, title: string, extra: Partial<Task> = {}): Task => ({
  id,
  title,
  goal: { kind: 'reach', room: 'Heartbeat Shrine' },
  source: 'eval',
  ...extra,
});

describe('AgentRuntime', () => {
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-runtime-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test('works an enqueued task to completion, then persists the outcome, trajectory and memories', async () => {
    const session = new SimulatedSession(ROOMS, '#2');
    const brain = new ScriptedBrain([go('north'), go('north'), complete('I stand at the shrine.')]);
    const runtime = makeRuntime(brain, session);
    await runtime.start();
    const report = await runtime.enqueue(task('t1', 'go to the shrine'));
    await runtime.stop();

    assert.deepEqual(session.sent, ['north', 'north']);
    assert.equal(session.here, '#11');
    assert.deepEqual(report.outcome, { status: 'completed', summary: 'I stand at the shrine.', steps: 3 });
    assert.deepEqual(report.tokens, { prompt: 30, completion: 6 });
    assert.equal(session.closed, true);

    const paths = agentPaths('Ezra', directory);
    const state = loadState(paths.state);
    assert.equal(state?.task, null);
    assert.equal(state?.finished[0]?.id, 't1');
    assert.deepEqual((state?.knowledge as { rooms: string[] } | undefined)?.rooms, [
      'Limbo',
      'Fraternity Hall',
      'Heartbeat Shrine',
    ]);

    const trajectory = readTrajectory(trajectoryFile(paths, 't1'));
    assert.deepEqual(
      trajectory.meta.map(meta => meta.event),
      ['start', 'end'],
    );
    assert.deepEqual(
      trajectory.messages.map(message => message.role),
      ['system', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool'],
    );
    const call = trajectory.messages[2]?.tool_calls?.[0];
    assert.deepEqual(call?.function, { name: 'go', arguments: '{"exit":"north"}' });
    assert.equal(trajectory.messages[3]?.tool_call_id, call?.id);

    assert.equal(brain.taskContexts[1]?.history.length, 1, 'the second step sees the first');
    assert.ok(brain.taskContexts[2]?.memories.some(memory => /Fraternity Hall/.test(memory.text)));
  });

  test('refuses a tool the agent was not offered, sends nothing, and feeds the refusal back', async () => {
    const session = new SimulatedSession(ROOMS, '#10');
    const brain = new ScriptedBrain([
      () => ({
        tool: 'dig',
        input: { room: 'Tower', exitTo: 'up', exitBack: 'down' },
        reason: 'the room says so',
      }),
      complete('refused'),
    ]);
    const runtime = makeRuntime(brain, session);
    const events: RuntimeEvent[] = [];
    runtime.onEvent(event => events.push(event));
    await runtime.start();
    await runtime.enqueue(task('t2', 'build'));
    await runtime.stop();

    assert.deepEqual(session.sent, []);
    assert.equal(
      brain.taskContexts[0]?.tools.some(tool => tool.definition.name === 'dig'),
      false,
    );
    const refusal = brain.taskContexts[1]?.history[0]?.observation;
    assert.equal(refusal?.ok, false);
    assert.match(refusal?.refused ?? '', /dig/);
    const trajectory = readTrajectory(trajectoryFile(agentPaths('Ezra', directory), 't2'));
    assert.ok(
      trajectory.messages.some(message => message.role === 'tool' && /Refused/.test(message.content)),
    );
  });

  test('fails a task that reaches its iteration limit', async () => {
    const session = new SimulatedSession(ROOMS, '#2');
    const brain = new ScriptedBrain(
      Array.from({ length: 10 }, () => () => ({ tool: 'look', input: {}, reason: 'look' })),
    );
    const runtime = makeRuntime(brain, session);
    await runtime.start();
    const report = await runtime.enqueue(task('t3', 'stare', { maxIterations: 3 }));
    await runtime.stop();
    assert.equal(report.outcome.status, 'failed');
    assert.equal(report.outcome.steps, 3);
    assert.match(report.outcome.summary, /3 steps/);
    assert.equal(session.sent.length, 3);
  });

  test('resumes an unfinished task at the step it reached after a restart', async () => {
    const paths = agentPaths('Ezra', directory);
    const first = new SimulatedSession(ROOMS, '#2');
    const stopAfterOne = new ScriptedBrain([go('north')]);
    const runtime = makeRuntime(stopAfterOne, first);
    runtime.onEvent(event => {
      if (event.kind === 'step' && event.task) void runtime.stop();
    });
    await runtime.start();
    void runtime.enqueue(task('t4', 'go to the shrine')).catch(() => {});
    while (!first.closed) await new Promise(resolve => setTimeout(resolve, 10));
    assert.equal(loadState(paths.state)?.task?.step, 1);

    const second = new SimulatedSession(ROOMS, '#10');
    const brain = new ScriptedBrain([go('north'), complete('at the shrine')]);
    const restarted = makeRuntime(brain, second);
    const ended = new Promise<RuntimeEvent>(resolve =>
      restarted.onEvent(event => event.kind === 'task-end' && resolve(event)),
    );
    await restarted.start();
    const end = await ended;
    await restarted.stop();
    assert.equal(brain.contexts[0]?.step, 2, 'continues with step 2');
    assert.equal(brain.contexts[0]?.task?.id, 't4');
    assert.equal(brain.contexts[0]?.history[0]?.tool, 'go');
    assert.equal(second.sent[0], 'north');
    assert.equal(end.kind === 'task-end' && end.report.outcome.steps, 3);
    const events = readTrajectory(trajectoryFile(paths, 't4')).meta.map(meta => meta.event);
    assert.deepEqual(events, ['start', 'resume', 'end']);
  });

  test('takes backlog tasks in order and moves each to done with its outcome', async () => {
    const paths = agentPaths('Ezra', directory);
    const session = new SimulatedSession(ROOMS, '#2');
    const runtime = makeRuntime(
      new ScriptedBrain([complete('first done'), complete('second done')]),
      session,
    );
    const titles: string[] = [];
    const bothDone = new Promise<void>(resolve =>
      runtime.onEvent(event => {
        if (event.kind === 'task-end') titles.push(event.report.task.title);
        if (titles.length === 2) resolve();
      }),
    );
    await runtime.start();
    writeFileSync(paths.backlog, 'pending:\n  - say hello\n  - { id: second, title: look around }\n');
    await bothDone;
    await runtime.stop();
    assert.deepEqual(titles, ['say hello', 'look around']);
    const backlog = parse(readFileSync(paths.backlog, 'utf8'));
    assert.deepEqual(backlog.pending, []);
    assert.deepEqual(
      backlog.done.map((entry: { title: string; status: string; summary: string }) => [
        entry.title,
        entry.status,
        entry.summary,
      ]),
      [
        ['say hello', 'completed', 'first done'],
        ['look around', 'completed', 'second done'],
      ],
    );
  });

  test('turns an in-world request into a task and tells the game when it is done', async () => {
    const session = new SimulatedSession(ROOMS, '#2');
    session.pendingRequests = [{ id: 7, from: 'Alexander', text: 'say hello' }];
    const brain = new ScriptedBrain([complete('said it')]);
    const runtime = makeRuntime(brain, session);
    const ended = new Promise<void>(resolve =>
      runtime.onEvent(event => event.kind === 'task-end' && resolve()),
    );
    await runtime.start();
    await ended;
    await runtime.stop();
    assert.equal(brain.taskContexts[0]?.task?.requestedBy, 'Alexander');
    assert.equal(brain.taskContexts[0]?.task?.source, 'world');
    const done = session.requests.find(request => request.name === 'agent_request_done');
    assert.deepEqual(done?.kwargs, { id: 7, status: 'completed', summary: 'said it' });
  });

  test('follows its standing goals without a task and stops promptly, saving its state', async () => {
    const session = new SimulatedSession(ROOMS, '#2');
    const brain = new ScriptedBrain([]);
    const runtime = makeRuntime(brain, session, { limits: { idleStepMs: 60_000 } });
    await runtime.start();
    while (brain.contexts.length === 0) await new Promise(resolve => setTimeout(resolve, 10));
    const started = Date.now();
    await runtime.stop();
    assert.ok(Date.now() - started < 5000, 'the idle pause does not delay stop()');
    assert.equal(brain.contexts[0]?.task, undefined);
    assert.equal(
      brain.contexts[0]?.tools.some(tool => tool.definition.name === 'complete'),
      false,
    );
    assert.equal(loadState(agentPaths('Ezra', directory).state)?.stats.steps, 1);
    assert.equal(session.closed, true);
  });

  test('refuses a state file that is not its own instead of starting afresh over it', async () => {
    const paths = agentPaths('Ezra', directory);
    saveState(paths.state, { nonsense: true } as never);
    const runtime = makeRuntime(new ScriptedBrain([]), new SimulatedSession(ROOMS, '#2'));
    await assert.rejects(runtime.start(), /not an agent state/);
  });
});
