import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { SupervisorError } from './errors.ts';
import {
  allocateFreePorts,
  assertPortsFree,
  DEFAULT_PORTS,
  describePortOwner,
  isPortTaken,
  portsFromEnvironment,
  portsToEnvironment,
} from './ports.ts';

function listen(): Promise<{ server: net.Server; port: number }> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as net.AddressInfo).port }),
    );
  });
}

describe('ports', () => {
  test("default to Evennia's stock ports", () => {
    assert.deepEqual(portsFromEnvironment({}), {
      telnet: 4000,
      web: 4001,
      webInternal: 4005,
      websocket: 4002,
      amp: 4006,
    });
  });

  test('round-trip through the EVENNIA_* environment variables the game settings read', () => {
    const ports = { telnet: 5000, web: 5001, webInternal: 5005, websocket: 5002, amp: 5006 };
    assert.deepEqual(portsFromEnvironment(portsToEnvironment(ports)), ports);
    assert.equal(portsToEnvironment(ports).EVENNIA_WEBSOCKET_PORT, '5002');
  });

  test('reject a port that is not a number with the variable named', () => {
    assert.throws(
      () => portsFromEnvironment({ EVENNIA_AMP_PORT: 'abc' }),
      (error: unknown) =>
        error instanceof SupervisorError &&
        error.code === 'SUPERVISOR_ERR_BAD_CONFIG' &&
        /EVENNIA_AMP_PORT/.test(error.message),
    );
  });

  test('are allocated free and distinct for parallel instances', async () => {
    const ports = await allocateFreePorts();
    assert.equal(new Set(Object.values(ports)).size, 5);
    for (const port of Object.values(ports)) assert.equal(await isPortTaken(port), false);
  });

  test('taken by this very process are reported with its pid', async () => {
    const { server, port } = await listen();
    try {
      assert.equal(await isPortTaken(port), true);
      assert.match(describePortOwner(port) ?? '', new RegExp(`pid ${process.pid}\\b`));
      await assert.rejects(
        assertPortsFree({ ...DEFAULT_PORTS, telnet: port }),
        (error: unknown) =>
          error instanceof SupervisorError &&
          error.code === 'SUPERVISOR_ERR_PORT_TAKEN' &&
          error.message.startsWith(`Port ${port} (telnet) is already in use by pid ${process.pid}`) &&
          /EVENNIA_TELNET_PORT/.test(error.fix ?? ''),
      );
    } finally {
      server.close();
    }
  });
});
