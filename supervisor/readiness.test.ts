import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { SupervisorError } from './errors.ts';
import { hasVisibleLine, waitForConnectionScreen } from './readiness.ts';

// The first bytes a real Evennia 5.0.1 sent to a telnet client: nine negotiations, then the screen.
const capturedScreen = Buffer.from(
  readFileSync(new URL('./fixtures/connection-screen.hex', import.meta.url), 'utf8').trim(),
  'hex',
);
const negotiationOnly = capturedScreen.subarray(0, capturedScreen.indexOf(0x0d));

function serve(send: (socket: net.Socket) => void): Promise<{ port: number; server: net.Server }> {
  return new Promise(resolve => {
    const server = net.createServer(send);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, server });
    });
  });
}

describe('readiness', () => {
  const servers: net.Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  test('sees the connection screen in bytes captured from Evennia', () => {
    assert.equal(hasVisibleLine(capturedScreen), true);
  });

  test('does not mistake telnet negotiation alone for a ready game', () => {
    assert.equal(hasVisibleLine(negotiationOnly), false);
  });

  test('does not count an unterminated line', () => {
    assert.equal(hasVisibleLine(Buffer.from('Welcome to the game, still typing')), false);
  });

  test('waits until a server that first only negotiates sends its screen', async () => {
    const { port, server } = await serve(socket => {
      socket.write(negotiationOnly);
      setTimeout(() => socket.write(capturedScreen.subarray(negotiationOnly.length)), 300);
    });
    servers.push(server);
    const waited = await waitForConnectionScreen('127.0.0.1', port, { timeoutMs: 5000 });
    assert.ok(waited >= 250, `waited ${waited} ms`);
  });

  test('gives up with SUPERVISOR_ERR_NOT_READY when a port is open but no screen comes', async () => {
    const { port, server } = await serve(socket => socket.write(negotiationOnly));
    servers.push(server);
    await assert.rejects(
      waitForConnectionScreen('127.0.0.1', port, { timeoutMs: 800 }),
      (error: unknown) => error instanceof SupervisorError && error.code === 'SUPERVISOR_ERR_NOT_READY',
    );
  });

  test('stops waiting as soon as the process it watches has died', async () => {
    await assert.rejects(
      waitForConnectionScreen('127.0.0.1', 9, { timeoutMs: 10_000, isAlive: () => false }),
      (error: unknown) => error instanceof SupervisorError && error.code === 'SUPERVISOR_ERR_START_FAILED',
    );
  });
});
