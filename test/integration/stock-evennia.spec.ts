import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mudSession } from '../../mud-client/session/mud-connection.ts';
import { useEvennia } from '../harness/evennia-instance.ts';

describe('mud-client against a stock Evennia 5.0.1 without Timmy’s markers', () => {
  const evennia = useEvennia({ stock: true });

  for (const transport of ['telnet', 'websocket'] as const) {
    test(`falls back to the quiet-period heuristic over ${transport} and says so in every result`, async () => {
      const { host, ports } = evennia();
      const session = mudSession({
        transport,
        host,
        port: transport === 'telnet' ? ports.telnet : ports.websocket,
        reconnect: false,
      });
      try {
        await session.connect();
        const name = `Stock${transport}`;
        await session.createAccount(name, `${name}-password-1`);
        await session.login(name, `${name}-password-1`);
        assert.equal(session.markerSupported, false);
        const look = await session.send('look');
        assert.equal(look.correlated, false);
        assert.equal(look.method, 'quiet-period');
        assert.match(look.text, /^Limbo\n/);
        const say = await session.send('say plain Evennia');
        assert.equal(say.text, 'You say, "plain Evennia"');
      } finally {
        await session.close();
      }
    });
  }
});
