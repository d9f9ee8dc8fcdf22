import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TelnetDecoder } from '../mud-client/telnet/telnet-decoder.ts';
import { SupervisorError } from './errors.ts';

/**
 * An open port does not mean a ready game: the Portal accepts connections and queues them until the
 * Server is linked. The game is ready when a telnet client receives the connection screen. The probe
 * decodes the bytes and looks for a line of visible text; it answers no negotiation (Evennia sends the
 * screen regardless).
 */
export function receivesConnectionScreen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    let bytes = Buffer.alloc(0);
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ready);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', chunk => {
      bytes = Buffer.concat([bytes, chunk]).subarray(-65536);
      if (hasVisibleLine(bytes)) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

/**
 * True when the bytes hold a complete line of at least ten visible characters. mud-client's telnet
 * decoder does the reading, so no telnet or ANSI detail lives here.
 */
export function hasVisibleLine(bytes: Buffer): boolean {
  return new TelnetDecoder()
    .push(bytes)
    .events.some(event => event.kind === 'text' && /\S.{9,}/.test(event.text));
}

/** Polls until the connection screen arrives or the deadline passes. */
export async function waitForConnectionScreen(
  host: string,
  port: number,
  options: { timeoutMs: number; isAlive?: () => boolean },
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < options.timeoutMs) {
    if (options.isAlive && !options.isAlive()) {
      throw new SupervisorError('SUPERVISOR_ERR_START_FAILED', 'Evennia exited before it became ready.');
    }
    const remaining = options.timeoutMs - (Date.now() - started);
    if (await receivesConnectionScreen(host, port, Math.min(5000, Math.max(remaining, 1))))
      return Date.now() - started;
    await sleep(250);
  }
  throw new SupervisorError(
    'SUPERVISOR_ERR_NOT_READY',
    `No connection screen on telnet ${host}:${port} within ${Math.round(options.timeoutMs / 1000)} s.`,
    { fix: 'npm run timmy -- evennia logs (look at server.log and portal.log for the cause)' },
  );
}
