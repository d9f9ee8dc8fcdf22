/**
 * Websocket `Transport` for Evennia's webclient protocol on the `ws` package: JSON frames both ways,
 * decoding delegated to the pure `decodeWebsocketMessage`. The WebSocket class is injected
 * (`WebSocket` option), so tests need no network; Node 20 has no global WebSocket.
 *
 * Closing always sends `["websocket_close", [], {}]`, after which Evennia logs the session out and closes with
 * 1000; if it does not, the client closes with 1000. Evennia logs a websocket session out only on that frame or
 * on close code 1000/1001; any other code leaves a logged-in ghost session (reference §7.4).
 */
import { WebSocket as NodeWebSocket } from 'ws';
import { MudClientError } from '../errors.ts';
import { EventListeners } from '../event-listeners.ts';
import type { MudEvent, MudEventListener } from '../events.ts';
import { DEFAULT_LIMITS, type MudClientLimits } from '../limits.ts';
import type { Transport } from '../transport.ts';
import { decodeWebsocketMessage } from './websocket-decoder.ts';
import { encodeWebsocketFrame } from './websocket-frame.ts';

/** The part of a `ws` WebSocket the transport uses. */
export interface WebsocketLike {
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export type WebsocketConstructor = new (
  url: string,
  options: { maxPayload: number; handshakeTimeout: number },
) => WebsocketLike;

export interface WebsocketTransportOptions {
  /** For example `ws://127.0.0.1:4002`. Evennia accepts any path; no query string is needed. */
  url: string;
  WebSocket?: WebsocketConstructor;
  /** Opening handshake timeout (`MUD_ERR_TIMEOUT`). Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** After sending `websocket_close`, `close()` waits this long for Evennia to close before closing with 1000. Default 500 ms. */
  closeGraceMs?: number;
  /** `close()` terminates the socket if the close handshake has not finished by then. Default 2000 ms. */
  closeTimeoutMs?: number;
  limits?: Partial<Pick<MudClientLimits, 'maxFrameBytes' | 'maxWebsocketPayloadBytes'>>;
}

const NORMAL_CLOSURE = 1000;
const GOING_AWAY = 1001;

type State = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export class WebsocketTransport implements Transport {
  readonly kind = 'websocket';
  readonly oobAvailable = true;
  private readonly _options: WebsocketTransportOptions;
  private readonly _listeners = new EventListeners();
  private readonly _maxFrameBytes: number;
  private _state: State = 'idle';
  private _socket: WebsocketLike | undefined;
  private _closed: Promise<void> | undefined;
  private _lastError: Error | undefined;

  constructor(options: WebsocketTransportOptions) {
    this._options = options;
    this._maxFrameBytes = options.limits?.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes;
  }

  onEvent(listener: MudEventListener): () => void {
    return this._listeners.add(listener);
  }

  connect(): Promise<void> {
    if (this._state !== 'idle') {
      return Promise.reject(
        new MudClientError(
          'MUD_ERR_INVALID_ARGUMENT',
          'connect() can be called once; create a new transport',
        ),
      );
    }
    this._state = 'connecting';
    const { url } = this._options;
    const WebSocketClass: WebsocketConstructor = this._options.WebSocket ?? NodeWebSocket;
    let closedResolve: () => void = () => {};
    this._closed = new Promise(resolve => {
      closedResolve = resolve;
    });

    return new Promise<void>((resolve, reject) => {
      let socket: WebsocketLike;
      try {
        socket = new WebSocketClass(url, {
          maxPayload:
            this._options.limits?.maxWebsocketPayloadBytes ?? DEFAULT_LIMITS.maxWebsocketPayloadBytes,
          handshakeTimeout: this._options.connectTimeoutMs ?? 10_000,
        });
      } catch (cause) {
        this._state = 'closed';
        closedResolve();
        reject(
          new MudClientError(
            'MUD_ERR_CONNECTION_REFUSED',
            `cannot connect to ${url}${cause instanceof Error ? `: ${cause.message}` : ''}`,
            { cause },
          ),
        );
        return;
      }
      this._socket = socket;

      socket.on('open', () => {
        if (this._state !== 'connecting') return;
        this._state = 'open';
        this._emit({ kind: 'connection', state: 'open' });
        resolve();
      });
      socket.on('message', (data, isBinary) => {
        if (this._state !== 'open' && this._state !== 'closing') return;
        const events = decodeWebsocketMessage(toBuffer(data), {
          isBinary,
          maxFrameBytes: this._maxFrameBytes,
        });
        for (const event of events) this._emit(event);
      });
      socket.on('error', error => {
        this._lastError = error;
      });
      socket.on('close', (code, reason) => {
        const wasConnecting = this._state === 'connecting';
        this._finish(code, reason.toString('utf8'));
        closedResolve();
        if (!wasConnecting) return;
        const timedOut = /timed out/i.test(this._lastError?.message ?? '');
        reject(
          new MudClientError(
            timedOut ? 'MUD_ERR_TIMEOUT' : 'MUD_ERR_CONNECTION_REFUSED',
            `cannot connect to ${url}${this._lastError ? `: ${this._lastError.message}` : ''}`,
            { cause: this._lastError, details: { url } },
          ),
        );
      });
    });
  }

  sendText(line: string): void {
    if (/[\r\n]/.test(line)) {
      throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'A command line must not contain CR or LF');
    }
    this._open().send(encodeWebsocketFrame('text', [line], {}));
  }

