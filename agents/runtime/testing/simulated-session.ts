/**
 * A unit-test double of a logged-in game session: a few rooms joined by exits, `room_info` after every
 * look and move, echoes for `say`, the agent inputfuncs (`command_help`, `agent_requests`,
 * `agent_request_done`, `heartbeat`), and a record of every line and request sent. The real game is
 * exercised by test/integration/agents*.spec.ts; this is for the runtime's own logic, without a network.
 */
import type { CommandResult, OobEvent, RoomInfo, SessionEvent } from '../../../mud-client/index.ts';
import type { AgentSession } from '../agent-session.ts';

export interface SimulatedRoom {
  dbref: string;
  key: string;
  desc?: string;
  exits: { key: string; to: string }[];
  things?: string[];
}

export const DEFAULT_COMMANDS = ['help', 'inventory', 'look', 'page', 'pose', 'read', 'say', 'write'];

export class SimulatedSession implements AgentSession {
  readonly sent: string[] = [];
  readonly requests: { name: string; kwargs: Record<string, unknown> }[] = [];
  pendingRequests: { id: number; from: string; text: string }[] = [];
  closed = false;
  private readonly _listeners = new Set<(event: SessionEvent) => void>();
  private readonly _rooms: Map<string, SimulatedRoom>;
  private _here: string;
  private _nextRequest = 1;

  constructor(
    rooms: readonly SimulatedRoom[],
    start: string,
    private readonly _commands: readonly string[] = DEFAULT_COMMANDS,
  ) {
    this._rooms = new Map(rooms.map(room => [room.dbref, room]));
    this._here = start;
  }

  get here(): string {
    return this._here;
  }

  roomInfo(): RoomInfo {
    const room = this._rooms.get(this._here) as SimulatedRoom;
    return {
      dbref: room.dbref,
      seedId: null,
      key: room.key,
      area: null,
      desc: room.desc ?? `The ${room.key}.`,
      exits: room.exits.map(exit => {
        const destination = this._rooms.get(exit.to);
        return {
          key: exit.key,
          aliases: [],
          destination: destination ? { dbref: destination.dbref, seedId: null, key: destination.key } : null,
        };
      }),
      characters: [],
      things: (room.things ?? []).map((key, index) => ({
        key,
        dbref: `#${900 + index}`,
        seedId: null,
        typeclass: 'typeclasses.objects.Object',
      })),
      commands: [...this._commands],
    };
  }

  /** Sends an OOB event to the agent as the server would (e.g. an `agent_request`). */
  push(name: string, kwargs: Record<string, unknown>): void {
    this._emit({ kind: 'oob', name, args: [], kwargs });
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  async connect(): Promise<void> {}
  async login(): Promise<void> {}

  async subscribeRoomInfo(): Promise<void> {
    queueMicrotask(() => this._emit(this._roomEvent()));
  }

  async send(command: string): Promise<CommandResult> {
    this.sent.push(command);
    const oob: OobEvent[] = [];
    let text: string;
    const room = this._rooms.get(this._here) as SimulatedRoom;
    const exit = room.exits.find(candidate => candidate.key === command);
    const verb = command.split(' ')[0] ?? '';
    if (exit) {
      this._here = exit.to;
      const arrived = this._rooms.get(this._here) as SimulatedRoom;
      text = `${arrived.key}\n${arrived.desc ?? ''}`;
      oob.push(this._roomEvent());
    } else if (verb === 'look') {
      text = `${room.key}\n${room.desc ?? ''}`;
      oob.push(this._roomEvent());
    } else if (verb === 'say' && this._commands.includes('say')) {
      text = `You say, "${command.slice(4)}"`;
    } else if (this._commands.includes(verb)) {
      text = `You ${verb}.`;
    } else {
      text = `Command '${verb}' is not available. Type "help" for help.`;
    }
    for (const event of oob) this._emit(event);
    return { command, text, oob, events: [], ms: 1, correlated: true, method: 'marker', truncated: false };
  }

  async request(name: string, kwargs: Record<string, unknown> = {}): Promise<OobEvent> {
    this.requests.push({ name, kwargs });
    const requestId = `r${this._nextRequest++}`;
    const reply = (replyName: string, values: Record<string, unknown>): OobEvent => ({
      kind: 'oob',
      name: replyName,
      args: [],
      kwargs: { requestId, ...values },
    });
    if (name === 'command_help')
      return reply(name, { help: { say: 'Usage:\n  say <message>\n\nTalk to those in your room.' } });
    if (name === 'agent_requests') return reply(name, { requests: this.pendingRequests });
    if (name === 'agent_request_done') return reply(name, { ok: true });
    if (name === 'heartbeat') return reply('heartbeat_ack', { at: 1_700_000_000 });
    throw new Error(`${name} failed: unknown request`);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private _roomEvent(): OobEvent {
    return {
      kind: 'oob',
      name: 'room_info',
      args: [],
      kwargs: this.roomInfo() as unknown as Record<string, unknown>,
    };
  }

  private _emit(event: SessionEvent): void {
    for (const listener of [...this._listeners]) listener(event);
  }
}
