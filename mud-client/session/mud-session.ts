/**
 * A logged-in conversation with Evennia over any `Transport`: create an account, log in, and
 * `send(command)` resolving with exactly that command's output. Commands run one at a time, in order,
 * below the server's rate limit. With evennia-game's `cmd_start` / `cmd_done` markers (announced by
 * `timmy_hello`) the output is what the server sent between the two markers carrying the command's id; against a stock server the session falls back to a quiet-period heuristic and
 * says so in the result. A dropped connection is re-established with backoff and logged back in; an
 * Evennia `reload` needs nothing (the connection survives it).
 */
import { MudClientError } from '../errors.ts';
import type { MudEvent, OobEvent } from '../events.ts';
import type { Transport } from '../transport.ts';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import type { CommandResult } from './command-result.ts';
import {
  CREATE_CONFIRM,
  CREATE_DONE,
  CREATE_EXISTS,
  CREATE_REFUSED,
  LOGIN_REFUSED,
  quoteName,
} from './login-screen.ts';
import { RateLimiter } from './rate-limiter.ts';

/** Evennia's Portal tells a connection it is queued while many connect at once. */
const QUEUED_BY_PORTAL = /DoS protection is active/;

/** However fast a server says it is, one session sends no more than this many inputs a second. */
const MAX_CLIENT_RATE = 200;
/** connect() opens again a connection closed before the greeting, up to this many attempts in all. */
const CONNECT_ATTEMPTS = 4;

export type SessionState =
  | 'disconnected'
  | 'connecting'
  | 'connected'
  | 'logged-in'
  | 'reconnecting'
  | 'closed';

/** Session-level events: every transport event, plus changes of the session's own state. */
export type SessionEvent = MudEvent | { kind: 'state'; state: SessionState; reason?: string };

export interface Credentials {
  username: string;
  password: string;
}

export interface SessionOptions {
  /** Makes a fresh transport for each connection attempt. */
  transportFactory: () => Transport;
  /** A command whose marker has not come by then fails with MUD_ERR_TIMEOUT. Default 30 000 ms. */
  commandTimeoutMs?: number;
  /** Heuristic mode: the output ends after this much silence. Default 300 ms. */
  quietPeriodMs?: number;
  /** Heuristic mode: a command with no output at all ends after this long. Default 1500 ms. */
  firstOutputMs?: number;
  /** Login and account creation give up after this long. Default 20 000 ms. */
  loginTimeoutMs?: number;
  /** A login that gets no answer at all is sent again after this long. Default 5000 ms. */
  loginRetryMs?: number;
  /** A stock server's greeting is complete after this much quiet (evennia-game ends it with timmy_hello). Default 250 ms. */
  greetingQuietMs?: number;
  /**
   * Inputs per second the client sends at most. Default: half of what the server announces in
   * `timmy_hello` (`max_command_rate`), else 40, half of Evennia's stock 80.
   */
  commandsPerSecond?: number;
  /** Send Evennia's `idle` command after this long without input (0 disables). Default 120 000 ms. */
  keepAliveMs?: number;
  /** Reconnect after a drop (default on, exponential backoff). */
  reconnect?: false | Partial<BackoffPolicy>;
  /** A command's collected output is cut beyond this many characters. Default 1 000 000. */
  maxOutputChars?: number;
  random?: () => number;
}

interface PendingCommand {
  command: string;
  timeoutMs: number;
  resolve: (result: CommandResult) => void;
  reject: (error: MudClientError) => void;
}

interface ActiveCommand extends PendingCommand {
  id: number;
  method: CommandResult['method'];
  startedAt: number;
  events: MudEvent[];
  chars: number;
  truncated: boolean;
  timer: NodeJS.Timeout | undefined;
  /** False while the command waits for the rate limiter: a drop then requeues it instead of failing it. */
  sent: boolean;
  /** False until the server's `cmd_start` for this id (when it sends one): earlier events are not ours. */
  begun: boolean;
  finish: (correlated: boolean) => void;
}

type Waiter = (event: SessionEvent) => void;

