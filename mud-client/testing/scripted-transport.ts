/**
 * A `Transport` test double at the event level, for the session layer: it records what the session sends
 * and lets a test (or a `respond` script) play the server by emitting `MudEvent`s.
 */

import { MudClientError } from '../errors.ts';
import { EventListeners } from '../event-listeners.ts';
import type { MudEvent, MudEventListener } from '../events.ts';
import type { Transport } from '../transport.ts';

export type Sent =
  | { type: 'text'; line: string }
  | { type: 'oob'; name: string; args: unknown[]; kwargs: Record<string, unknown> };

export class ScriptedTransport implements Transport {
  readonly kind: 'telnet' | 'websocket';
  readonly sent: Sent[] = [];
  oobAvailable: boolean;
  closed = false;
  private readonly _listeners = new EventListeners();
  private readonly _respond: (sent: Sent, transport: ScriptedTransport) => void;
  private readonly _onConnect: (transport: ScriptedTransport) => void;
  refuseConnect = false;

  constructor(
    options: {
      kind?: 'telnet' | 'websocket';
      oobAvailable?: boolean;
      respond?: (sent: Sent, transport: ScriptedTransport) => void;
      onConnect?: (transport: ScriptedTransport) => void;
    } = {},
  ) {
    this.kind = options.kind ?? 'websocket';
    this.oobAvailable = options.oobAvailable ?? true;
    this._respond = options.respond ?? (() => {});
    // Like a stock Evennia, greet with a connection screen unless the test plays the greeting itself.
    this._onConnect = options.onConnect ?? (transport => transport.text('Welcome to a scripted server'));
  }

  async connect(): Promise<void> {
    if (this.refuseConnect) throw new MudClientError('MUD_ERR_CONNECTION_REFUSED', 'refused by the script');
    this.emit({ kind: 'connection', state: 'open' });
    this._onConnect(this);
  }

  onEvent(listener: MudEventListener): () => void {
    return this._listeners.add(listener);
  }

  sendText(line: string): void {
    this._send({ type: 'text', line });
  }

  sendOob(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
    this._send({ type: 'oob', name, args, kwargs });
  }

  async close(): Promise<void> {
    this.drop('closed by client');
  }

  /** Plays the server: delivers one event to the session (asynchronously, as a socket would). */
  emit(event: MudEvent): void {
    this._listeners.emit(event);
  }

  text(text: string): void {
    this.emit({ kind: 'text', text });
  }

  oob(name: string, kwargs: Record<string, unknown> = {}, args: unknown[] = []): void {
    this.emit({ kind: 'oob', name, args, kwargs });
  }

  drop(reason = 'dropped by the script'): void {
    if (this.closed) return;
    this.closed = true;
    this.emit({ kind: 'connection', state: 'closed', reason });
  }

  private _send(sent: Sent): void {
    if (this.closed) throw new MudClientError('MUD_ERR_NOT_CONNECTED', 'closed');
    this.sent.push(sent);
    queueMicrotask(() => this._respond(sent, this));
  }
}

/** The line a sent item carries, whichever way it was sent (plain text or the `text` inputfunc). */
export function commandOf(sent: Sent): string | undefined {
  if (sent.type === 'text') return sent.line;
  if (sent.name !== 'text') return undefined;
  const line = sent.args[0] ?? sent.kwargs.command;
  return typeof line === 'string' ? line : undefined;
}
