/**
 * The agent tools and the GOAP brain against a real Evennia with the Timmy world: a player offered the
 * tools of each real `room_info`, calls checked, command lines built and sent, results parsed and learned,
 * walking from Limbo to the Lesson Stones to read one, as the runtime's loop would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StepRecord } from '../../agents/brains/brain.ts';
import { decideGoap } from '../../agents/brains/goap/goap-brain.ts';
import { emptyKnowledge, type Knowledge } from '../../agents/knowledge/knowledge.ts';
import { learnRoom } from '../../agents/knowledge/learn-room.ts';
import { learnStep } from '../../agents/knowledge/learn-step.ts';
import { parseTaskText } from '../../agents/tasks/parse-task-text.ts';
import { TaskSchema } from '../../agents/tasks/task.ts';
import { checkCall } from '../../agents/tools/check-call.ts';
import { helpCommandLine } from '../../agents/tools/help-text.ts';
import { offerTools } from '../../agents/tools/offer-tools.ts';
import { ALL_TOOLS } from '../../agents/tools/tool-catalogue.ts';
import { parseRoomInfo, type RoomInfo } from '../../mud-client/perception/room-info.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';

let evennia: () => EvenniaInstance;
let player: MudSession;

async function loggedIn(username: string, password: string): Promise<MudSession> {
  const session = await evennia().login(username, password);
  await session.subscribeRoomInfo();
  return session;
}

const roomOf = (result: { oob: Parameters<typeof parseRoomInfo>[0][] }) =>
  result.oob
    .map(event => parseRoomInfo(event))
    .filter(room => room !== undefined)
    .at(-1);

describe('the agent tools and the GOAP brain in a real Evennia', () => {
  evennia = useEvennia();

  before(async () => {
    await evennia().applyWorld();
    const { username, password } = await evennia().createAccount('Seeker');
    player = await loggedIn(username, password);
  });

  after(async () => {
    await player?.close();
  });

  test('a player is offered no builder tools, and the help of the game describes the others', async () => {
    const room = roomOf(await player.send('look'));
    assert.ok(room, 'look brought a room_info');
    const say = (await player.send(helpCommandLine('say'))).text;
    const offered = offerTools(ALL_TOOLS, room, {
      toolsets: ['core', 'builder'],
      isBuilder: false,
      helpTexts: { say },
      taskRunning: true,
    });
    const names = offered.map(tool => tool.definition.name);
    for (const name of ['look', 'go', 'say', 'read', 'page', 'wait', 'complete'])
      assert.ok(names.includes(name), name);
    for (const name of ['dig', 'describe', 'create']) assert.ok(!names.includes(name), name);
    assert.match(
      offered.find(tool => tool.definition.name === 'say')?.description ?? '',
      /^speak as your character/,
    );
  });

  test('the GOAP brain walks from Limbo to the Lesson Stones, reads the stone asked for and completes', async () => {
    const task = TaskSchema.parse({
      id: 'read-1',
      title: 'read the stone of sovereignty',
      goal: parseTaskText('read the stone of sovereignty'),
    });
    let room: RoomInfo = roomOf(await player.send('look')) ?? assert.fail('look brought no room_info');
    assert.equal(room.key, 'Limbo');
    let knowledge: Knowledge = learnRoom(emptyKnowledge(), room, Date.now());
    const history: StepRecord[] = [];
    let outcome: unknown;
    for (let step = 0; step < 40 && outcome === undefined; step++) {
      const tools = offerTools(ALL_TOOLS, room, { toolsets: ['core'], isBuilder: false, taskRunning: true });
      const decision = decideGoap({
        agent: { name: 'Seeker', role: 'reader', goals: [] },
        task,
        room,
        knowledge,
        memories: [],
        history,
        tools,
        step,
      });
      const check = checkCall(tools, decision.tool, decision.input);
      assert.ok(check.ok, `${decision.tool} refused: ${!check.ok && check.refused}`);
      if (decision.tool === 'complete') {
        outcome = check.input;
        break;
      }
      const line = check.tool.definition.build(check.input, { room });
      assert.ok(line, `${decision.tool} builds a command line`);
      const result = await player.send(line, { timeoutMs: 30_000 });
      const observation = check.tool.definition.parse(result, check.input);
      const arrived: RoomInfo = roomOf(result) ?? room;
      history.push({ tool: decision.tool, input: check.input, reason: decision.reason, observation });
      knowledge = learnStep(knowledge, decision.tool, check.input, observation, arrived, Date.now());
      room = arrived;
    }
    assert.equal(room.key, 'Lesson Stones');
    const read = history.find(step => step.tool === 'read');
    assert.equal(read?.observation.ok, true);
    assert.match(read?.observation.text ?? '', /^You read sovereignty stone:\n\nOn Sovereignty\./);
    assert.deepEqual(outcome && (outcome as { status: string }).status, 'completed');
    assert.match(
      (outcome as { summary: string }).summary,
      /^I read the sovereignty stone in Lesson Stones: /,
    );
  });
});
