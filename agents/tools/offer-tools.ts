/**
 * Which tools a brain may call at one step. A tool is offered exactly when the game says its command is
 * usable here (`room_info.commands`, which already reflects the character's permissions) or it is not a
 * MUD command, its extra rule holds (`go` needs an exit), it is in one of the agent's toolsets, and for
 * builder tools the account holds Builder. Nothing in a room's description can add a tool. `complete` is
 * offered whenever a task runs.
 */
import { z } from 'zod';
import type { RoomInfo } from '../../mud-client/index.ts';
import { helpDescription } from './help-text.ts';
import type { OfferedTool, ToolDefinition, Toolset } from './tool.ts';

export interface OfferOptions {
  /** The agent's toolsets (`core`, `builder`); `task` tools are governed by `taskRunning`. */
  toolsets: readonly Toolset[];
  /** True when the agent's account holds the Builder permission (or above). */
  isBuilder: boolean;
  /** In-game help by command key (`help <command>` answers or already-extracted text). */
  helpTexts?: Readonly<Record<string, string>>;
  taskRunning: boolean;
}

function offeredHere(definition: ToolDefinition, room: RoomInfo, options: OfferOptions): boolean {
  if (definition.toolset === 'task') {
    if (!options.taskRunning) return false;
  } else if (!options.toolsets.includes(definition.toolset)) {
    return false;
  }
  if (definition.toolset === 'builder' && !options.isBuilder) return false;
  if (definition.command !== null && !room.commands.includes(definition.command)) return false;
  return definition.available ? definition.available({ room }) : true;
}

function describe(definition: ToolDefinition, options: OfferOptions): string {
  const help = definition.command === null ? undefined : options.helpTexts?.[definition.command];
  const fromGame = help === undefined ? undefined : helpDescription(help);
  return fromGame ? `${fromGame}\nAs a tool: ${definition.summary}` : definition.summary;
}

export function offerTools(
  definitions: readonly ToolDefinition[],
  room: RoomInfo,
  options: OfferOptions,
): OfferedTool[] {
  return definitions
    .filter(definition => offeredHere(definition, room, options))
    .map(definition => {
      const input = definition.forRoom ? definition.forRoom({ room }) : definition.input;
      return {
        definition,
        description: describe(definition, options),
        inputSchema: z.toJSONSchema(input, { unrepresentable: 'any', io: 'input' }) as Record<
          string,
          unknown
        >,
        input,
      };
    });
}
