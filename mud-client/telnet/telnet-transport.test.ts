import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MudClientError } from '../errors.ts';
import type { MudEvent } from '../events.ts';
import { loadTelnetCapture, telnetChunks } from '../fixtures/fixture-format.ts';
import { FakeTelnetSocket } from '../testing/fake-telnet-socket.ts';
import { TelnetTransport, type TelnetTransportOptions } from './telnet-transport.ts';

const session = loadTelnetCapture('telnet-session.json');
const promptSession = loadTelnetCapture('telnet-prompt.json');
const connectBytes = Buffer.concat(telnetChunks(session, 'connect'));

function setup(options: Partial<TelnetTransportOptions> = {}) {
  const socket = new FakeTelnetSocket();
  const requested: { host: string; port: number }[] = [];
  const transport = new TelnetTransport({
    host: 'mud.test',
    port: 4000,
    socketFactory: target => {
      requested.push(target);
      return socket;
    },
    ...options,
  });
  const events: MudEvent[] = [];
  transport.onEvent(event => events.push(event));
  return { socket, transport, events, requested };
}

async function connected(options: Partial<TelnetTransportOptions> = {}) {
  const context = setup(options);
  const connecting = context.transport.connect();
  context.socket.connectNow();
  context.socket.serverSends(connectBytes);
  await connecting;
  context.socket.takeWritten();
  return context;
}

const isCode = (code: string) => (error: unknown) => error instanceof MudClientError && error.code === code;

