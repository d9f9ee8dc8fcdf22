import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useEvennia } from '../harness/evennia-instance.ts';

const evennia = useEvennia();

describe('a real Evennia started by the harness', () => {
  test('serves the connection screen, creates an account and logs it in over telnet, where look shows Limbo', async () => {
    const account = await evennia().createAccount('TelnetTester');
    const telnet = await evennia().telnet();
    try {
      await telnet.waitFor(/connect <username> <password>/);
      telnet.send(`connect ${account.username} ${account.password}`);
      await telnet.waitFor(/You become TelnetTester/);
      const mark = telnet.received.length;
      telnet.send('look');
      const output = await telnet.waitFor(/Limbo/, 15_000, mark);
      assert.match(output, /Welcome to your new Evennia-based game/);
    } finally {
      await telnet.close();
    }
  });

  test('creates an account and logs it in over websocket, receiving logged_in and the look of Limbo', async () => {
    const account = await evennia().createAccount('WebTester');
    const websocket = await evennia().websocket();
    try {
      await websocket.waitForText(/connect <username> <password>/);
      websocket.sendText(`connect ${account.username} ${account.password}`);
      const loggedIn = await websocket.waitForFrame(frame => frame[0] === 'logged_in');
      assert.deepEqual(loggedIn[1], []);
      const mark = websocket.frames.length;
      websocket.sendText('look');
      const look = await websocket.waitForFrame(
        frame => frame[0] === 'text' && frame[2].type === 'look' && /Limbo/.test(String(frame[1][0])),
        15_000,
        mark,
      );
      assert.match(String(look[1][0]), /Limbo/);
    } finally {
      await websocket.close();
    }
  });

  test('refuses a wrong password with a clear message', async () => {
    const telnet = await evennia().telnet();
    try {
      await telnet.waitFor(/connect <username> <password>/);
      telnet.send('connect nobody-here wrongpassword');
      await telnet.waitFor(/Username and\/or password is incorrect/);
      assert.doesNotMatch(telnet.received, /You become/);
    } finally {
      await telnet.close();
    }
  });
});
