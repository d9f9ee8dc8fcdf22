import assert from 'node:assert/strict';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import { MudClientError } from '../errors.ts';
import type { MudEvent } from '../events.ts';
import { loadWebsocketCapture, websocketFrames } from '../fixtures/fixture-format.ts';
import { FakeWebsocket } from '../testing/fake-websocket.ts';
import { WebsocketTransport, type WebsocketTransportOptions } from './websocket-transport.ts';

const session = loadWebsocketCapture('websocket-session.json');
const isCode = (code: string) => (error: unknown) => error instanceof MudClientError && error.code === code;

function setup(options: Partial<WebsocketTransportOptions> = {}) {
  const transport = new WebsocketTransport({
    url: 'ws://mud.test:4002',
    WebSocket: FakeWebsocket,
    ...options,
  });
  const events: MudEvent[] = [];
  transport.onEvent(event => events.push(event));
  return { transport, events };
}

async function connected(options: Partial<WebsocketTransportOptions> = {}) {
  const context = setup(options);
  const connecting = context.transport.connect();
  const socket = FakeWebsocket.latest();
  socket.openNow();
  await connecting;
  return { ...context, socket };
}

describe('WebsocketTransport', () => {
  beforeEach(() => {
    FakeWebsocket.instances = [];
  });

  it('opens the injected WebSocket with the payload limit and reports the open connection', async () => {
    const { transport, socket, events } = await connected({ limits: { maxWebsocketPayloadBytes: 12345 } });
    assert.equal(socket.url, 'ws://mud.test:4002');
    assert.equal(socket.options.maxPayload, 12345);
    assert.equal(transport.oobAvailable, true);
    assert.deepEqual(events, [{ kind: 'connection', state: 'open' }]);
  });

  it('emits events for captured frames', async () => {
    const { socket, events } = await connected();
    for (const frame of websocketFrames(session, 'login')) socket.serverSends(frame);
    assert.deepEqual(
      events.slice(1).map(event => (event.kind === 'text' ? `text:${event.messageType ?? ''}` : event.kind)),
      ['oob', 'text:', 'text:look'],
    );
  });

  it('keeps the connection open after a malformed frame and reports it as an error event', async () => {
    const { socket, events } = await connected();
    socket.serverSends('["text", ["half"]]');
    socket.serverSends(websocketFrames(session, 'say')[0] ?? '');
    assert.equal(events[1]?.kind === 'error' && events[1].error.code, 'MUD_ERR_FRAME_INVALID');
    assert.equal(events[2]?.kind, 'text');
  });

  it('sends a command line as a text frame and OOB as [name, args, kwargs]', async () => {
    const { transport, socket } = await connected();
    transport.sendText('look');
    transport.sendOob('login', [], { name: 'bot1', password: 'pw' });
    assert.deepEqual(socket.sent, ['["text",["look"],{}]', '["login",[],{"name":"bot1","password":"pw"}]']);
  });

  it('refuses a line with a newline and any send before connecting', async () => {
    const { transport } = setup();
    assert.throws(() => transport.sendText('look'), isCode('MUD_ERR_NOT_CONNECTED'));
    const { transport: open } = await connected();
    assert.throws(() => open.sendText('look\nquit'), isCode('MUD_ERR_INVALID_ARGUMENT'));
  });

  it('closes by sending websocket_close and lets Evennia close with 1000', async () => {
    const { transport, socket, events } = await connected();
    socket.answerClose = false;
    const closing = transport.close();
    assert.deepEqual(socket.sent, ['["websocket_close",[],{}]']);
    socket.serverCloses(1000);
    await closing;
    assert.deepEqual(socket.closeCalls, []);
    assert.deepEqual(events.at(-1), {
      kind: 'connection',
      state: 'closed',
      reason: 'closed by client (code 1000)',
    });
    assert.equal(
      events.some(event => event.kind === 'error'),
      false,
    );
  });

  it('closes with code 1000 itself when the server does not close after websocket_close', async () => {
    const { transport, socket } = await connected({ closeGraceMs: 5 });
    await transport.close();
    assert.deepEqual(socket.closeCalls, [{ code: 1000, reason: 'client closing' }]);
    assert.equal(socket.terminated, false);
  });

  it('terminates when even the close handshake does not finish', async () => {
    const { transport, socket } = await connected({ closeGraceMs: 5, closeTimeoutMs: 20 });
    socket.answerClose = false;
    await transport.close();
    assert.equal(socket.terminated, true);
  });

  it('reports an abnormal close by the server as MUD_ERR_CONNECTION_LOST', async () => {
    const { socket, events } = await connected();
    socket.serverCloses(1006);
    await sleep(0);
    assert.equal(events[1]?.kind === 'error' && events[1].error.code, 'MUD_ERR_CONNECTION_LOST');
    assert.deepEqual(events[2], {
      kind: 'connection',
      state: 'closed',
      reason: 'closed by server (code 1006)',
    });
  });

  it('reports a frame over ws maxPayload as MUD_ERR_FRAME_TOO_LARGE when ws closes with 1009', async () => {
    const { socket, events } = await connected();
    const error = Object.assign(new RangeError('Max payload size exceeded'), {
      code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    });
    socket.serverCloses(1009, '', error);
    await sleep(0);
    assert.equal(events[1]?.kind === 'error' && events[1].error.code, 'MUD_ERR_FRAME_TOO_LARGE');
    assert.equal(events[2]?.kind, 'connection');
  });

  it('rejects connect with MUD_ERR_CONNECTION_REFUSED or MUD_ERR_TIMEOUT', async () => {
    const refused = setup().transport.connect();
    FakeWebsocket.latest().serverCloses(1006, '', new Error('connect ECONNREFUSED 127.0.0.1:4002'));
    await assert.rejects(refused, isCode('MUD_ERR_CONNECTION_REFUSED'));
    const timedOut = setup().transport.connect();
    FakeWebsocket.latest().serverCloses(1006, '', new Error('Opening handshake has timed out'));
    await assert.rejects(timedOut, isCode('MUD_ERR_TIMEOUT'));
  });
});