export class MudSession {
  private readonly _options: Required<Omit<SessionOptions, 'reconnect' | 'random'>> & {
    reconnect: BackoffPolicy | false;
    random: () => number;
  };
  private readonly _limiter: RateLimiter;
  private readonly _listeners = new Set<(event: SessionEvent) => void>();
  private readonly _waiters = new Set<Waiter>();
  private readonly _queue: PendingCommand[] = [];
  private _transport: Transport | undefined;
  private _unsubscribe: (() => void) | undefined;
  private _state: SessionState = 'disconnected';
  private _credentials: Credentials | undefined;
  private readonly _rateFromServer: boolean;
  private _markerSupported = false;
  private _startMarkerSupported = false;
  private _active: ActiveCommand | undefined;
  private _nextId = 1;
  private _nextRequestId = 1;
  private _keepAlive: NodeJS.Timeout | undefined;
  private _closing = false;
  private _reconnecting: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    this._options = {
      transportFactory: options.transportFactory,
      commandTimeoutMs: options.commandTimeoutMs ?? 30_000,
      quietPeriodMs: options.quietPeriodMs ?? 300,
      firstOutputMs: options.firstOutputMs ?? 1500,
      loginTimeoutMs: options.loginTimeoutMs ?? 20_000,
      greetingQuietMs: options.greetingQuietMs ?? 250,
      loginRetryMs: options.loginRetryMs ?? 5000,
      commandsPerSecond: options.commandsPerSecond ?? 40,
      keepAliveMs: options.keepAliveMs ?? 120_000,
      maxOutputChars: options.maxOutputChars ?? 1_000_000,
      reconnect: options.reconnect === false ? false : { ...DEFAULT_BACKOFF, ...options.reconnect },
      random: options.random ?? Math.random,
    };
    this._limiter = new RateLimiter(this._options.commandsPerSecond);
    this._rateFromServer = options.commandsPerSecond === undefined;
  }

  get state(): SessionState {
    return this._state;
  }

  /** True once the server announced the `cmd_done` marker (evennia-game's `timmy_hello`). */
  get markerSupported(): boolean {
    return this._markerSupported;
  }

  get transportKind(): Transport['kind'] | undefined {
    return this._transport?.kind;
  }

  /** Subscribes to every event of the session; returns the unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /**
   * Opens the connection and waits for the server's greeting. A connection the server closes or resets
   * before greeting (one it never accepted, see `TelnetTransportOptions.silenceProbeMs`) is opened again,
   * up to four attempts: nothing was sent on it, so a retry is safe. A refused connection is not retried.
   */
  async connect(): Promise<void> {
    this._closing = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await this._open();
        return;
      } catch (error) {
        const unanswered = error instanceof MudClientError && error.code === 'MUD_ERR_CONNECTION_LOST';
        if (!unanswered || attempt >= CONNECT_ATTEMPTS || this._closing) throw error;
        const failed = this._transport;
        this._detach();
        await failed?.close().catch(() => {});
        await new Promise(resolve => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * Creates an account through the login screen, answering Evennia's Y/N confirmation. Rejects with
   * MUD_ERR_ACCOUNT_EXISTS when the name is taken and MUD_ERR_ACCOUNT_REFUSED with the server's words otherwise.
   */
  async createAccount(username: string, password: string): Promise<void> {
    const transport = this._requireTransport();
    if (this._state === 'logged-in')
      throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'already logged in');
    const result = await this._exchange<'done' | string>(
      () => transport.sendText(`create ${quoteName(username)} ${password}`),
      event => {
        if (event.kind !== 'text' && event.kind !== 'prompt') return undefined;
        if (CREATE_CONFIRM.test(event.text)) {
          // A failed send here means a closed connection, which ends this wait by itself.
          void this._limiter
            .take()
            .then(() => this._transport?.sendText('yes'))
            .catch(() => {});
          return undefined;
        }
        if (CREATE_DONE.test(event.text)) return 'done';
        if (CREATE_EXISTS.test(event.text) || CREATE_REFUSED.test(event.text)) return event.text;
        return undefined;
      },
      this._options.loginTimeoutMs,
    );
    if (result === 'done') return;
    throw new MudClientError(
      CREATE_EXISTS.test(result) ? 'MUD_ERR_ACCOUNT_EXISTS' : 'MUD_ERR_ACCOUNT_REFUSED',
      `the server refused to create account ${username}: ${result.trim()}`,
      { details: { username } },
    );
  }

  /** Logs in and remembers the credentials for automatic re-login after a reconnect. */
  async login(username: string, password: string): Promise<void> {
    this._credentials = { username, password };
    await this._login();
  }

  /**
   * Sends one command and resolves with its output. Commands queue and run one at a time. Rejects with
   * MUD_ERR_TIMEOUT when no end of output is seen in time, MUD_ERR_CONNECTION_LOST when the connection
   * drops while the command runs (it may or may not have run), MUD_ERR_NOT_CONNECTED after `close()`.
   */
  send(command: string, options: { timeoutMs?: number } = {}): Promise<CommandResult> {
    if (/[\r\n]/.test(command)) {
      return Promise.reject(
        new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'a command is one line (no CR or LF)'),
      );
    }
    if (this._closing || this._state === 'closed' || this._state === 'disconnected') {
      return Promise.reject(new MudClientError('MUD_ERR_NOT_CONNECTED', 'the session is not connected'));
    }
    return new Promise((resolve, reject) => {
      this._queue.push({
        command,
        timeoutMs: options.timeoutMs ?? this._options.commandTimeoutMs,
        resolve,
        reject,
      });
      this._pump();
    });
  }

  /**
   * Calls a server inputfunc out of band and resolves with its reply: the first `reply` OOB message
   * whose `requestId` kwarg matches the one added to `kwargs` here. A `timmy_error` reply with that
   * `requestId` rejects with MUD_ERR_REQUEST_FAILED carrying the server's code and message.
   */
  async request(
    name: string,
    kwargs: Record<string, unknown> = {},
    options: { reply?: string; timeoutMs?: number } = {},
  ): Promise<OobEvent> {
    const transport = this._requireTransport();
    const requestId = `r${this._nextRequestId++}`;
    const reply = options.reply ?? name;
    const event = await this._exchange<OobEvent>(
      () => transport.sendOob(name, [], { ...kwargs, requestId }),
      event => {
        if (event.kind !== 'oob' || event.kwargs.requestId !== requestId) return undefined;
        return event.name === reply || event.name === 'timmy_error' ? event : undefined;
      },
      options.timeoutMs ?? this._options.commandTimeoutMs,
    );
    if (event.name === 'timmy_error') {
      throw new MudClientError(
        'MUD_ERR_REQUEST_FAILED',
        `${name} failed: ${String(event.kwargs.message ?? 'no reason given')}`,
        {
          details: { request: name, code: event.kwargs.code },
        },
      );
    }
    return event;
  }

  /**
   * Turns the server's structured `room_info` messages on or off for this session (`room_info_subscribe`,
   * world-seed/PROTOCOL.md). They arrive as `oob` events; `onRoomInfo()` in perception/room-info.ts parses them.
   */
  async subscribeRoomInfo(enabled = true): Promise<void> {
    const transport = this._requireTransport();
    await this._limiter.take();
    transport.sendOob('room_info_subscribe', [], { enabled });
  }

  /** Logs out cleanly (websocket close 1000, so no ghost session) and stops reconnecting. */
  async close(): Promise<void> {
    this._closing = true;
    this._stopKeepAlive();
    const error = new MudClientError('MUD_ERR_NOT_CONNECTED', 'the session was closed');
    this._failActive(error);
    for (const pending of this._queue.splice(0)) pending.reject(error);
    const transport = this._transport;
    this._detach();
    if (transport) await transport.close().catch(() => undefined);
    this._setState('closed');
  }

  private async _open(): Promise<void> {
    this._detach();
    const transport = this._options.transportFactory();
    this._transport = transport;
    this._unsubscribe = transport.onEvent(event => this._handle(event));
    this._setState('connecting');
    // Listen before connecting: the greeting can come in the same chunk as the negotiation.
    const greeting = this._greeting();
    greeting.done.catch(() => {});
    try {
      await transport.connect();
    } catch (error) {
      greeting.cancel();
      throw error;
    }
    await greeting.done;
    this._setState('connected');
    this._resetKeepAlive();
  }

  /**
   * Resolves once the server has greeted this connection. Input sent earlier is lost: while several
   * clients connect at once Evennia's Portal queues new connections ("DoS protection is active"), and the
   * Server drops a login it gets before it knows the session. evennia-game's greeting ends with
   * `timmy_hello`; a stock Evennia's is the connection screen, taken as complete after a short quiet.
   */
  private _greeting(): { done: Promise<void>; cancel: () => void } {
    let quiet: NodeJS.Timeout | undefined;
    let cancel = () => {};
    const done = new Promise<void>((resolve, reject) => {
      this._waitFor<true>(
        event => {
          if (event.kind === 'oob' && event.name === 'timmy_hello') return true;
          if ((event.kind === 'text' || event.kind === 'prompt') && !QUEUED_BY_PORTAL.test(event.text)) {
            clearTimeout(quiet);
            quiet = setTimeout(() => {
              cancel();
              resolve();
            }, this._options.greetingQuietMs);
          }
          return undefined;
        },
        this._options.loginTimeoutMs,
        stop => {
          cancel = stop;
        },
      ).then(
        () => {
          clearTimeout(quiet);
          resolve();
        },
        error => {
          clearTimeout(quiet);
          reject(error);
        },
      );
    });
    return {
      done,
      cancel: () => {
        clearTimeout(quiet);
        cancel();
      },
    };
  }

  private _detach(): void {
    this._unsubscribe?.();
    this._unsubscribe = undefined;
    this._transport = undefined;
  }

  private async _login(): Promise<void> {
    const transport = this._requireTransport();
    const credentials = this._credentials;
    if (!credentials) throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', 'no credentials to log in with');
    const { username, password } = credentials;
    const send = () => {
      if (/\s/.test(password) && transport.oobAvailable) {
        transport.sendOob('login', [], { name: username, password });
      } else {
        transport.sendText(`connect ${quoteName(username)} ${password}`);
      }
    };
    const answer = (event: SessionEvent) => {
      if (event.kind === 'oob' && event.name === 'logged_in') return 'ok';
      if ((event.kind === 'text' || event.kind === 'prompt') && LOGIN_REFUSED.test(event.text))
        return event.text;
      return undefined;
    };
    // While many connections arrive at once, Evennia 5.0.1 sometimes loses a login line without a word
    // (seen with 150 simultaneous telnet logins). Silence is answered by sending it again; a login that
    // did go through meanwhile still ends the wait through its logged_in message.
    const deadline = performance.now() + this._options.loginTimeoutMs;
    let result: string | undefined;
    while (result === undefined) {
      const left = deadline - performance.now();
      try {
        result = await this._exchange<'ok' | string>(
          send,
          answer,
          Math.max(1, Math.min(this._options.loginRetryMs, left)),
        );
      } catch (error) {
        const silent = error instanceof MudClientError && error.code === 'MUD_ERR_TIMEOUT';
        if (!silent || performance.now() >= deadline) throw error;
      }
    }
    if (result !== 'ok') {
      throw new MudClientError('MUD_ERR_LOGIN_FAILED', `login as ${username} refused: ${result.trim()}`, {
        details: { username },
      });
    }
    this._setState('logged-in');
    this._pump();
  }

  private _handle(event: MudEvent): void {
    if (event.kind === 'oob' && event.name === 'timmy_hello') {
      const features = event.kwargs.features;
      this._markerSupported = Array.isArray(features) && features.includes('cmd_done');
      this._startMarkerSupported =
        this._markerSupported && Array.isArray(features) && features.includes('cmd_start');
      const serverRate = event.kwargs.max_command_rate;
      if (this._rateFromServer && typeof serverRate === 'number' && serverRate > 0) {
        this._limiter.setRate(Math.min(MAX_CLIENT_RATE, serverRate / 2));
      }
    }
    if (this._active) this._take(this._active, event);
    for (const waiter of [...this._waiters]) waiter(event);
    this._emit(event);
    if (event.kind === 'connection' && event.state === 'closed') this._onClosed(event.reason);
  }

  private _emit(event: SessionEvent): void {
    for (const listener of [...this._listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private _setState(state: SessionState, reason?: string): void {
    if (this._state === state) return;
    this._state = state;
    this._emit(reason === undefined ? { kind: 'state', state } : { kind: 'state', state, reason });
  }

  /**
   * Sends (after the rate limiter) and resolves with the first non-undefined value `match` returns for
   * an incoming event. The listener is in place before the send, so a fast reply is not missed; if the
   * send throws, the listener is removed and the send's error is what the caller gets.
   */
  private async _exchange<T>(
    send: () => void,
    match: (event: SessionEvent) => T | undefined,
    timeoutMs: number,
  ): Promise<T> {
    let cancel = () => {};
    const outcome = this._waitFor(match, timeoutMs, stop => {
      cancel = stop;
    });
    outcome.catch(() => {}); // Awaited below; this only keeps an early rejection from counting as unhandled.
    try {
      await this._limiter.take();
      send();
    } catch (error) {
      cancel();
      throw error;
    }
    return outcome;
  }

  /** Resolves with the first non-undefined value `match` returns for an incoming event. */
  private _waitFor<T>(
    match: (event: SessionEvent) => T | undefined,
    timeoutMs: number,
    onCancel?: (cancel: () => void) => void,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = event => {
        if (event.kind === 'connection' && event.state === 'closed') {
          finish();
          reject(
            new MudClientError(
              'MUD_ERR_CONNECTION_LOST',
              `the connection closed: ${event.reason ?? 'no reason'}`,
            ),
          );
          return;
        }
        const value = match(event);
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new MudClientError('MUD_ERR_TIMEOUT', `no answer from the server within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this._waiters.delete(waiter);
      };
      this._waiters.add(waiter);
      onCancel?.(finish);
    });
  }

  private _pump(): void {
    if (this._active || this._queue.length === 0) return;
    if (this._state !== 'logged-in' && this._state !== 'connected') return;
    const transport = this._transport;
    const pending = this._queue.shift();
    if (!transport || !pending) return;
    const id = this._nextId++;
    const useMarker = this._markerSupported && (transport.kind === 'websocket' || transport.oobAvailable);
    const active: ActiveCommand = {
      ...pending,
      id,
      method: useMarker ? 'marker' : 'quiet-period',
      startedAt: performance.now(),
      events: [],
      chars: 0,
      truncated: false,
      timer: undefined,
      sent: false,
      begun: !(useMarker && this._startMarkerSupported),
      finish: correlated => {
        if (this._active !== active) return;
        clearTimeout(active.timer);
        this._active = undefined;
        active.resolve(this._result(active, correlated));
        this._pump();
      },
    };
    this._active = active;
    void this._limiter.take().then(() => {
      if (this._active !== active) return;
      if (this._transport !== transport) {
        // The connection was replaced while the command waited its turn: run it on the new one.
        this._active = undefined;
        this._queue.unshift(pending);
        this._pump();
        return;
      }
      active.sent = true;
      try {
        if (!useMarker) transport.sendText(active.command);
        else if (transport.kind === 'websocket') transport.sendOob('text', [active.command], { cmdid: id });
        else transport.sendOob('text', [], { command: active.command, cmdid: id });
      } catch (error) {
        this._failActive(
          error instanceof MudClientError
            ? error
            : new MudClientError('MUD_ERR_NOT_CONNECTED', String(error)),
        );
        return;
      }
      this._resetKeepAlive();
      active.startedAt = performance.now();
      if (useMarker) {
        active.timer = setTimeout(() => {
          this._failActive(
            new MudClientError(
              'MUD_ERR_TIMEOUT',
              `no end of output for "${active.command}" within ${active.timeoutMs} ms`,
              {
                details: { command: active.command, partial: this._result(active, false).text.slice(0, 500) },
              },
            ),
          );
        }, active.timeoutMs);
      } else {
        active.timer = setTimeout(() => active.finish(false), this._options.firstOutputMs);
      }
    });
  }

  private _take(active: ActiveCommand, event: MudEvent): void {
    if (event.kind === 'connection') return;
    if (event.kind === 'oob' && event.name === 'cmd_start') {
      if (active.method === 'marker' && event.kwargs.cmdid === active.id) active.begun = true;
      return;
    }
    if (event.kind === 'oob' && event.name === 'cmd_done') {
      if (active.method === 'marker' && event.kwargs.cmdid === active.id) active.finish(true);
      return;
    }
    // Output that was already on its way when the server began this command belongs to nobody.
    if (!active.begun) return;
    if (event.kind === 'text' || event.kind === 'prompt') {
      active.chars += event.text.length;
      if (active.chars > this._options.maxOutputChars) {
        active.truncated = true;
        return;
      }
    }
    if (active.events.length < 10_000) active.events.push(event);
    else active.truncated = true;
    if (active.method === 'quiet-period') {
      clearTimeout(active.timer);
      const elapsed = performance.now() - active.startedAt;
      const left = active.timeoutMs - elapsed;
      active.timer = setTimeout(
        () => active.finish(false),
        Math.max(0, Math.min(this._options.quietPeriodMs, left)),
      );
    }
  }

  private _result(active: ActiveCommand, correlated: boolean): CommandResult {
    const text = active.events
      .filter(event => event.kind === 'text' || event.kind === 'prompt')
      .map(event => (event as { text: string }).text)
      .join('\n');
    return {
      command: active.command,
      text: text.length > this._options.maxOutputChars ? text.slice(0, this._options.maxOutputChars) : text,
      oob: active.events.filter((event): event is OobEvent => event.kind === 'oob'),
      events: active.events,
      ms: Math.round(performance.now() - active.startedAt),
      correlated,
      method: active.method,
      truncated: active.truncated,
    };
  }

  private _failActive(error: MudClientError): void {
    const active = this._active;
    if (!active) return;
    clearTimeout(active.timer);
    this._active = undefined;
    active.reject(error);
    this._pump();
  }

  private _onClosed(reason: string | undefined): void {
    this._stopKeepAlive();
    if (this._closing) return;
    // Closed before the greeting: whoever is opening the connection (connect() or the reconnect loop)
    // sees the failed greeting and decides.
    if (this._state === 'connecting') return;
    this._setState(this._options.reconnect ? 'reconnecting' : 'closed', reason);
    const active = this._active;
    if (active && !active.sent) {
      this._active = undefined;
      this._queue.unshift(active);
    }
    this._failActive(
      new MudClientError(
        'MUD_ERR_CONNECTION_LOST',
        `the connection dropped while a command ran (${reason ?? 'no reason'})`,
      ),
    );
    if (!this._options.reconnect) {
      for (const pending of this._queue.splice(0)) {
        pending.reject(new MudClientError('MUD_ERR_CONNECTION_LOST', 'the connection dropped'));
      }
      return;
    }
    this._reconnecting ??= this._reconnect(this._options.reconnect, reason).finally(() => {
      this._reconnecting = undefined;
    });
  }

  private async _reconnect(policy: BackoffPolicy, reason: string | undefined): Promise<void> {
    this._setState('reconnecting', reason);
    for (let attempt = 0; attempt < policy.maxAttempts && !this._closing; attempt++) {
      await new Promise(resolve => setTimeout(resolve, backoffDelay(policy, attempt, this._options.random)));
      if (this._closing) return;
      try {
        this._markerSupported = false;
        this._startMarkerSupported = false;
        await this._open();
        if (this._credentials) await this._login();
        else this._pump();
        return;
      } catch (error) {
        const failed = this._transport;
        this._detach();
        void failed?.close().catch(() => {});
        if (error instanceof MudClientError && error.code === 'MUD_ERR_LOGIN_FAILED') {
          this._setState('closed', error.message);
          for (const pending of this._queue.splice(0)) pending.reject(error);
          return;
        }
        this._setState('reconnecting', reason);
      }
    }
    if (!this._closing) {
      this._setState('closed', `gave up reconnecting after ${policy.maxAttempts} attempts`);
      for (const pending of this._queue.splice(0)) {
        pending.reject(new MudClientError('MUD_ERR_CONNECTION_LOST', 'could not reconnect'));
      }
    }
  }

  private _resetKeepAlive(): void {
    this._stopKeepAlive();
    if (this._options.keepAliveMs <= 0) return;
    this._keepAlive = setTimeout(() => {
      const transport = this._transport;
      if (transport && !this._active && this._queue.length === 0) {
        try {
          transport.sendText('idle');
        } catch {
          // The close event will follow; reconnect handles it.
        }
      }
      this._resetKeepAlive();
    }, this._options.keepAliveMs);
    this._keepAlive.unref?.();
  }

  private _stopKeepAlive(): void {
    if (this._keepAlive) clearTimeout(this._keepAlive);
    this._keepAlive = undefined;
  }

  private _requireTransport(): Transport {
    if (!this._transport) throw new MudClientError('MUD_ERR_NOT_CONNECTED', 'the session is not connected');
    return this._transport;
  }
}