describe('TelnetTransport', () => {
  it('connects through the injected socket factory and resolves once the server offers were answered', async () => {
    const { socket, transport, events, requested } = setup();
    const connecting = transport.connect();
    socket.connectNow();
    assert.equal(transport.oobAvailable, false);
    socket.serverSends(connectBytes);
    await connecting;
    assert.deepEqual(requested, [{ host: 'mud.test', port: 4000 }]);
    assert.equal(transport.oobAvailable, true);
    assert.equal(socket.takeWritten().subarray(0, 6).toString('hex'), 'fffc22fffd03');
    assert.deepEqual(events[0], { kind: 'connection', state: 'open' });
    assert.match(events[1]?.kind === 'text' ? events[1].text : '', /Welcome to mygame/);
  });

  it('resolves connect after the negotiation wait when the server sends nothing', async () => {
    const { socket, transport } = setup({ negotiationWaitMs: 10 });
    const connecting = transport.connect();
    socket.connectNow();
    await connecting;
    assert.equal(transport.oobAvailable, false);
  });

  it('probes a connection the server never speaks on with telnet NOPs, and stops once it hears the server', async () => {
    const { socket, transport } = setup({ negotiationWaitMs: 10, silenceProbeMs: 20 });
    const connecting = transport.connect();
    socket.connectNow();
    await connecting;
    await sleep(70);
    const probes = socket.takeWritten();
    assert.ok(probes.length >= 4, `expected at least two NOPs, got ${probes.toString('hex')}`);
    assert.equal(probes.toString('hex'), 'fff1'.repeat(probes.length / 2));
    socket.serverSends(connectBytes);
    socket.takeWritten();
    await sleep(60);
    assert.equal(socket.takeWritten().length, 0);
    await transport.close();
  });

  it('reports a connection the silent server resets as closed, so the session can retry', async () => {
    const { socket, transport, events } = setup({ negotiationWaitMs: 10, silenceProbeMs: 20 });
    const connecting = transport.connect();
    socket.connectNow();
    await connecting;
    await sleep(30);
    socket.serverCloses(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    await sleep(5);
    assert.ok(events.some(event => event.kind === 'connection' && event.state === 'closed'));
    const written = socket.written.length;
    await sleep(50);
    assert.equal(socket.written.length, written, 'no probe after the close');
  });

  it('sends a command line as UTF-8 with CRLF', async () => {
    const { socket, transport } = await connected();
    transport.sendText('say Grüße');
    assert.deepEqual(socket.takeWritten(), Buffer.from('say Grüße\r\n'));
  });

  it('sends OOB as a GMCP subnegotiation Evennia decodes to the inputfunc', async () => {
    const { socket, transport } = await connected();
    transport.sendOob('login', [], { name: 'bot1', password: 'pw' });
    const written = socket.takeWritten();
    assert.equal(written.subarray(0, 3).toString('hex'), 'fffac9');
    assert.equal(written.subarray(3, -2).toString(), 'Core.Login {"name":"bot1","password":"pw"}');
    assert.equal(written.subarray(-2).toString('hex'), 'fff0');
  });

  it('refuses OOB before GMCP was agreed and any send before connecting', async () => {
    const { socket, transport } = setup({ negotiationWaitMs: 1 });
    assert.throws(() => transport.sendText('look'), isCode('MUD_ERR_NOT_CONNECTED'));
    const connecting = transport.connect();
    socket.connectNow();
    await connecting;
    assert.throws(() => transport.sendOob('get_inputfuncs'), isCode('MUD_ERR_OOB_UNAVAILABLE'));
  });

  it('delivers events from captured login bytes in wire order', async () => {
    const { socket, events } = await connected();
    events.length = 0;
    for (const chunk of telnetChunks(session, 'login')) socket.serverSends(chunk);
    assert.deepEqual(
      events.map(event => event.kind),
      ['oob', 'text'],
    );
  });

  it('flushes a captured prompt without newline as a prompt event after the idle time', async () => {
    const { socket, events } = await connected({ promptIdleMs: 20 });
    events.length = 0;
    for (const chunk of telnetChunks(promptSession, 'prompt')) socket.serverSends(chunk);
    assert.deepEqual(
      events.map(event => event.kind),
      ['text'],
    );
    await sleep(60);
    assert.deepEqual(events.at(-1), { kind: 'prompt', text: 'HP: 10/10 » ' });
  });

  it('does not flush a prompt while more data keeps arriving within the idle time', async () => {
    const { socket, events } = await connected({ promptIdleMs: 40 });
    events.length = 0;
    socket.serverSends(Buffer.from('You say, "Hel'));
    await sleep(10);
    socket.serverSends(Buffer.from('lo"\r\n'));
    await sleep(60);
    assert.deepEqual(events, [{ kind: 'text', text: 'You say, "Hello"' }]);
  });

  it('ends the socket on close and reports the closed connection', async () => {
    const { socket, transport, events } = await connected();
    await transport.close();
    assert.equal(socket.ended, true);
    assert.deepEqual(events.at(-1), { kind: 'connection', state: 'closed', reason: 'closed by client' });
    assert.throws(() => transport.sendText('look'), isCode('MUD_ERR_NOT_CONNECTED'));
  });

  it('reports a socket error after connecting as MUD_ERR_CONNECTION_LOST and then closed', async () => {
    const { socket, events } = await connected();
    events.length = 0;
    socket.serverCloses(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    await sleep(0);
    assert.equal(events[0]?.kind === 'error' && events[0].error.code, 'MUD_ERR_CONNECTION_LOST');
    assert.deepEqual(events[1], { kind: 'connection', state: 'closed', reason: 'read ECONNRESET' });
  });

  it('rejects connect with MUD_ERR_CONNECTION_REFUSED when the socket fails before connecting', async () => {
    const { socket, transport } = setup();
    const connecting = transport.connect();
    socket.serverCloses(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await assert.rejects(connecting, isCode('MUD_ERR_CONNECTION_REFUSED'));
  });

  it('rejects connect with MUD_ERR_TIMEOUT when the server never answers', async () => {
    const { socket, transport } = setup({ connectTimeoutMs: 10 });
    await assert.rejects(transport.connect(), isCode('MUD_ERR_TIMEOUT'));
    assert.equal(socket.destroyed, true);
  });
});

describe('TelnetTransport over a real loopback socket', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('rejects with MUD_ERR_CONNECTION_REFUSED for a port nobody listens on', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const address = probe.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    probe.close();
    await once(probe, 'close');
    await assert.rejects(
      new TelnetTransport({ host: '127.0.0.1', port }).connect(),
      isCode('MUD_ERR_CONNECTION_REFUSED'),
    );
  });

  it('replays the captured screen, answers the negotiation and sends a command the server receives', async () => {
    const received: Buffer[] = [];
    let serverSocket: Socket | undefined;
    server = createServer(socket => {
      serverSocket = socket;
      socket.on('data', chunk => received.push(chunk));
      socket.write(connectBytes);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const transport = new TelnetTransport({ host: '127.0.0.1', port });
    const events: MudEvent[] = [];
    transport.onEvent(event => events.push(event));
    await transport.connect();
    transport.sendText('connect timmyfix pw');
    const closedByServer = serverSocket === undefined ? Promise.resolve() : once(serverSocket, 'end');
    await transport.close();
    await closedByServer;
    const all = Buffer.concat(received);
    assert.equal(all.subarray(0, 3).toString('hex'), 'fffc22');
    assert.ok(all.includes(Buffer.from('fffdc9', 'hex')), 'DO GMCP sent');
    assert.ok(all.toString('latin1').endsWith('connect timmyfix pw\r\n'));
    assert.equal(transport.oobAvailable, true);
    assert.ok(events.some(event => event.kind === 'text' && event.text.includes('Welcome to mygame')));
  });
});
