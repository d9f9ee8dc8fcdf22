/**
 * Telnet `Transport` for Evennia: moves bytes between a TCP socket and the pure `TelnetDecoder`, writes
 * the decoder's negotiation replies, and flushes prompts after a short idle time. Own parser instead of the
 * npm `telnetlib` package: it closes the socket on an oversized GMCP message, crashes on non-JSON GMCP and
 * corrupts 0xFF on write (details in DECISIONS.md).
 *
 * The socket is injected (`socketFactory`), so tests need no network; the default is `net.createConnection`.
 */
import { createConnection } from 'node:net';
import { MudClientError } from '../errors.ts';
import { EventListeners } from '../event-listeners.ts';
import type { MudEvent, MudEventListener } from '../events.ts';
import type { MudClientLimits } from '../limits.ts';
import type { Transport } from '../transport.ts';
import { encodeGmcp } from './gmcp.ts';
import type { WindowSize } from './naws.ts';
import { TelnetCommand, TelnetOption } from './telnet-codes.ts';
import { TelnetDecoder } from './telnet-decoder.ts';
import { encodeCommandLine, encodeSubnegotiation } from './telnet-encoder.ts';
import type { TerminalIdentity } from './terminal-type.ts';

/** The part of `net.Socket` the transport uses. */
export interface TelnetSocket {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (hadError: boolean) => void): unknown;
  write(data: Uint8Array): boolean;
  end(): unknown;
  destroy(): unknown;
}

export type TelnetSocketFactory = (options: { host: string; port: number }) => TelnetSocket;

export interface TelnetTransportOptions {
  host: string;
  port: number;
  socketFactory?: TelnetSocketFactory;
  /** Give up connecting after this long (`MUD_ERR_TIMEOUT`). Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * After the TCP connection opens, `connect()` waits this long at most for the server's first bytes, which
   * carry Evennia's option offers, so that `oobAvailable` is settled when it resolves. Default 1000 ms.
   */
  negotiationWaitMs?: number;
  /**
   * While the server has sent nothing at all since the TCP connection opened, a telnet NOP is sent
   * this often (default 1000 ms; 0 turns it off). Evennia speaks first (its option offers), so a
   * silent connection is one the server may never have accepted: under a burst of connections the
   * kernel's accept queue overflows and, with SYN cookies, the client believes it is connected while
   * the server knows nothing of it. The NOP draws a reset from such a server, so the session sees a
   * closed connection and retries; a live server ignores it.
   */
  silenceProbeMs?: number;
  /** An unfinished line becomes a `prompt` event after this much silence. Default 150 ms. */
  promptIdleMs?: number;
  /** `close()` destroys the socket if the server has not closed it by then. Default 2000 ms. */
  closeTimeoutMs?: number;
  windowSize?: WindowSize;
  identity?: TerminalIdentity;
  limits?: Partial<Pick<MudClientLimits, 'maxLineBytes' | 'maxSubnegotiationBytes'>>;
}

type State = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

// No Nagle: a command line is one small write that should leave at once (ws does the same for websockets).
const defaultSocketFactory: TelnetSocketFactory = ({ host, port }) =>
  createConnection({ host, port, noDelay: true });

export class TelnetTransport implements Transport {
  readonly kind = 'telnet';
  private readonly _options: TelnetTransportOptions;
  private readonly _decoder: TelnetDecoder;
  private readonly _listeners = new EventListeners();
  private _state: State = 'idle';
  private _socket: TelnetSocket | undefined;
  private _promptTimer: NodeJS.Timeout | undefined;
  private _closed: Promise<void> | undefined;
  private _lastError: Error | undefined;
  private _firstData: (() => void) | undefined;
  private _silenceProbe: NodeJS.Timeout | undefined;

