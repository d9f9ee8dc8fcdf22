import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { MudClientError } from '../../mud-client/errors.ts';
import { mudSession, type TransportKind } from '../../mud-client/session/mud-connection.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { portsFromEnvironment } from '../../supervisor/ports.ts';
import { type CliCommand, stringOption, UsageError } from '../cli-command.ts';

export const clientCommand: CliCommand = {
  name: 'client',
  summary: 'Connect to a MUD as an account: run commands and print JSON lines, or play interactively',
  help: [
    'Usage: timmy client [--transport telnet|websocket] [--host H] [--port P] --user NAME',
    '                    (--password PW | --password-file F) [--create] [-c COMMAND]...',
    '',
    'Connects (default: telnet to 127.0.0.1 on the game port for that transport), creates the account',
    'first with --create when it does not exist yet, logs in, then runs each -c command in order and prints',
    'one JSON line per command: {"command", "text", "oob", "ms", "correlated"}. Without -c it is a plain',
    'interactive line client. A connection, protocol or login failure exits 1 with a one-line error.',
    '',
    'Options:',
    '  --transport T        telnet (default) or websocket',
    '  --host H             default 127.0.0.1',
    '  --port P             default EVENNIA_TELNET_PORT or EVENNIA_WEBSOCKET_PORT (4000 / 4002)',
    '  --user NAME          the account name',
    '  --password PW        its password (visible to other local users in the process list)',
    '  --password-file F    read the password from a file instead (first line)',
    '  --create             create the account first if it does not exist',
    '  -c, --command C      a command to run; repeat for several',
    '  --timeout MS         per-command time limit (default 30000)',
  ].join('\n'),
  options: {
    transport: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    'password-file': { type: 'string' },
    create: { type: 'boolean' },
    command: { type: 'string', short: 'c', multiple: true },
    timeout: { type: 'string' },
  },
  async run(values) {
    const transport = (stringOption(values, 'transport') ?? 'telnet') as TransportKind;
    if (transport !== 'telnet' && transport !== 'websocket')
      throw new UsageError('--transport is telnet or websocket');
    const user = stringOption(values, 'user');
    if (!user) throw new UsageError('--user is required');
    const password = readPassword(values);
    const ports = portsFromEnvironment();
    const port = Number(
      stringOption(values, 'port') ?? (transport === 'telnet' ? ports.telnet : ports.websocket),
    );
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError('--port must be a port number');
    const timeoutMs = Number(stringOption(values, 'timeout') ?? 30_000);
    const commands = (values.command as string[] | undefined) ?? [];

    const session = mudSession({
      transport,
      host: stringOption(values, 'host') ?? '127.0.0.1',
      port,
      commandTimeoutMs: timeoutMs,
      // A script run should fail fast rather than retry for ever; a human session reconnects.
      reconnect: commands.length > 0 ? false : {},
    });
    try {
      await session.connect();
      if (values.create) {
        await session.createAccount(user, password).catch((error: unknown) => {
          if (!(error instanceof MudClientError && error.code === 'MUD_ERR_ACCOUNT_EXISTS')) throw error;
        });
      }
      await session.login(user, password);
      if (commands.length === 0) return await interactive(session);
      for (const command of commands) {
        const result = await session.send(command);
        const oob = result.oob.map(({ name, args, kwargs }) => ({ name, args, kwargs }));
        console.log(
          JSON.stringify({ command, text: result.text, oob, ms: result.ms, correlated: result.correlated }),
        );
      }
      return 0;
    } finally {
      await session.close();
    }
  },
};

function readPassword(values: Record<string, unknown>): string {
  const file = stringOption(values, 'password-file');
  if (file) {
    try {
      return readFileSync(file, 'utf8').split('\n')[0]?.trim() ?? '';
    } catch (error) {
      throw new UsageError(`cannot read --password-file: ${(error as Error).message}`);
    }
  }
  const password = stringOption(values, 'password');
  if (!password) throw new UsageError('--password or --password-file is required');
  return password;
}

/** A plain line client for a human: what the server says is printed as it comes; each line is a command. */
async function interactive(session: MudSession): Promise<number> {
  session.onEvent(event => {
    if (event.kind === 'text') process.stdout.write(`${event.text}\n`);
    else if (event.kind === 'prompt') process.stdout.write(event.text);
    else if (event.kind === 'state' && event.state === 'reconnecting')
      process.stderr.write('[connection lost, reconnecting]\n');
    else if (event.kind === 'state' && event.state === 'logged-in') process.stderr.write('[logged in]\n');
  });
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    if (line.trim() === 'quit') break;
    await session.send(line).catch((error: unknown) => {
      process.stderr.write(`[${error instanceof Error ? error.message : String(error)}]\n`);
    });
  }
  return 0;
}
