/**
 * A scripted stand-in for `net.Socket` (test double for `TelnetTransport`): the test plays the server with
 * `connectNow()`, `serverSends()`, `serverCloses()` and reads what the client wrote from `written`.
 */
import { EventEmitter } from 'node:events';
import type { TelnetSocket } from '../telnet/telnet-transport.ts';

export class FakeTelnetSocket extends EventEmitter implements TelnetSocket {
  readonly written: Buffer[] = [];
  ended = false;
  destroyed = false;
  private _closed = false;

  write(data: Uint8Array): boolean {
    this.written.push(Buffer.from(data));
    return true;
  }

  end(): void {
    this.ended = true;
    this._close(false);
  }

  destroy(): void {
    this.destroyed = true;
    this._close(false);
  }

  connectNow(): void {
    this.emit('connect');
  }

  serverSends(bytes: Uint8Array): void {
    this.emit('data', Buffer.from(bytes));
  }

  serverCloses(error?: Error): void {
    if (error !== undefined) this.emit('error', error);
    this._close(error !== undefined);
  }

  /** Everything written so far, concatenated, and forgotten. */
  takeWritten(): Buffer {
    const all = Buffer.concat(this.written);
    this.written.length = 0;
    return all;
  }

  private _close(hadError: boolean): void {
    if (this._closed) return;
    this._closed = true;
    queueMicrotask(() => this.emit('close', hadError));
  }
}