  constructor(options: TelnetTransportOptions) {
    this._options = options;
    this._decoder = new TelnetDecoder({
      ...(options.windowSize === undefined ? {} : { windowSize: options.windowSize }),
      ...(options.identity === undefined ? {} : { identity: options.identity }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
  }

  get oobAvailable(): boolean {
    return this._decoder.gmcpEnabled;
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
    const { host, port } = this._options;
    const socket = (this._options.socketFactory ?? defaultSocketFactory)({ host, port });
    this._socket = socket;
    let closedResolve: () => void = () => {};
    this._closed = new Promise(resolve => {
      closedResolve = resolve;
    });

    return new Promise<void>((resolve, reject) => {
      const connectTimer = setTimeout(() => {
        reject(new MudClientError('MUD_ERR_TIMEOUT', `Connecting to ${host}:${port} timed out`));
        this._state = 'closed';
        socket.destroy();
      }, this._options.connectTimeoutMs ?? 10_000);

      socket.on('connect', () => {
        clearTimeout(connectTimer);
        if (this._state !== 'connecting') return;
        this._state = 'open';
        this._emit({ kind: 'connection', state: 'open' });
        this._startSilenceProbe(socket);
        const negotiationTimer = setTimeout(
          () => this._firstData?.(),
          this._options.negotiationWaitMs ?? 1000,
        );
        this._firstData = () => {
          this._firstData = undefined;
          clearTimeout(negotiationTimer);
          resolve();
        };
      });
      socket.on('data', chunk => this._receive(chunk));
      socket.on('error', error => {
        this._lastError = error;
      });
      socket.on('close', () => {
        clearTimeout(connectTimer);
        const wasConnecting = this._state === 'connecting';
        this._finish();
        closedResolve();
        if (wasConnecting) {
          reject(
            new MudClientError(
              'MUD_ERR_CONNECTION_REFUSED',
              `cannot connect to telnet ${host}:${port}${reasonOf(this._lastError)}`,
              {
                cause: this._lastError,
                details: { host, port },
              },
            ),
          );
        } else {
          this._firstData?.();
        }
      });
    });
  }

  sendText(line: string): void {
    this._open().write(encodeCommandLine(line));
  }

  sendOob(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
    const socket = this._open();
    if (!this._decoder.gmcpEnabled) {
      throw new MudClientError('MUD_ERR_OOB_UNAVAILABLE', 'The server has not agreed to GMCP');
    }
    socket.write(encodeSubnegotiation(TelnetOption.GMCP, encodeGmcp(name, args, kwargs)));
  }

  /** Reports a new window size to the server (NAWS). */
  resize(size: WindowSize): void {
    const replies = this._decoder.resize(size);
    if (this._state === 'open' && replies.length > 0) this._socket?.write(Buffer.concat(replies));
  }

  async close(): Promise<void> {
    const socket = this._socket;
    if (socket === undefined || this._closed === undefined) {
      this._state = 'closed';
      return;
    }
    if (this._state === 'open' || this._state === 'connecting') {
      this._state = 'closing';
      socket.end();
    }
    const timer = setTimeout(() => socket.destroy(), this._options.closeTimeoutMs ?? 2000);
    await this._closed;
    clearTimeout(timer);
  }

  private _open(): TelnetSocket {
    if (this._state !== 'open' || this._socket === undefined) {
      throw new MudClientError('MUD_ERR_NOT_CONNECTED', `Telnet transport is ${this._state}, not open`);
    }
    return this._socket;
  }

  private _startSilenceProbe(socket: TelnetSocket): void {
    const every = this._options.silenceProbeMs ?? 1000;
    if (every <= 0) return;
    this._silenceProbe = setInterval(() => {
      if (this._state === 'open') socket.write(Buffer.from([TelnetCommand.IAC, TelnetCommand.NOP]));
    }, every);
    this._silenceProbe.unref?.();
  }

  private _stopSilenceProbe(): void {
    clearInterval(this._silenceProbe);
    this._silenceProbe = undefined;
  }

  private _receive(chunk: Buffer): void {
    this._stopSilenceProbe();
    if (this._state !== 'open' && this._state !== 'closing') return;
    const { events, replies } = this._decoder.push(chunk);
    if (replies.length > 0 && this._state === 'open') this._socket?.write(Buffer.concat(replies));
    for (const event of events) this._emit(event);
    clearTimeout(this._promptTimer);
    this._promptTimer = undefined;
    if (this._decoder.hasPartialLine) {
      this._promptTimer = setTimeout(() => {
        for (const event of this._decoder.flushPrompt()) this._emit(event);
      }, this._options.promptIdleMs ?? 150);
    }
    this._firstData?.();
  }

  private _finish(): void {
    if (this._state === 'closed') return;
    const wasOpen = this._state === 'open' || this._state === 'closing';
    const byClient = this._state === 'closing';
    this._state = 'closed';
    clearTimeout(this._promptTimer);
    this._stopSilenceProbe();
    if (!wasOpen) return;
    for (const event of this._decoder.end()) this._emit(event);
    if (this._lastError !== undefined) {
      this._emit({
        kind: 'error',
        error: new MudClientError('MUD_ERR_CONNECTION_LOST', this._lastError.message, {
          cause: this._lastError,
        }),
      });
    }
    const reason = this._lastError?.message ?? (byClient ? 'closed by client' : 'closed by server');
    this._emit({ kind: 'connection', state: 'closed', reason });
  }

  private _emit(event: MudEvent): void {
    this._listeners.emit(event);
  }
}

/** ": connection refused" from an ECONNREFUSED socket error, and so on; empty without an error. */
function reasonOf(error: Error | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return ': connection refused (is the game running?)';
  return error ? `: ${error.message}` : '';
}
