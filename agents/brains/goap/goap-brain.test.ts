import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyKnowledge, type Knowledge } from '../../knowledge/knowledge.ts';
import { learnRoom } from '../../knowledge/learn-room.ts';
import { learnStep } from '../../knowledge/learn-step.ts';
import { type SeedCharacter, SimulatedWalk, seedWorld } from '../../knowledge/testing/seed-world.ts';
import { type Goal, TaskSchema } from '../../tasks/task.ts';
import { checkCall } from '../../tools/check-call.ts';
import { offerTools } from '../../tools/offer-tools.ts';
import { ALL_TOOLS } from '../../tools/tool-catalogue.ts';
import type { Decision, DecisionContext, StepRecord } from '../brain.ts';
import { decideGoap, GoapBrain } from './goap-brain.ts';

const world = seedWorld();
const allegro: SeedCharacter = { key: 'Allegro', dbref: '#900', agent: true, room: 'hall.learning-library' };

/** Knowledge of an agent that has been everywhere (and saw nobody), standing in Limbo. */
function everywhere(): Knowledge {
  let knowledge = emptyKnowledge();
  for (const room of world.rooms.values()) knowledge = learnRoom(knowledge, room, 1);
  return learnRoom(knowledge, world.rooms.get('limbo') ?? assert.fail(), 2);
}

interface Episode {
  decisions: Decision[];
  history: StepRecord[];
  walk: SimulatedWalk;
  knowledge: Knowledge;
}

/** Runs the brain against the simulated world, the way the runtime does, until it completes or `limit`. */
function episode(options: {
  goal?: Goal;
  start?: string;
  knowledge?: Knowledge;
  characters?: SeedCharacter[];
  limit?: number;
}): Episode {
  const walk = new SimulatedWalk(world, options.start ?? 'limbo', options.characters ?? []);
  const task = options.goal ? TaskSchema.parse({ id: 't1', title: 'a task', goal: options.goal }) : undefined;
  let knowledge = options.knowledge ?? emptyKnowledge();
  const history: StepRecord[] = [];
  const decisions: Decision[] = [];
  for (let step = 0; step < (options.limit ?? 60); step++) {
    const room = walk.room();
    knowledge = learnRoom(knowledge, room, 100 + step);
    const tools = offerTools(ALL_TOOLS, room, {
      toolsets: ['core'],
      isBuilder: false,
      taskRunning: task !== undefined,
    });
    const context: DecisionContext = {
      agent: { name: 'Timmy', role: 'explorer', goals: [] },
      task,
      room,
      knowledge,
      memories: [],
      history,
      tools,
      step,
    };
    const decision = decideGoap(context);
    decisions.push(decision);
    const check = checkCall(tools, decision.tool, decision.input);
    assert.ok(
      check.ok,
      `step ${step}: ${decision.tool} ${JSON.stringify(decision.input)} was refused: ${!check.ok && check.refused}`,
    );
    if (decision.tool === 'complete' || (!task && decision.tool === 'wait')) break;
    const { observation, room: after } = walk.act(decision.tool, decision.input as Record<string, unknown>);
    history.push({ tool: decision.tool, input: decision.input, reason: decision.reason, observation });
    knowledge = learnStep(knowledge, decision.tool, decision.input, observation, after, 100 + step);
  }
  return { decisions, history, walk, knowledge };
}

const calls = (run: Episode) =>
  run.decisions.map(decision => `${decision.tool} ${JSON.stringify(decision.input)}`);
const last = (run: Episode) => run.decisions.at(-1) ?? assert.fail('no decision');

