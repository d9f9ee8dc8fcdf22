import WebSocket from 'ws';

export type Frame = [string, unknown[], Record<string, unknown>];

/**
 * A plain websocket connection to Evennia's webclient port that collects the JSON frames it receives.
 * Like RawTelnet, it is the harness's own baseline, independent of mud-client/.
 */
export class RawWebsocket {
  readonly frames: Frame[] = [];
  private readonly socket: WebSocket;
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', data => {
      try {
        const frame = JSON.parse(data.toString()) as Frame;
        if (Array.isArray(frame)) this.frames.push(frame);
      } catch {
        // The harness only collects well-formed frames.
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(host: string, port: number): Promise<RawWebsocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${host}:${port}/`);
      socket.once('open', () => resolve(new RawWebsocket(socket)));
      socket.once('error', reject);
    });
  }

  send(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify([name, args, kwargs]));
  }

  sendText(line: string): void {
    this.send('text', [line]);
  }

  /** The text frames' HTML flattened to plain text, in order. */
  get text(): string {
    return this.frames
      .filter(frame => frame[0] === 'text')
      .map(frame => String(frame[1][0] ?? ''))
      .join('\n')
      .replace(/<br>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }

  /** Resolves with the first frame at index >= `from` that satisfies the predicate. */
  waitForFrame(predicate: (frame: Frame) => boolean, timeoutMs = 15_000, from = 0): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.slice(from).find(predicate);
        if (found) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter(waiter => waiter !== check);
          resolve(found);
        } else if (this.closed) {
          clearTimeout(timer);
          reject(new Error('websocket closed before the expected frame arrived'));
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(waiter => waiter !== check);
        reject(new Error(`timed out waiting for a frame; last: ${JSON.stringify(this.frames.slice(-3))}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return this.waitForFrame(() => pattern.test(this.text), timeoutMs).then(() => this.text);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The graceful close Evennia expects (otherwise the session lingers as a ghost). */
  close(): Promise<void> {
    return new Promise(resolve => {
      if (this.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.send('websocket_close');
      this.socket.close(1000);
      setTimeout(() => this.socket.terminate(), 2000).unref();
    });
  }
}
