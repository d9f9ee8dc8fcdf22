import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { mudSession, type TransportKind } from '../../mud-client/session/mud-connection.ts';
import type { MudSession, SessionState } from '../../mud-client/session/mud-session.ts';
import { projectRoot } from '../../supervisor/paths.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';

// Assigned inside the top-level suite, whose hooks start and stop the server around all tests.
let evennia: () => EvenniaInstance;

function open(transport: TransportKind): MudSession {
  const { host, ports } = evennia();
  return mudSession({
    transport,
    host,
    port: transport === 'telnet' ? ports.telnet : ports.websocket,
    reconnect: { initialDelayMs: 200, maxDelayMs: 2000 },
  });
}

async function loggedIn(transport: TransportKind, name: string): Promise<MudSession> {
  const session = open(transport);
  await session.connect();
  await session.createAccount(name, `${name}-password-1`);
  await session.login(name, `${name}-password-1`);
  return session;
}

function recordStates(session: MudSession): SessionState[] {
  const states: SessionState[] = [];
  session.onEvent(event => {
    if (event.kind === 'state') states.push(event.state);
  });
  return states;
}

describe('mud-client against a real Evennia', () => {
  evennia = useEvennia();

  before(async () => {
    // A second room east of Limbo, built by the superuser.
    const admin = open('telnet');
    await admin.connect();
    await admin.login(evennia().superuser.username, evennia().superuser.password);
    const dug = await admin.send('dig Garden = east;e, west;w');
    assert.match(dug.text, /Created room Garden/);
    await admin.close();
  });

  describe('timmy client', () => {
    const timmy = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'cli/timmy.ts', 'client', ...args], {
          cwd: projectRoot,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
          stdout += chunk;
        });
        child.stderr.on('data', chunk => {
          stderr += chunk;
        });
        child.on('close', code => resolve({ code, stdout, stderr }));
      });

    test('creates the account, logs in and prints one JSON line per command', async () => {
      const port = String(evennia().ports.telnet);
      const args = ['--port', port, '--user', 'CliUser', '--password', 'cli-password-1', '--create'];
      const run = await timmy(...args, '-c', 'look', '-c', 'say from the CLI');
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      assert.equal(lines.length, 2);
      assert.deepEqual(Object.keys(lines[0]), ['command', 'text', 'oob', 'ms', 'correlated']);
      assert.equal(lines[0].command, 'look');
      assert.match(lines[0].text, /^Limbo\n/);
      assert.equal(lines[1].text, 'You say, "from the CLI"');
      assert.equal(lines[1].correlated, true);
      const again = await timmy(...args, '-c', 'look');
      assert.equal(again.code, 0, 'an existing account with --create just logs in');
    });

    test('speaks websocket when asked', async () => {
      const port = String(evennia().ports.websocket);
      const run = await timmy(
        '--transport',
        'websocket',
        '--port',
        port,
        '--user',
        'CliUser',
        '--password',
        'cli-password-1',
        '-c',
        'look',
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).correlated, true);
    });

    test('exits 1 with a one-line error on a refused login', async () => {
      const port = String(evennia().ports.telnet);
      const run = await timmy(
        '--port',
        port,
        '--user',
        'CliUser',
        '--password',
        'not-the-password',
        '-c',
        'look',
      );
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr.trim(),
        /^timmy client: login as CliUser refused: Username and\/or password is incorrect\.$/,
      );
    });

    test('exits 1 with a one-line error when nothing listens on the port', async () => {
      const run = await timmy(
        '--port',
        '9',
        '--user',
        'CliUser',
        '--password',
        'cli-password-1',
        '-c',
        'look',
      );
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^timmy client: cannot connect to telnet 127\.0\.0\.1:9: connection refused/);
    });
  });

  for (const transport of ['telnet', 'websocket'] as const) {
    describe(`mud-client over ${transport} against a real Evennia`, () => {
      const prefix = transport === 'telnet' ? 'Tel' : 'Web';
      let session: MudSession;
      before(async () => {
        session = await loggedIn(transport, `${prefix}Alice`);
      });
      after(async () => {
        await session.close();
      });

      test('logs in and learns that the server marks the end of every command', () => {
        assert.equal(session.state, 'logged-in');
        assert.equal(session.markerSupported, true);
      });

      test('returns the look of the room, correlated by the marker', async () => {
        const result = await session.send('look');
        assert.equal(result.correlated, true);
        assert.equal(result.method, 'marker');
        assert.match(result.text, /^Limbo\n/);
        assert.equal(result.text.includes('\u001b['), false, 'no ANSI leaks out');
        assert.doesNotMatch(result.text, /<br>|&gt;/, 'no HTML leaks out');
      });

      test('lets two clients see each other speak', async () => {
        const bob = await loggedIn(transport, `${prefix}Bob`);
        try {
          const heard = new Promise<string>(resolve =>
            bob.onEvent(event => {
              if (event.kind === 'text' && /says, "hello Bob"/.test(event.text)) resolve(event.text);
            }),
          );
          const said = await session.send('say hello Bob');
          assert.equal(said.text, 'You say, "hello Bob"');
          assert.match(await heard, new RegExp(`${prefix}Alice says, "hello Bob"`));
        } finally {
          await bob.close();
        }
      });

      test('moves through an exit and back, each move correlated', async () => {
        const east = await session.send('east');
        assert.equal(east.correlated, true);
        assert.match(east.text, /^Garden\n/);
        const west = await session.send('west');
        assert.match(west.text, /^Limbo\n/);
      });

      test('reports an unknown command as that command’s own output', async () => {
        const result = await session.send('xyzzy');
        assert.equal(result.correlated, true);
        assert.match(result.text, /Command 'xyzzy' is not available/);
      });

      test('keeps 200 consecutive commands each with its own output and no cross-talk', async () => {
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, index) => session.send(`say token-${index}-end`)),
        );
        results.forEach((result, index) => {
          assert.equal(result.correlated, true, `command ${index} correlated`);
          assert.equal(result.text, `You say, "token-${index}-end"`);
        });
      });

      test('keeps the session through an Evennia reload, without reconnecting', async () => {
        const states = recordStates(session);
        await evennia().supervisor.reload();
        const result = await session.send('look');
        assert.match(result.text, /Limbo/);
        assert.equal(session.state, 'logged-in');
        assert.deepEqual(states, [], 'no reconnect happened');
      });

      test('reconnects and logs back in by itself after an Evennia restart drops the connection', async () => {
        const states = recordStates(session);
        await evennia().supervisor.stop();
        await evennia().supervisor.start();
        const deadline = Date.now() + 60_000;
        while (session.state !== 'logged-in' || !states.includes('reconnecting')) {
          assert.ok(Date.now() < deadline, `still ${session.state} after the restart: ${states.join(', ')}`);
          await new Promise(resolve => setTimeout(resolve, 100));
        }
        const result = await session.send('look');
        assert.equal(result.correlated, true);
        assert.match(result.text, /Limbo/);
      });
    });
  }
});