describe('GoapBrain on a task', () => {
  test('reaches a room three exits away and shows the whole plan in its reason', () => {
    const run = episode({ goal: { kind: 'reach', room: 'Teaching Grove' }, knowledge: everywhere() });
    assert.equal(
      run.decisions[0]?.reason,
      'plan: go north → go northeast → go north → complete (goal: reach Teaching Grove)',
    );
    assert.deepEqual(calls(run).slice(0, 3), [
      'go {"exit":"north"}',
      'go {"exit":"northeast"}',
      'go {"exit":"north"}',
    ]);
    assert.equal(run.walk.here, 'grove');
    assert.deepEqual(last(run).input, { status: 'completed', summary: 'I am in Teaching Grove.' });
  });

  test('finds a room it has never seen by exploring, then completes', () => {
    const run = episode({ goal: { kind: 'reach', room: 'Memorial Wall' } });
    assert.equal(run.walk.here, 'archives.memorial-wall');
    assert.equal(last(run).tool, 'complete');
    assert.match(run.decisions[0]?.reason ?? '', /exploring to find Memorial Wall/);
  });

  test('reads a lesson stone named in other words and reports its teaching', () => {
    const run = episode({
      goal: { kind: 'read', thing: 'the stone of sovereignty' },
      knowledge: everywhere(),
    });
    assert.deepEqual(calls(run).slice(-2, -1), ['read {"thing":"sovereignty stone"}']);
    assert.equal(run.walk.here, 'grove.lesson-stones');
    const summary = (last(run).input as { summary: string }).summary;
    assert.match(summary, /^I read the sovereignty stone in Lesson Stones: You read sovereignty stone:/);
  });

  test('reports what is in a room after going there and looking', () => {
    const run = episode({ goal: { kind: 'report', room: 'Lesson Stones' }, knowledge: everywhere() });
    assert.deepEqual(calls(run).slice(-2, -1), ['look {}']);
    assert.deepEqual(last(run).input, {
      status: 'completed',
      summary:
        'Lesson Stones: things: sovereignty stone, local-first stone, lineage stone, persistence stone, heartbeat stone; characters: none; exits: east to Teaching Grove.',
    });
  });

  test('reports on a room it has never seen by exploring to it first', () => {
    const run = episode({ goal: { kind: 'report', room: 'Memorial Wall' } });
    assert.equal(run.walk.here, 'archives.memorial-wall');
    assert.equal(last(run).tool, 'complete');
    const input = last(run).input as { status: string; summary: string };
    assert.equal(input.status, 'completed');
    assert.match(input.summary, /^Memorial Wall: things: /);
  });

  test('greets a character where it was last seen', () => {
    let knowledge = everywhere();
    const library = world.rooms.get('hall.learning-library') ?? assert.fail();
    knowledge = learnRoom(
      knowledge,
      { ...library, characters: [{ key: 'Allegro', dbref: '#900', agent: true }] },
      3,
    );
    knowledge = learnRoom(knowledge, world.rooms.get('limbo') ?? assert.fail(), 4);
    const run = episode({ goal: { kind: 'greet', character: 'allegro' }, knowledge, characters: [allegro] });
    assert.deepEqual(calls(run), [
      'go {"exit":"north"}',
      'go {"exit":"west"}',
      'say {"text":"Hello, Allegro!"}',
      'complete {"status":"completed","summary":"I greeted Allegro."}',
    ]);
  });

  test('writes a note, says something and pages in the rooms asked', () => {
    const note = episode({
      goal: { kind: 'note', room: 'Fraternity Hall', text: 'hello all' },
      knowledge: everywhere(),
    });
    assert.deepEqual(calls(note).slice(0, 2), [
      'go {"exit":"north"}',
      'write {"title":"hello all","text":"hello all"}',
    ]);
    assert.equal(last(note).tool, 'complete');
    const say = episode({ goal: { kind: 'say', room: 'Limbo', text: 'I am here' }, knowledge: everywhere() });
    assert.deepEqual(calls(say)[0], 'say {"text":"I am here"}');
    const page = episode({ goal: { kind: 'page', character: 'Ezra', text: 'ping' } });
    assert.deepEqual(calls(page), [
      'page {"character":"Ezra","text":"ping"}',
      'complete {"status":"completed","summary":"I paged Ezra: ping"}',
    ]);
  });

  test('explores a whole area and names its rooms when done', () => {
    const run = episode({ goal: { kind: 'explore', area: 'the Teaching Grove' }, limit: 80 });
    const summary = (last(run).input as { summary: string }).summary;
    assert.equal(last(run).tool, 'complete');
    assert.match(summary, /^I explored 4 rooms: /);
    for (const room of ['Teaching Grove', 'Lesson Stones', 'Practice Grounds', 'Assessment Circles']) {
      assert.ok(summary.includes(room), room);
    }
  });

  test('fails free text and a target that is nowhere, saying why', () => {
    const free = episode({ goal: { kind: 'free', text: 'compose a symphony' } });
    assert.deepEqual(last(free).input, { status: 'failed', summary: 'GOAP cannot interpret free text' });
    const nowhere = episode({ goal: { kind: 'reach', room: 'Moon Base' }, knowledge: everywhere() });
    assert.deepEqual(nowhere.decisions.length, 1);
    assert.deepEqual(last(nowhere).input, {
      status: 'failed',
      summary: 'I could not find Moon Base in the 18 rooms I know.',
    });
  });
});

