import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MudClientError } from '../errors.ts';
import { commandOf, ScriptedTransport, type Sent } from '../testing/scripted-transport.ts';
import { backoffDelay } from './backoff.ts';
import { MudSession, type SessionEvent } from './mud-session.ts';
import { RateLimiter } from './rate-limiter.ts';

/** A server that speaks evennia-game's protocol: hello on connect, output then cmd_done per command. */
function markerServer(kind: 'telnet' | 'websocket' = 'websocket') {
  return new ScriptedTransport({
    kind,
    onConnect: transport =>
      transport.oob('timmy_hello', { protocol: 1, features: ['cmd_done', 'cmd_start'] }),
    respond: (sent, transport) => {
      const line = commandOf(sent);
      if (line === undefined) return;
      const cmdid = sent.type === 'oob' ? (sent.kwargs.cmdid ?? null) : null;
      transport.oob('cmd_start', { cmdid, command: line });
      if (line.startsWith('connect ')) {
        if (line.endsWith(' right-password')) {
          transport.oob('logged_in');
          transport.text('You become Tester.');
        } else transport.text('Username and/or password is incorrect.');
      } else if (line === 'hang-on') {
        return;
      } else if (line !== 'idle') {
        transport.text(`output of ${line}`);
        transport.text(`second line of ${line}`);
      }
      transport.oob('cmd_done', { cmdid, command: line });
    },
  });
}

/** A stock Evennia: no hello, no marker; output arrives in pieces after a short delay. */
function stockServer() {
  return new ScriptedTransport({
    onConnect: transport => transport.text('Welcome to a stock Evennia'),
    respond: (sent, transport) => {
      const line = commandOf(sent);
      if (line === 'silent' || line === undefined) return;
      setTimeout(() => transport.text(`stock output of ${line}`), 5);
      setTimeout(() => transport.text(`more of ${line}`), 25);
    },
  });
}

const quick = {
  quietPeriodMs: 60,
  firstOutputMs: 150,
  keepAliveMs: 0,
  commandsPerSecond: 10_000,
  greetingQuietMs: 20,
};