describe('WebsocketTransport against a real ws server on loopback', () => {
  let server: WebSocketServer | undefined;
  afterEach(() => server?.close());

  it('decodes replayed frames, drops an oversized one, and closes with websocket_close then code 1000', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const received: string[] = [];
    const serverClose = new Promise<number>(resolve => {
      server?.on('connection', socket => {
        socket.on('message', data => {
          const frame = String(data);
          received.push(frame);
          // Like Evennia: websocket_close logs the session out and closes normally.
          if (frame.startsWith('["websocket_close"')) socket.close(1000);
        });
        socket.on('close', code => resolve(code));
        socket.send(websocketFrames(session, 'say')[0] ?? '');
        socket.send(`["text", ["${'x'.repeat(5000)}"], {}]`);
        socket.send(websocketFrames(session, 'unknown-command')[0] ?? '');
      });
    });
    const transport = new WebsocketTransport({
      url: `ws://127.0.0.1:${port}`,
      limits: { maxFrameBytes: 4096 },
    });
    const events: MudEvent[] = [];
    transport.onEvent(event => events.push(event));
    await transport.connect();
    transport.sendText('look');
    while (events.length < 4) await sleep(5);
    await transport.close();
    assert.equal(await serverClose, 1000);
    assert.deepEqual(received, ['["text",["look"],{}]', '["websocket_close",[],{}]']);
    assert.deepEqual(
      events.map(event => (event.kind === 'error' ? event.error.code : event.kind)),
      ['connection', 'text', 'MUD_ERR_FRAME_TOO_LARGE', 'text', 'connection'],
    );
    assert.deepEqual(events.at(-1), {
      kind: 'connection',
      state: 'closed',
      reason: 'closed by client (code 1000)',
    });
  });
});
