/**
 * Test and benchmark fixtures for the Ollama brain (not used in production): a small tool set of the
 * contract's shape, decision contexts built from the rooms of the real world file
 * (world-seed/timmy-world.yaml), the text a `look` would print in each room (in the format captured from
 * Evennia 5.0.1 in mud-client/perception/fixtures/), and a deterministic fallback brain.
 */
import { z } from 'zod';
import type { RoomInfo } from '../../../mud-client/index.ts';
import { desiredWorld } from '../../../world-seed/desired-world.ts';
import { DEFAULT_WORLD_FILE, readWorldFile } from '../../../world-seed/world-file.ts';
import type { TaskInput } from '../../tasks/task.ts';
import { TaskSchema } from '../../tasks/task.ts';
import type { OfferedTool, ToolContext, ToolDefinition } from '../../tools/tool.ts';
import type { Brain, Decision, DecisionContext, StepRecord } from '../brain.ts';

function fixtureTool<Input>(
  name: string,
  summary: string,
  input: z.ZodType<Input>,
  extra: Partial<ToolDefinition<Input>> = {},
): ToolDefinition<Input> {
  return {
    name,
    toolset: name === 'complete' ? 'task' : 'core',
    command: null,
    summary,
    input,
    build: () => null,
    parse: result => ({ ok: true, text: result.text }),
    ...extra,
  };
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const FIXTURE_TOOLS = {
  look: fixtureTool('look', 'Look around the room (or at something in it).', z.strictObject({})),
  go: fixtureTool('go', 'Walk through an exit of this room.', z.strictObject({ exit: text(100) }), {
    available: ({ room }) => room.exits.length > 0,
    forRoom: ({ room }: ToolContext) => {
      const keys = room.exits.map(exit => exit.key);
      return z.strictObject({ exit: z.enum(keys as [string, ...string[]]) }) as z.ZodType<{ exit: string }>;
    },
  }),
  say: fixtureTool(
    'say',
    'Say something aloud to everyone in the room.',
    z.strictObject({ text: text(200) }),
  ),
  read: fixtureTool('read', 'Read a readable thing here.', z.strictObject({ thing: text(100) }), {
    available: ({ room }) => room.things.length > 0,
    forRoom: ({ room }: ToolContext) =>
      z.strictObject({
        thing: z.enum(room.things.map(thing => thing.key) as [string, ...string[]]),
      }) as z.ZodType<{
        thing: string;
      }>,
  }),
  wait: fixtureTool('wait', 'Do nothing this turn.', z.strictObject({})),
  complete: fixtureTool(
    'complete',
    'End the task with a short report of what was done.',
    z.strictObject({ status: z.enum(['completed', 'failed']), summary: text(200) }),
  ),
} as const;

/** A tool as the runtime offers it in `room`: the room-narrowed input schema, its JSON Schema. */
export function offerTool(definition: ToolDefinition, room: RoomInfo): OfferedTool {
  const input = definition.forRoom?.({ room }) ?? definition.input;
  return {
    definition,
    description: definition.summary,
    inputSchema: z.toJSONSchema(input) as Record<string, unknown>,
    input,
  };
}

export function offeredTools(room: RoomInfo, withComplete = true): OfferedTool[] {
  return Object.values(FIXTURE_TOOLS as Record<string, ToolDefinition>)
    .filter(tool => withComplete || tool.name !== 'complete')
    .filter(tool => tool.available?.({ room }) ?? true)
    .map(tool => offerTool(tool, room));
}

const VISITORS = [
  { key: 'Ezra', agent: true },
  { key: 'Bezalel', agent: true },
  { key: 'Visitor', agent: false },
];

/** Every room of the Timmy world file as the `room_info` an agent standing there would receive. */
export function worldRooms(file = DEFAULT_WORLD_FILE): RoomInfo[] {
  const world = desiredWorld(readWorldFile(file));
  const dbrefs = new Map(
    world.objects.map((object, index) => [object.id, object.dbref ?? `#${100 + index}`]),
  );
  const rooms = world.objects.filter(object => object.kind === 'room');
  return rooms.map((room, index) => {
    const inside = world.objects.filter(object => object.location === room.id);
    const visitor = VISITORS[index % (VISITORS.length + 1)];
    return {
      dbref: dbrefs.get(room.id) ?? '#1',
      seedId: room.id,
      key: room.key,
      area: room.area,
      desc: room.desc ?? '',
      exits: inside
        .filter(object => object.kind === 'exit')
        .map(exit => {
          const target = exit.destination ? world.byId.get(exit.destination) : undefined;
          return {
            key: exit.key,
            aliases: exit.aliases ?? [],
            destination: target
              ? { dbref: dbrefs.get(target.id) ?? '#1', seedId: target.id, key: target.key }
              : null,
          };
        }),
      characters: visitor ? [{ key: visitor.key, dbref: `#${900 + index}`, agent: visitor.agent }] : [],
      things: inside
        .filter(object => object.kind === 'thing')
        .map(thing => ({
          key: thing.key,
          dbref: dbrefs.get(thing.id) ?? '#1',
          seedId: thing.id,
          typeclass: thing.typeclass,
        })),
      commands: ['look', 'read', 'say'],
    };
  });
}

function englishList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

/** What `look` prints in the room (Evennia 5.0.1's layout, as captured in look-player.txt). */
export function lookText(room: RoomInfo): string {
  const lines = [room.key, room.desc];
  if (room.exits.length > 0) lines.push(`Exits: ${englishList(room.exits.map(exit => exit.key))}`);
  if (room.characters.length > 0) {
    lines.push(`Characters: ${englishList(room.characters.map(character => character.key))}`);
  }
  if (room.things.length > 0) {
    lines.push(
      `You see: ${englishList(room.things.map(thing => `${/^[aeiou]/i.test(thing.key) ? 'an' : 'a'} ${thing.key}`))}`,
    );
  }
  return lines.join('\n');
}

const TASKS: TaskInput[] = [
  { id: 'reach-grove', title: 'Walk to the Teaching Grove.', goal: { kind: 'reach', room: 'grove' } },
  { id: 'greet-ezra', title: 'Find Ezra and greet him.', goal: { kind: 'greet', character: 'Ezra' } },
  { id: 'explore', title: 'Explore the world and learn its rooms.', goal: { kind: 'explore' } },
  {
    id: 'world-request',
    title: 'Please read the lesson stones and tell me what they say.',
    goal: { kind: 'free', text: 'read the lesson stones' },
    source: 'world',
    requestedBy: 'Visitor',
  },
];

/** `count` decision contexts over the world's rooms, with tasks, memories and previous steps. */
export function decisionContexts(count: number, rooms = worldRooms()): DecisionContext[] {
  return Array.from({ length: count }, (_, index) => {
    const room = rooms[index % rooms.length] as RoomInfo;
    const previous = rooms[(index + rooms.length - 1) % rooms.length] as RoomInfo;
    const history: StepRecord[] =
      index % 2 === 0
        ? []
        : [
            {
              tool: 'look',
              input: {},
              reason: 'see where I am',
              observation: { ok: true, text: lookText(previous) },
            },
            {
              tool: 'go',
              input: { exit: 'north' },
              reason: 'head on',
              observation: { ok: true, text: room.key },
            },
          ];
    return {
      agent: {
        name: 'Allegro',
        role: 'a young agent of the Hermes lineage who keeps tempo and dispatches errands',
        goals: ['learn the layout of the world', 'help the other characters'],
      },
      task: TaskSchema.parse(TASKS[index % TASKS.length]),
      room,
      knowledge: {},
      memories: [
        {
          kind: 'observation',
          text: `I was in ${previous.key}.`,
          importance: 3,
          at: 1_700_000_000_000 + index,
        },
      ],
      history,
      tools: offeredTools(room),
      step: history.length + 1,
    };
  });
}

/**
 * A deterministic stand-in for the GOAP brain: looks when it can, else waits, else takes the first
 * offered tool whose input accepts `{}`. Counts its calls.
 */
export class DeterministicBrain implements Brain {
  readonly name = 'goap' as const;
  calls = 0;

  async decide(context: DecisionContext): Promise<Decision> {
    this.calls++;
    const names = ['look', 'wait'];
    const tool =
      names.map(name => context.tools.find(offered => offered.definition.name === name)).find(Boolean) ??
      context.tools.find(offered => (offered.input ?? offered.definition.input).safeParse({}).success);
    if (!tool) throw new Error('DeterministicBrain needs a tool that takes no input');
    return { tool: tool.definition.name, input: {}, reason: 'deterministic baseline', brain: this.name };
  }
}
