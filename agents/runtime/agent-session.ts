/**
 * The part of a mud-client `MudSession` the runtime uses: a real session satisfies it as is, a unit test
 * can hand a small double.
 */
import type { CommandResult, OobEvent, SessionEvent } from '../../mud-client/index.ts';

export interface AgentSession {
  connect(): Promise<void>;
  login(username: string, password: string): Promise<void>;
  send(command: string, options?: { timeoutMs?: number }): Promise<CommandResult>;
  request(
    name: string,
    kwargs?: Record<string, unknown>,
    options?: { reply?: string; timeoutMs?: number },
  ): Promise<OobEvent>;
  subscribeRoomInfo(enabled?: boolean): Promise<void>;
  onEvent(listener: (event: SessionEvent) => void): () => void;
  close(): Promise<void>;
}

/** The result a tool without a MUD command (`wait`, `complete`) parses: nothing was sent. */
export function emptyCommandResult(): CommandResult {
  return {
    command: '',
    text: '',
    oob: [],
    events: [],
    ms: 0,
    correlated: true,
    method: 'marker',
    truncated: false,
  };
}
