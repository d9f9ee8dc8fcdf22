/**
 * The two clients the round-trip benchmark compares on one transport, behind one interface: the raw
 * baseline (bench/raw-*-client.ts) and a mud-client `MudSession`, each logged in to its own account.
 */
import type { CorrelationMethod } from '../mud-client/session/command-result.ts';
import type { BenchAccount } from './account-creation.ts';
import type { EvenniaServer } from './evennia-server.ts';
import { connectionScreen, mudSession, type TransportKind } from './mud-sessions.ts';
import { RawTelnetClient } from './raw-telnet-client.ts';
import { RawWebsocketClient } from './raw-websocket-client.ts';

export interface TimedClient {
  label: 'raw' | 'mud-client';
  /** Sends one command and resolves when its output has ended. */
  roundTrip(command: string): Promise<void>;
  close(): Promise<void>;
}

export interface MudClientProbe extends TimedClient {
  markerSupported: boolean;
  /** How each measured command's output was delimited, counted. */
  methods: Partial<Record<CorrelationMethod, number>>;
  uncorrelated: number;
}

export async function connectMudClient(
  server: EvenniaServer,
  kind: TransportKind,
  account: BenchAccount,
): Promise<MudClientProbe> {
  const session = mudSession(server, kind);
  const screen = connectionScreen(session);
  await session.connect();
  await screen;
  await session.login(account.username, account.password);
  const probe: MudClientProbe = {
    label: 'mud-client',
    markerSupported: session.markerSupported,
    methods: {},
    uncorrelated: 0,
    async roundTrip(command) {
      const result = await session.send(command);
      probe.methods[result.method] = (probe.methods[result.method] ?? 0) + 1;
      if (!result.correlated) probe.uncorrelated += 1;
    },
    close: () => session.close(),
  };
  return probe;
}

/**
 * Logs the raw baseline in with a `connect` command. With the marker it waits for the marker; without it
 * (stock server) it waits a fixed 1.5 s and then times only the first reply bytes of each command.
 */
export async function connectRawClient(
  server: EvenniaServer,
  kind: TransportKind,
  account: BenchAccount,
  markerSupported: boolean,
): Promise<TimedClient> {
  const client =
    kind === 'telnet'
      ? await RawTelnetClient.connect(server.host, server.ports.telnet)
      : await RawWebsocketClient.connect(`ws://${server.host}:${server.ports.websocket}`);
  await client.waitForConnectionScreen();
  let nextId = 1;
  const runCommand = async (command: string) => {
    const id = nextId++;
    client.sendCommand(command, id);
    if (markerSupported) await client.untilDone(id);
    else await client.untilAnyReply();
  };
  if (markerSupported) await runCommand(`connect ${account.username} ${account.password}`);
  else {
    client.sendCommand(`connect ${account.username} ${account.password}`, nextId++);
    await new Promise(resolve => setTimeout(resolve, 1500));
  }
  return { label: 'raw', roundTrip: runCommand, close: () => client.close() };
}
