import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { pidFile, processesOfGame } from '../../supervisor/game-processes.ts';
import { useEvennia } from '../harness/evennia-instance.ts';

const evennia = useEvennia();

describe('the supervisor against a real Evennia', () => {
  test('reports the Portal and Server pids and has log lines to show', () => {
    const status = evennia().supervisor.status();
    assert.ok(status.portal && status.server, JSON.stringify(status));
    assert.notEqual(status.portal, status.server);
    const [server, portal] = evennia().supervisor.logTail(5);
    assert.ok(server && server.lines.length > 0, 'server.log has lines');
    assert.ok(portal && portal.lines.length > 0, 'portal.log has lines');
  });

  test('reloads the Server while a logged-in telnet session stays connected and usable', async () => {
    const account = await evennia().createAccount('ReloadTester');
    const telnet = await evennia().telnet();
    try {
      await telnet.waitFor(/connect <username> <password>/);
      telnet.send(`connect ${account.username} ${account.password}`);
      await telnet.waitFor(/You become ReloadTester/);
      const serverBefore = evennia().supervisor.status().server;
      await evennia().supervisor.reload();
      assert.notEqual(evennia().supervisor.status().server, serverBefore, 'a new Server process runs');
      const mark = telnet.received.length;
      telnet.send('look');
      await telnet.waitFor(/Limbo/, 20_000, mark);
      assert.equal(telnet.closed, false);
    } finally {
      await telnet.close();
    }
  });

  test('recovers from a crash: stale pid files are removed and the next start comes up', async () => {
    const { supervisor, gameDir } = evennia();
    for (const pid of processesOfGame(gameDir)) process.kill(pid, 'SIGKILL');
    await new Promise(resolve => setTimeout(resolve, 300));
    assert.equal(existsSync(pidFile(gameDir, 'portal')), true, 'the crash left a pid file');
    assert.equal(supervisor.isRunning(), false);
    await supervisor.start();
    assert.equal(supervisor.isRunning(), true);
    const telnet = await evennia().telnet();
    await telnet.waitFor(/connect <username> <password>/);
    await telnet.close();
  });
});