async function loggedIn(factory: () => ScriptedTransport) {
  const transports: ScriptedTransport[] = [];
  const session = new MudSession({
    ...quick,
    transportFactory: () => {
      const transport = factory();
      transports.push(transport);
      return transport;
    },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  await session.connect();
  await session.login('Tester', 'right-password');
  return { session, transports };
}

describe('MudSession', () => {
  test('correlates a command by its marker and returns exactly its output', async () => {
    const { session, transports } = await loggedIn(() => markerServer());
    const result = await session.send('look');
    assert.equal(result.text, 'output of look\nsecond line of look');
    assert.equal(result.correlated, true);
    assert.equal(result.method, 'marker');
    assert.deepEqual(transports[0]?.sent.at(-1), {
      type: 'oob',
      name: 'text',
      args: ['look'],
      kwargs: { cmdid: 1 },
    });
    await session.close();
  });

  test('sends the id as a kwarg of the text inputfunc over telnet, where GMCP cannot carry args and kwargs', async () => {
    const { session, transports } = await loggedIn(() => markerServer('telnet'));
    const result = await session.send('inventory');
    assert.equal(result.correlated, true);
    assert.deepEqual(transports[0]?.sent.at(-1), {
      type: 'oob',
      name: 'text',
      args: [],
      kwargs: { command: 'inventory', cmdid: 1 },
    });
    await session.close();
  });

  test('keeps 200 consecutive commands apart with no cross-talk', async () => {
    const { session } = await loggedIn(() => markerServer());
    const commands = Array.from({ length: 200 }, (_, index) => `say number ${index}`);
    const results = await Promise.all(commands.map(command => session.send(command)));
    results.forEach((result, index) => {
      assert.equal(result.command, commands[index]);
      assert.equal(result.text, `output of ${commands[index]}\nsecond line of ${commands[index]}`);
    });
    await session.close();
  });

  test('leaves out what arrived before the server began the command', async () => {
    const transport = new ScriptedTransport({
      onConnect: server => server.oob('timmy_hello', { features: ['cmd_done', 'cmd_start'] }),
      respond: (sent, server) => {
        const cmdid = sent.type === 'oob' ? sent.kwargs.cmdid : null;
        server.text('Bob has entered the game.');
        server.oob('cmd_start', { cmdid });
        server.text('You say, "hi"');
        server.oob('cmd_done', { cmdid });
      },
    });
    const seen: string[] = [];
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    session.onEvent(event => {
      if (event.kind === 'text') seen.push(event.text);
    });
    await session.connect();
    const result = await session.send('say hi');
    assert.equal(result.text, 'You say, "hi"');
    assert.deepEqual(seen, ['Bob has entered the game.', 'You say, "hi"'], 'listeners still hear everything');
    await session.close();
  });

  test('ignores markers that carry another id', async () => {
    const transport = new ScriptedTransport({
      onConnect: server => server.oob('timmy_hello', { features: ['cmd_done'] }),
      respond: (sent, server) => {
        if (commandOf(sent) !== 'look') return;
        server.oob('cmd_done', { cmdid: null, command: 'idle' });
        server.oob('cmd_done', { cmdid: 99, command: 'other' });
        server.text('the real output');
        server.oob('cmd_done', { cmdid: sent.type === 'oob' ? sent.kwargs.cmdid : null, command: 'look' });
      },
    });
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    await session.connect();
    const result = await session.send('look');
    assert.equal(result.text, 'the real output');
    assert.equal(result.oob.length, 0);
    await session.close();
  });

  test('falls back to a quiet period against a server without the marker, and says so', async () => {
    const session = new MudSession({ ...quick, transportFactory: stockServer });
    await session.connect();
    const result = await session.send('look');
    assert.equal(result.correlated, false);
    assert.equal(result.method, 'quiet-period');
    assert.equal(result.text, 'stock output of look\nmore of look');
    const silent = await session.send('silent');
    assert.equal(silent.text, '');
    assert.ok(silent.ms >= 140, `waited ${silent.ms} ms for output that never came`);
    await session.close();
  });

  test('uses the heuristic on telnet before GMCP is agreed, even on a server with the marker', async () => {
    const transport = markerServer('telnet');
    transport.oobAvailable = false;
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    await session.connect();
    const result = await session.send('look');
    assert.equal(result.method, 'quiet-period');
    assert.deepEqual(transport.sent.at(-1), { type: 'text', line: 'look' });
    await session.close();
  });

  test('fails a command whose marker never comes with MUD_ERR_TIMEOUT, then goes on with the next', async () => {
    const transport = new ScriptedTransport({
      onConnect: server => server.oob('timmy_hello', { features: ['cmd_done'] }),
      respond: (sent, server) => {
        if (commandOf(sent) === 'hang') server.text('partial');
        else server.oob('cmd_done', { cmdid: (sent as Extract<Sent, { type: 'oob' }>).kwargs.cmdid });
      },
    });
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    await session.connect();
    await assert.rejects(
      session.send('hang', { timeoutMs: 50 }),
      (error: unknown) =>
        error instanceof MudClientError &&
        error.code === 'MUD_ERR_TIMEOUT' &&
        error.details.partial === 'partial',
    );
    assert.equal((await session.send('next')).correlated, true);
    await session.close();
  });

  test('refuses a multi-line command and any command after close', async () => {
    const { session } = await loggedIn(() => markerServer());
    await assert.rejects(session.send('look\nquit'), { code: 'MUD_ERR_INVALID_ARGUMENT' });
    await session.close();
    await assert.rejects(session.send('look'), { code: 'MUD_ERR_NOT_CONNECTED' });
  });

  test('reports a refused login as MUD_ERR_LOGIN_FAILED with the server’s words', async () => {
    const session = new MudSession({ ...quick, transportFactory: () => markerServer() });
    await session.connect();
    await assert.rejects(
      session.login('Tester', 'wrong'),
      (error: unknown) =>
        error instanceof MudClientError &&
        error.code === 'MUD_ERR_LOGIN_FAILED' &&
        /password is incorrect/.test(error.message),
    );
    assert.equal(session.state, 'connected');
    await session.close();
  });

  test('sends a login again when the server stays silent, as Evennia sometimes does under load', async () => {
    let attempts = 0;
    const transport = new ScriptedTransport({
      respond: (sent, server) => {
        if (!commandOf(sent)?.startsWith('connect ')) return;
        attempts++;
        if (attempts === 2) server.oob('logged_in');
      },
    });
    const session = new MudSession({ ...quick, loginRetryMs: 50, transportFactory: () => transport });
    await session.connect();
    await session.login('Tester', 'right-password');
    assert.equal(attempts, 2);
    assert.equal(session.state, 'logged-in');
    await session.close();
  });

  test('creates an account by answering the Y/N confirmation', async () => {
    const transport = new ScriptedTransport({
      respond: (sent, server) => {
        const line = commandOf(sent);
        if (line?.startsWith('create ')) {
          server.text(
            "You want to create an account 'New' with password 'pw-123456'.\nIs this what you intended? [Y]/N?",
          );
        } else if (line === 'yes') server.text("A new account 'New' was created. Welcome!");
      },
    });
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    await session.connect();
    await session.createAccount('New', 'pw-123456');
    assert.deepEqual(transport.sent.map(commandOf), ['create New pw-123456', 'yes']);
    await session.close();
  });

  test('tells a taken account name apart from other refusals', async () => {
    const transport = new ScriptedTransport({
      respond: (_sent, server) => server.text('Sorry, that username is already taken.'),
    });
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    await session.connect();
    await assert.rejects(session.createAccount('Taken', 'pw-123456'), { code: 'MUD_ERR_ACCOUNT_EXISTS' });
    await session.close();
  });

  test('reconnects after a drop, logs back in, fails the command in flight and runs the queued one', async () => {
    const states: string[] = [];
    const { session, transports } = await loggedIn(() => markerServer());
    session.onEvent((event: SessionEvent) => {
      if (event.kind === 'state') states.push(event.state);
    });
    const first = transports[0] as ScriptedTransport;
    const inFlight = session.send('hang-on');
    const queued = session.send('look');
    while (!first.sent.some(sent => commandOf(sent) === 'hang-on'))
      await new Promise(resolve => setImmediate(resolve));
    first.drop('server restarted');
    await assert.rejects(inFlight, { code: 'MUD_ERR_CONNECTION_LOST' });
    const result = await queued;
    assert.equal(result.text, 'output of look\nsecond line of look');
    assert.equal(transports.length, 2);
    assert.equal(commandOf(transports[1]?.sent[0] as Sent), 'connect Tester right-password');
    assert.deepEqual(states, ['reconnecting', 'connecting', 'connected', 'logged-in']);
    await session.close();
  });

  test('keeps trying with backoff while the server is down', async () => {
    let made = 0;
    const session = new MudSession({
      ...quick,
      reconnect: { initialDelayMs: 5, maxDelayMs: 10 },
      transportFactory: () => {
        made++;
        const transport = markerServer();
        transport.refuseConnect = made > 1 && made < 4;
        return transport;
      },
    });
    await session.connect();
    await session.login('Tester', 'right-password');
    const reconnected = new Promise<void>(resolve =>
      session.onEvent(event => {
        if (event.kind === 'state' && event.state === 'logged-in') resolve();
      }),
    );
    (session as unknown as { _transport: ScriptedTransport })._transport.drop();
    await reconnected;
    assert.equal(made, 4);
    await session.close();
  });
});

describe('MudSession.request', () => {
  const server = () =>
    new ScriptedTransport({
      respond: (sent, transport) => {
        if (sent.type !== 'oob') return;
        const requestId = sent.kwargs.requestId;
        transport.oob('unrelated', { requestId: 'someone-else' });
        if (sent.name === 'world_snapshot') transport.oob('world_snapshot', { requestId, rooms: 17 });
        else
          transport.oob('timmy_error', {
            requestId,
            code: 'forbidden',
            message: 'only the superuser may call this',
          });
      },
    });

  test('resolves with the reply that carries its request id', async () => {
    const session = new MudSession({ ...quick, transportFactory: server });
    await session.connect();
    const reply = await session.request('world_snapshot', { full: true });
    assert.equal(reply.kwargs.rooms, 17);
    await session.close();
  });

  test('fails at once, leaving nothing pending, when the connection is already gone', async () => {
    const transport = server();
    const session = new MudSession({ ...quick, reconnect: false, transportFactory: () => transport });
    await session.connect();
    transport.closed = true; // closed under the session's feet: sending throws
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(session.request('world_snapshot', {}, { timeoutMs: 50 }), {
        code: 'MUD_ERR_NOT_CONNECTED',
      });
      await new Promise(resolve => setTimeout(resolve, 100));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('rejects with the server’s reason when the reply is timmy_error', async () => {
    const session = new MudSession({ ...quick, transportFactory: server });
    await session.connect();
    await assert.rejects(
      session.request('world_apply'),
      (error: unknown) =>
        error instanceof MudClientError &&
        error.code === 'MUD_ERR_REQUEST_FAILED' &&
        error.details.code === 'forbidden' &&
        /only the superuser/.test(error.message),
    );
    await session.close();
  });
});

describe('RateLimiter', () => {
  test('lets a burst through, then spaces inputs at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(10, { burst: 2, now: () => now });
    assert.equal(limiter.reserve(), 0);
    assert.equal(limiter.reserve(), 0);
    assert.equal(limiter.reserve(), 100);
    now = 1000;
    assert.equal(limiter.reserve(), 0);
  });
});

describe('RateLimiter.setRate', () => {
  test('takes a faster rate announced by the server from then on', () => {
    let now = 0;
    const limiter = new RateLimiter(10, { burst: 1, now: () => now });
    assert.equal(limiter.reserve(), 0);
    assert.equal(limiter.reserve(), 100);
    now = 200;
    limiter.setRate(500);
    assert.equal(limiter.reserve(), 0);
    assert.ok(limiter.reserve() <= 2);
  });
});

describe('MudSession greeting', () => {
  test('waits for the server to greet before logging in, ignoring the Portal queue notice', async () => {
    let greet: () => void = () => {};
    const transport = new ScriptedTransport({
      onConnect: server => {
        server.text('Timmy DoS protection is active. You are queued to connect in 1.0 seconds ...');
        greet = () => {
          server.text('Welcome to Timmy');
          server.oob('timmy_hello', { features: ['cmd_done', 'cmd_start'], max_command_rate: 1000 });
        };
      },
    });
    const session = new MudSession({ ...quick, transportFactory: () => transport });
    let connected = false;
    const connecting = session.connect().then(() => {
      connected = true;
    });
    await new Promise(resolve => setTimeout(resolve, 100));
    assert.equal(connected, false, 'not greeted yet');
    greet();
    await connecting;
    assert.equal(session.markerSupported, true);
    await session.close();
  });

  test('takes a stock server’s connection screen followed by quiet as its greeting', async () => {
    const transport = new ScriptedTransport({
      onConnect: server => server.text('Welcome to a stock Evennia'),
    });
    const session = new MudSession({ ...quick, greetingQuietMs: 30, transportFactory: () => transport });
    await session.connect();
    assert.equal(session.state, 'connected');
    assert.equal(session.markerSupported, false);
    await session.close();
  });

  test('opens the connection again when the server resets it before greeting, and does not reconnect twice', async () => {
    const transports: ScriptedTransport[] = [];
    const session = new MudSession({
      ...quick,
      reconnect: { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: 3 },
      transportFactory: () => {
        const ghost = transports.length === 0;
        const transport = new ScriptedTransport({
          onConnect: server => {
            if (ghost) setTimeout(() => server.drop('read ECONNRESET'), 5);
            else server.oob('timmy_hello', { features: ['cmd_done', 'cmd_start'] });
          },
        });
        transports.push(transport);
        return transport;
      },
    });
    await session.connect();
    assert.equal(session.state, 'connected');
    await new Promise(resolve => setTimeout(resolve, 50));
    assert.equal(transports.length, 2, 'one retry by connect(), no extra reconnect loop');
    await session.close();
  });

  test('gives up after four connections closed before greeting, with the connection-lost error', async () => {
    let made = 0;
    const session = new MudSession({
      ...quick,
      reconnect: false,
      transportFactory: () => {
        made++;
        return new ScriptedTransport({ onConnect: server => setTimeout(() => server.drop('reset'), 1) });
      },
    });
    await assert.rejects(session.connect(), (error: unknown) => {
      assert.ok(error instanceof MudClientError);
      assert.equal(error.code, 'MUD_ERR_CONNECTION_LOST');
      return true;
    });
    assert.equal(made, 4);
  });

  test('does not retry a refused connection', async () => {
    let made = 0;
    const session = new MudSession({
      ...quick,
      reconnect: false,
      transportFactory: () => {
        made++;
        const transport = new ScriptedTransport();
        transport.refuseConnect = true;
        return transport;
      },
    });
    await assert.rejects(session.connect(), { code: 'MUD_ERR_CONNECTION_REFUSED' });
    assert.equal(made, 1);
  });
});

describe('backoffDelay', () => {
  test('doubles from the initial delay up to the cap, with jitter between half and all of it', () => {
    const policy = { initialDelayMs: 500, maxDelayMs: 4000, maxAttempts: 10 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map(attempt => backoffDelay(policy, attempt, () => 1)),
      [500, 1000, 2000, 4000, 4000, 4000],
    );
    assert.equal(
      backoffDelay(policy, 0, () => 0),
      250,
    );
  });
});
