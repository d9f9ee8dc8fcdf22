import { MudSession, type SessionOptions } from '../mud-client/session/mud-session.ts';
import { TelnetTransport } from '../mud-client/telnet/telnet-transport.ts';
import { WebsocketTransport } from '../mud-client/websocket/websocket-transport.ts';
import type { PortSet } from '../supervisor/ports.ts';

export type TransportKind = 'telnet' | 'websocket';

export const TRANSPORT_KINDS: readonly TransportKind[] = ['telnet', 'websocket'];

/** A mud-client session with its default options (unless overridden) on one of the two transports. */
export function mudSession(
  server: { host: string; ports: PortSet },
  kind: TransportKind,
  options: Omit<SessionOptions, 'transportFactory'> = {},
): MudSession {
  const { host, ports } = server;
  return new MudSession({
    ...options,
    transportFactory: () =>
      kind === 'telnet'
        ? new TelnetTransport({ host, port: ports.telnet })
        : new WebsocketTransport({ url: `ws://${host}:${ports.websocket}` }),
  });
}

/**
 * Resolves once the session shows the connection screen (evennia-game's `timmy_hello` follows it), or
 * after `timeoutMs` regardless (a stock server sends no `timmy_hello`). Subscribe before `connect()`.
 *
 * Why wait: `MudSession.login()` sends the credentials as soon as `connect()` resolves (the first bytes
 * from the server). When Evennia's Portal queues the connection (its connection throttle, as soon as two
 * connect at once) or the telnet handshake is still running, the Server does not know the session yet and
 * silently drops the login; `login()` then times out.
 */
export function connectionScreen(session: MudSession, timeoutMs = 10_000): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = session.onEvent(event => {
      if (event.kind === 'oob' && event.name === 'timmy_hello') done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}
