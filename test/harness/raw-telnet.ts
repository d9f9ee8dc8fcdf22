import net from 'node:net';

const IAC = 0xff;
const [WILL, WONT, DO, DONT, SB, SE] = [0xfb, 0xfc, 0xfd, 0xfe, 0xfa, 0xf0];

/**
 * A deliberately dumb telnet connection for harness checks and baselines: it refuses every option
 * Evennia offers, strips IAC sequences and ANSI codes, and collects the text. The real client lives in
 * mud-client/; this one exists so the harness does not depend on the code it tests.
 */
export class RawTelnet {
  private readonly socket: net.Socket;
  private text = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', chunk => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(host: string, port: number): Promise<RawTelnet> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new RawTelnet(socket)));
      socket.once('error', reject);
    });
  }

  /** All text received so far, without IAC sequences or ANSI codes, line ends normalised to \n. */
  get received(): string {
    return this.text;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** Resolves with the received text once it matches, searching from `from` (an index into `received`). */
  waitFor(pattern: RegExp, timeoutMs = 15_000, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const slice = this.text.slice(from);
        if (pattern.test(slice)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter(waiter => waiter !== check);
          resolve(slice);
          return;
        }
        if (this.closed) {
          clearTimeout(timer);
          reject(new Error(`connection closed before ${pattern} arrived; got: ${slice.slice(-500)}`));
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(waiter => waiter !== check);
        reject(new Error(`timed out waiting for ${pattern}; got: ${this.text.slice(from).slice(-500)}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      if (this.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  private receive(chunk: Buffer): void {
    const visible: number[] = [];
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index] as number;
      if (byte !== IAC) {
        visible.push(byte);
        continue;
      }
      const command = chunk[index + 1];
      if (command === IAC) {
        visible.push(IAC);
        index++;
      } else if (command === WILL || command === DO) {
        const option = chunk[index + 2] ?? 0;
        this.socket.write(Buffer.from([IAC, command === WILL ? DONT : WONT, option]));
        index += 2;
      } else if (command === WONT || command === DONT) {
        index += 2;
      } else if (command === SB) {
        const end = chunk.indexOf(Buffer.from([IAC, SE]), index);
        index = end === -1 ? chunk.length : end + 1;
      } else {
        index++;
      }
    }
    this.text += Buffer.from(visible)
      .toString('utf8')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are control characters.
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/\r\n/g, '\n');
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