  sendOob(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
    const socket = this._open();
    socket.send(encodeWebsocketFrame(name, args, kwargs));
  }

  async close(): Promise<void> {
    const socket = this._socket;
    if (socket === undefined || this._closed === undefined) {
      this._state = 'closed';
      return;
    }
    let graceTimer: NodeJS.Timeout | undefined;
    if (this._state === 'open') {
      this._state = 'closing';
      // Evennia answers `websocket_close` by logging the session out and closing with 1000 itself. Sending our
      // own close frame at the same time makes its side drop TCP (the client then sees 1006), so wait briefly.
      socket.send(encodeWebsocketFrame('websocket_close', [], {}));
      graceTimer = setTimeout(
        () => socket.close(NORMAL_CLOSURE, 'client closing'),
        this._options.closeGraceMs ?? 500,
      );
    } else if (this._state === 'connecting') {
      this._state = 'closing';
      socket.terminate();
    }
    const terminateTimer = setTimeout(() => socket.terminate(), this._options.closeTimeoutMs ?? 2000);
    await this._closed;
    clearTimeout(graceTimer);
    clearTimeout(terminateTimer);
  }

  private _open(): WebsocketLike {
    if (this._state !== 'open' || this._socket === undefined) {
      throw new MudClientError('MUD_ERR_NOT_CONNECTED', `Websocket transport is ${this._state}, not open`);
    }
    return this._socket;
  }

  private _finish(code: number, reason: string): void {
    if (this._state === 'closed') return;
    const wasOpen = this._state === 'open' || this._state === 'closing';
    const byClient = this._state === 'closing';
    this._state = 'closed';
    if (!wasOpen) return;
    const lastError = this._lastError;
    if (
      lastError !== undefined &&
      (lastError as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
    ) {
      this._emit({
        kind: 'error',
        error: new MudClientError('MUD_ERR_FRAME_TOO_LARGE', lastError.message, { cause: lastError }),
      });
    } else if (!byClient && code !== NORMAL_CLOSURE && code !== GOING_AWAY) {
      const message = lastError?.message ?? `Websocket closed with code ${code}`;
      this._emit({
        kind: 'error',
        error: new MudClientError('MUD_ERR_CONNECTION_LOST', message, {
          cause: lastError,
          details: { code },
        }),
      });
    }
    this._emit({
      kind: 'connection',
      state: 'closed',
      reason: `${byClient ? 'closed by client' : 'closed by server'} (code ${code}${reason ? `: ${reason}` : ''})`,
    });
  }

  private _emit(event: MudEvent): void {
    this._listeners.emit(event);
  }
}
