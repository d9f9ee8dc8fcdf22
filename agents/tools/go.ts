/**
 * `go`: leave the room through one of its exits. The input names an exit by key or alias (`north`,
 * `n`) or by where it leads (`Teaching Grove`, `grove`, `#14`); the command line is the exit's key, which
 * Evennia runs as the exit's own command. An exit that is not here is refused before anything is sent.
 */
import { z } from 'zod';
import type { RoomInfo } from '../../mud-client/index.ts';
import { nameText } from './command-text.ts';
import { observe } from './failure-patterns.ts';
import type { ToolDefinition } from './tool.ts';

const GoInput = z.strictObject({ exit: nameText(100) });
export type GoInput = z.infer<typeof GoInput>;
type Exit = RoomInfo['exits'][number];

/** The exit of `room` that `name` means: its key, an alias, or its destination's key, seed id or dbref. */
export function resolveExit(room: Pick<RoomInfo, 'exits'>, name: string): Exit | undefined {
  const wanted = name.trim().toLowerCase();
  const byName = room.exits.find(
    exit => exit.key.toLowerCase() === wanted || exit.aliases.some(alias => alias.toLowerCase() === wanted),
  );
  if (byName) return byName;
  return room.exits.find(exit => {
    const destination = exit.destination;
    if (!destination) return false;
    return (
      destination.key.toLowerCase() === wanted ||
      destination.dbref === wanted ||
      destination.seedId?.toLowerCase() === wanted
    );
  });
}

function exitList(room: RoomInfo): string {
  return room.exits
    .map(exit => (exit.destination ? `${exit.key} (to ${exit.destination.key})` : exit.key))
    .join(', ');
}

export const goTool: ToolDefinition<GoInput> = {
  name: 'go',
  toolset: 'core',
  command: null,
  summary: 'Walk through an exit of this room, named by its key or where it leads ({"exit": "north"}).',
  input: GoInput,
  available: ({ room }) => room.exits.length > 0,
  forRoom: ({ room }) =>
    z
      .strictObject({
        exit: nameText(100).describe(`An exit here: ${exitList(room)}`),
      })
      .refine(input => resolveExit(room, input.exit) !== undefined, {
        message: `there is no such exit here; exits: ${exitList(room)}`,
        path: ['exit'],
      }),
  build: (input, { room }) => resolveExit(room, input.exit)?.key ?? input.exit.trim(),
  parse: result => observe(result),
};
