/**
 * A minimal NIP-01 client over `ws`, independent of nostr-tools: tests read back what the bridge
 * published with it, publish events the bridge's own code would refuse to build (forged, tampered), and
 * the publish benchmark uses it as its raw EVENT/OK baseline.
 */
import WebSocket from 'ws';

export interface OkAnswer {
  id: string;
  accepted: boolean;
  message: string;
}

export class RawNostrClient {
  private readonly pendingOk = new Map<string, (answer: OkAnswer) => void>();
  private readonly subscriptions = new Map<string, { events: unknown[]; done: () => void }>();
  private counter = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', data => this.receive(String(data)));
  }

  static async connect(url: string, timeoutMs = 10_000): Promise<RawNostrClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no connection to ${url} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', error => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return new RawNostrClient(socket);
  }

  /** Sends `["EVENT", event]` and resolves with the relay's OK answer. */
  publish(event: object & { id: string }, timeoutMs = 10_000): Promise<OkAnswer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingOk.delete(event.id);
        reject(new Error(`no OK for ${event.id} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pendingOk.set(event.id, answer => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.socket.send(JSON.stringify(['EVENT', event]));
    });
  }

  /** Sends a REQ and resolves with every stored event up to EOSE, then closes the subscription. */
  query(filter: Record<string, unknown>, timeoutMs = 10_000): Promise<unknown[]> {
    const id = `q${++this.counter}`;
    return new Promise((resolve, reject) => {
      const events: unknown[] = [];
      const timer = setTimeout(() => {
        this.subscriptions.delete(id);
        reject(new Error(`no EOSE for ${JSON.stringify(filter)} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.subscriptions.set(id, {
        events,
        done: () => {
          clearTimeout(timer);
          this.subscriptions.delete(id);
          this.socket.send(JSON.stringify(['CLOSE', id]));
          resolve(events);
        },
      });
      this.socket.send(JSON.stringify(['REQ', id, filter]));
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise(resolve => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(message)) return;
    const [type, first, second, third] = message as [unknown, unknown, unknown, unknown];
    if (type === 'OK' && typeof first === 'string') {
      this.pendingOk.get(first)?.({ id: first, accepted: second === true, message: String(third ?? '') });
      this.pendingOk.delete(first);
    } else if (type === 'EVENT' && typeof first === 'string') {
      this.subscriptions.get(first)?.events.push(second);
    } else if ((type === 'EOSE' || type === 'CLOSED') && typeof first === 'string') {
      this.subscriptions.get(first)?.done();
    }
  }
}
