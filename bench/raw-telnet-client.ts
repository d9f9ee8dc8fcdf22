/**
 * The telnet baseline: the least a client can do to run one command on Evennia and know its output has
 * ended. It accepts GMCP (and refuses every other option), sends the command the way mud-client does
 * (`Core.Text {"command", "cmdid"}`) and watches the raw bytes for the `Cmd.Done` marker with that id.
 * No decoding, no events, no queue: whatever mud-client spends beyond this is its own overhead.
 * Without the marker (a stock server) it falls back to "the first reply bytes arrived".
 */
import net from 'node:net';

const IAC = 0xff;
const [SB, SE, WILL, WONT, DO, DONT] = [0xfa, 0xf0, 0xfb, 0xfc, 0xfd, 0xfe];
const GMCP = 201;
const MARKER = /Cmd\.Done \{"cmdid": (\d+)/g;
const TIMEOUT_MS = 15_000;

export class RawTelnetClient {
  private readonly socket: net.Socket;
  /** Bytes (latin1) received since the last command was sent; the marker search runs over them. */
  private pending = '';
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', chunk => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => {});
  }

  static connect(host: string, port: number, options: { noDelay?: boolean } = {}): Promise<RawTelnetClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, noDelay: options.noDelay ?? false }, () =>
        resolve(new RawTelnetClient(socket)),
      );
      socket.once('error', reject);
    });
  }

  /** Resolves once the bytes received since the last send contain `text` (the marker's GMCP name, say). */
  waitFor(text: string, timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.pending.includes(text), `"${text}"`, timeoutMs);
  }

  /**
   * Resolves once the connection screen has been shown: at evennia-game's `Timmy.Hello`, which follows it,
   * or (stock server) 2 s after the screen's first text.
   */
  async waitForConnectionScreen(timeoutMs = TIMEOUT_MS): Promise<void> {
    await this.waitFor('connect', timeoutMs);
    await this.waitFor('Timmy.Hello', 2000).catch(() => undefined);
  }

  /** Sends a command with an id; resolve with `untilDone(id)`. */
  sendCommand(command: string, cmdid: number): void {
    this.pending = '';
    const payload = Buffer.from(`Core.Text ${JSON.stringify({ command, cmdid })}`, 'utf8');
    this.socket.write(Buffer.concat([Buffer.of(IAC, SB, GMCP), payload, Buffer.of(IAC, SE)]));
  }

  /** Sends a plain line (no id, no marker expected back unless GMCP is on). */
  sendLine(line: string): void {
    this.pending = '';
    this.socket.write(`${line}\r\n`);
  }

  /** Resolves when the marker of `cmdid` arrives. */
  untilDone(cmdid: number, timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.hasMarker(cmdid), `Cmd.Done ${cmdid}`, timeoutMs);
  }

  /** Resolves when any byte arrived since the last send (the baseline without a marker). */
  untilAnyReply(timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.pending.length > 0, 'any reply', timeoutMs);
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      if (this.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  private hasMarker(cmdid: number): boolean {
    for (const match of this.pending.matchAll(MARKER)) if (Number(match[1]) === cmdid) return true;
    return false;
  }

  private until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`raw telnet: no ${what} within ${timeoutMs} ms; got ${this.pending.slice(-300)}`));
      }, timeoutMs);
      this.waiter = () => {
        if (!done() && !this.closed) return;
        this.waiter = undefined;
        clearTimeout(timer);
        if (this.closed && !done()) reject(new Error(`raw telnet: closed before ${what}`));
        else resolve();
      };
    });
  }

  private receive(chunk: Buffer): void {
    if (chunk.includes(IAC)) this.negotiate(chunk);
    this.pending += chunk.toString('latin1');
    this.waiter?.();
  }

  /** Answers option offers: yes to GMCP, no to everything else. Negotiations never straddle chunks here. */
  private negotiate(chunk: Buffer): void {
    for (let index = chunk.indexOf(IAC); index !== -1; index = chunk.indexOf(IAC, index + 2)) {
      const verb = chunk[index + 1];
      const option = chunk[index + 2];
      if (option === undefined) return;
      if (verb === WILL) this.socket.write(Buffer.of(IAC, option === GMCP ? DO : DONT, option));
      else if (verb === DO) this.socket.write(Buffer.of(IAC, WONT, option));
    }
  }
}