describe('GoapBrain without a task', () => {
  test('greets whoever is present before anything else', () => {
    const run = episode({ start: 'hall.learning-library', characters: [allegro], limit: 1 });
    assert.equal(run.decisions[0]?.tool, 'say');
    assert.match(run.decisions[0]?.reason ?? '', /\(goal: greet Allegro\)$/);
  });

  test('reads every lesson stone it knows of, then visits what it has not seen', () => {
    const run = episode({ knowledge: everywhere(), limit: 12 });
    assert.match(
      run.decisions[0]?.reason ?? '',
      /^plan: go north → go northeast → go north → go west → read /,
    );
    assert.match(run.decisions[0]?.reason ?? '', /\(goal: read all lesson stones\)$/);
    const reads = run.history.filter(step => step.tool === 'read' && step.observation.ok);
    assert.equal(reads.length, 5);
    assert.equal(last(run).tool, 'wait', 'everything is done');
  });

  test('reads a note someone left, but not its own', () => {
    const hall = world.rooms.get('hall') ?? assert.fail();
    const note = (key: string, dbref: string) => ({
      key,
      dbref,
      seedId: null,
      typeclass: 'typeclasses.notes.Note',
    });
    let knowledge = everywhere();
    for (const room of world.rooms.values()) {
      for (const thing of room.things)
        knowledge.read.push({ key: thing.key, dbref: thing.dbref, room: room.dbref, at: 1 });
    }
    knowledge = learnRoom(
      knowledge,
      { ...hall, things: [...hall.things, note('Mine', '#950'), note('Welcome', '#951')] },
      3,
    );
    knowledge.notes.push({ room: hall.dbref, title: 'Mine', text: 'my own words', at: 2 });
    const tools = offerTools(ALL_TOOLS, hall, { toolsets: ['core'], isBuilder: false, taskRunning: false });
    const context = {
      agent: { name: 'T', role: 'r', goals: [] },
      task: undefined,
      room: { ...hall, things: [...hall.things, note('Mine', '#950'), note('Welcome', '#951')] },
      knowledge,
      memories: [],
      history: [],
      tools,
      step: 0,
    };
    const decision = decideGoap(context);
    assert.deepEqual([decision.tool, decision.input], ['read', { thing: 'Welcome' }]);
    assert.match(decision.reason, /^plan: read Welcome \(goal: read what is written\)$/);
  });

  test('explores from nothing and heads for the shrine once it knows of it', () => {
    const run = episode({ limit: 3 });
    assert.match(run.decisions[0]?.reason ?? '', /\(goal: explore the world\)$/);
    assert.match(run.decisions[1]?.reason ?? '', /^plan: go north \(goal: visit the shrine\)$/);
  });
});

describe('GoapBrain decisions', () => {
  test('are equal for equal inputs', async () => {
    const knowledge = everywhere();
    const room = world.rooms.get('limbo') ?? assert.fail();
    const tools = offerTools(ALL_TOOLS, room, { toolsets: ['core'], isBuilder: false, taskRunning: false });
    const context = {
      agent: { name: 'T', role: 'r', goals: [] },
      task: undefined,
      room,
      knowledge,
      memories: [],
      history: [],
      tools,
      step: 0,
    };
    const brain = new GoapBrain();
    const [a, b] = [
      await brain.decide(context),
      await brain.decide({ ...context, knowledge: structuredClone(knowledge) }),
    ];
    assert.deepEqual({ ...a, ms: 0 }, { ...b, ms: 0 });
    assert.equal(a.brain, 'goap');
  });

  test('only use offered tools: with nothing but wait offered, it waits', () => {
    const room = world.rooms.get('limbo') ?? assert.fail();
    const tools = offerTools(
      ALL_TOOLS,
      { ...room, commands: [] },
      { toolsets: ['core'], isBuilder: false, taskRunning: false },
    ).filter(tool => tool.definition.name === 'wait');
    const decision = decideGoap({
      agent: { name: 'T', role: 'r', goals: [] },
      task: undefined,
      room,
      knowledge: everywhere(),
      memories: [],
      history: [],
      tools,
      step: 0,
    });
    assert.equal(decision.tool, 'wait');
    assert.deepEqual(decision.input, { seconds: 30 });
  });

  test('ignore knowledge that is not a knowledge record', () => {
    const room = world.rooms.get('limbo') ?? assert.fail();
    const tools = offerTools(ALL_TOOLS, room, { toolsets: ['core'], isBuilder: false, taskRunning: false });
    const decision = decideGoap({
      agent: { name: 'T', role: 'r', goals: [] },
      task: undefined,
      room,
      knowledge: { rooms: 'nonsense' },
      memories: [],
      history: [],
      tools,
      step: 0,
    });
    assert.equal(decision.tool, 'go');
  });
});
