/**
 * A scripted stand-in for the `ws` WebSocket class (test double for `WebsocketTransport`). Every instance
 * the transport creates is pushed to `FakeWebsocket.instances`; the test plays the server with `openNow()`,
 * `serverSends()`, `serverCloses()`.
 */
import { EventEmitter } from 'node:events';
import type { WebsocketLike } from '../websocket/websocket-transport.ts';

export class FakeWebsocket extends EventEmitter implements WebsocketLike {
  static instances: FakeWebsocket[] = [];
  readonly url: string;
  readonly options: { maxPayload: number; handshakeTimeout: number };
  readonly sent: string[] = [];
  closeCalls: { code: number | undefined; reason: string | undefined }[] = [];
  terminated = false;
  /** When true, a client `close(code)` is answered like a real peer: the socket closes with that code. */
  answerClose = true;
  private _closed = false;

  constructor(url: string, options: { maxPayload: number; handshakeTimeout: number }) {
    super();
    this.url = url;
    this.options = options;
    FakeWebsocket.instances.push(this);
  }

  static latest(): FakeWebsocket {
    const socket = FakeWebsocket.instances.at(-1);
    if (socket === undefined) throw new Error('no FakeWebsocket was created');
    return socket;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    if (this.answerClose) this.serverCloses(code ?? 1005, reason ?? '');
  }

  terminate(): void {
    this.terminated = true;
    this.serverCloses(1006, '');
  }

  openNow(): void {
    this.emit('open');
  }

  serverSends(frame: string | Buffer, isBinary = false): void {
    this.emit('message', Buffer.isBuffer(frame) ? frame : Buffer.from(frame, 'utf8'), isBinary);
  }

  serverCloses(code: number, reason = '', error?: Error): void {
    if (this._closed) return;
    this._closed = true;
    if (error !== undefined) this.emit('error', error);
    queueMicrotask(() => this.emit('close', code, Buffer.from(reason)));
  }
}
