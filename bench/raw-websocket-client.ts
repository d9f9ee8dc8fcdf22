/**
 * The websocket baseline: `ws` itself, sending `["text", [command], {"cmdid": n}]` the way mud-client
 * does and watching the incoming frames for the `cmd_done` marker with that id. Only frames that mention
 * `cmd_done` are parsed; nothing is decoded, flattened or dispatched. Without the marker (a stock
 * server) it falls back to "the first reply frame arrived".
 */
import WebSocket from 'ws';

const TIMEOUT_MS = 15_000;

export class RawWebsocketClient {
  private readonly socket: WebSocket;
  private doneIds = new Set<number>();
  private repliesSinceSend = 0;
  private textSinceSend = '';
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', data => this.receive(data as Buffer));
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => {});
  }

  static connect(url: string): Promise<RawWebsocketClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new RawWebsocketClient(socket)));
      socket.once('error', reject);
    });
  }

  sendCommand(command: string, cmdid: number): void {
    this.repliesSinceSend = 0;
    this.textSinceSend = '';
    this.socket.send(JSON.stringify(['text', [command], { cmdid }]));
  }

  untilDone(cmdid: number, timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.doneIds.delete(cmdid), `cmd_done ${cmdid}`, timeoutMs);
  }

  untilAnyReply(timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.repliesSinceSend > 0, 'any reply', timeoutMs);
  }

  /**
   * Resolves once the connection screen has been shown: at evennia-game's `timmy_hello`, which follows it,
   * or (stock server) 2 s after the screen's first text.
   */
  async waitForConnectionScreen(timeoutMs = TIMEOUT_MS): Promise<void> {
    await this.waitFor('connect', timeoutMs);
    await this.waitFor('timmy_hello', 2000).catch(() => undefined);
  }

  /** Resolves once the raw frames received since the last send contain `text`. */
  waitFor(text: string, timeoutMs = TIMEOUT_MS): Promise<void> {
    return this.until(() => this.textSinceSend.includes(text), `"${text}"`, timeoutMs);
  }

  /** Evennia's graceful logout (`websocket_close`, then close code 1000), so no ghost session stays. */
  close(): Promise<void> {
    return new Promise(resolve => {
      if (this.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.send(JSON.stringify(['websocket_close', [], {}]));
      setTimeout(() => this.socket.close(1000), 500).unref();
      setTimeout(() => this.socket.terminate(), 2000).unref();
    });
  }

  private until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`raw websocket: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = () => {
        const finished = done();
        if (!finished && !this.closed) return;
        this.waiter = undefined;
        clearTimeout(timer);
        if (finished) resolve();
        else reject(new Error(`raw websocket: closed before ${what}`));
      };
    });
  }

  private receive(data: Buffer): void {
    this.repliesSinceSend += 1;
    const text = data.toString('utf8');
    this.textSinceSend += text;
    if (text.includes('"cmd_done"')) {
      const frame = JSON.parse(text) as [string, unknown[], { cmdid?: unknown }];
      if (frame[0] === 'cmd_done' && typeof frame[2].cmdid === 'number') this.doneIds.add(frame[2].cmdid);
    }
    this.waiter?.();
  }
}
