/**
 * The short way in: a session over telnet or websocket from a host and port.
 *
 *     const session = mudSession({ transport: 'websocket', host: '127.0.0.1', port: 4002 });
 *     await session.connect();
 *     await session.login('Ezra', password);
 *     const { text } = await session.send('look');
 */
import { TelnetTransport } from '../telnet/telnet-transport.ts';
import { WebsocketTransport } from '../websocket/websocket-transport.ts';
import { MudSession, type SessionOptions } from './mud-session.ts';

export type TransportKind = 'telnet' | 'websocket';

/** Evennia's stock ports for each transport. */
export const DEFAULT_PORT: Record<TransportKind, number> = { telnet: 4000, websocket: 4002 };

export interface MudConnectionOptions extends Omit<SessionOptions, 'transportFactory'> {
  transport?: TransportKind;
  host?: string;
  port?: number;
}

export function mudSession(options: MudConnectionOptions = {}): MudSession {
  const kind = options.transport ?? 'telnet';
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_PORT[kind];
  return new MudSession({
    ...options,
    transportFactory: () =>
      kind === 'telnet'
        ? new TelnetTransport({ host, port })
        : new WebsocketTransport({ url: `ws://${host}:${port}/` }),
  });
}
