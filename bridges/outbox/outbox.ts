/**
 * The durable outbox (see outbox-contract.ts): entries are committed to SQLite before `enqueue` returns,
 * then delivered by the deliverer registered for their (bridge, kind) with at most `maxInFlightPerBridge`
 * deliveries in flight per bridge. A failed attempt is retried after an exponential, jittered backoff until
 * `maxAttempts` attempts are used; a permanent failure (`DeliveryError` with `retryable: false`) or the last
 * failed attempt makes the entry a dead letter, which `retry(id)` puts back (with a fresh attempt budget but
 * the attempt numbers still counting up, so a deliverer knows an earlier attempt may have had an effect).
 *
 * Ordered streams (`register(..., { ordered: true })`, e.g. journal appends) deliver one entry at a time in
 * enqueue order: an entry waits until every older unsettled entry of its stream is delivered or dead.
 *
 * One process owns an outbox file: `start()` treats every entry left `delivering` as abandoned by a crash
 * (its lease is void) and makes it due again.
 */
import { BridgeError } from '../errors.ts';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { type OutboxClock, systemClock } from './outbox-clock.ts';
import {
  type BridgeName,
  type Deliverer,
  DeliveryError,
  type EnqueueRequest,
  type OutboxApi,
  type OutboxEntry,
  type OutboxStats,
} from './outbox-contract.ts';
import { OutboxStore, type StoredEntry, type Synchronous } from './outbox-store.ts';

export interface OutboxOptions {
  /** SQLite file (its folder is created), or `:memory:` for tests. */
  file: string;
  clock?: OutboxClock;
  /** [0, 1) for the backoff jitter. */
  random?: () => number;
  /** Attempts before an entry becomes a dead letter (default 8). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** How long one attempt may take before it is aborted and counted as failed (default 2 minutes). */
  leaseMs?: number;
  /** Deliveries in flight at once per bridge (default 2). */
  maxInFlightPerBridge?: number;
  /** How long `stop()` waits for deliveries in flight before aborting them (default 10 s). */
  stopTimeoutMs?: number;
  synchronous?: Synchronous;
  /** Errors of the delivery loop itself (the store failing), which have no caller to go to. */
  onLoopError?: (error: unknown) => void;
}

export interface RegisterOptions {
  /** Deliver this stream one entry at a time in enqueue order. */
  ordered?: boolean;
}

export type SettledListener = (entry: OutboxEntry) => void;

interface Registration {
  bridge: BridgeName;
  kind: string;
  deliverer: Deliverer<unknown>;
  ordered: boolean;
}

interface Waiter {
  resolve: (entry: OutboxEntry) => void;
  reject: (error: unknown) => void;
  timer: unknown;
}

const streamKey = (bridge: string, kind: string) => `${bridge}\u0000${kind}`;

function publicEntry(entry: StoredEntry): OutboxEntry {
  const { attemptsBeforeRetry: _retry, leaseUntil: _lease, settledAt: _settled, ...rest } = entry;
  return rest;
}

/** `BRIDGE_ERR_UNREACHABLE: ...` — the message, led by the stable code of the error or of its cause. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codeOf = (value: unknown) => {
    const code = (value as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
  };
  const code = codeOf(error) ?? codeOf(error.cause);
  return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
}

export class Outbox implements OutboxApi {
  readonly maxAttempts: number;
  private readonly store: OutboxStore;
  private readonly clock: OutboxClock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly leaseMs: number;
  private readonly maxInFlightPerBridge: number;
  private readonly stopTimeoutMs: number;
  private readonly onLoopError: (error: unknown) => void;
  private readonly registrations = new Map<string, Registration>();
  private readonly inFlight = new Map<
    number,
    { bridge: BridgeName; controller: AbortController; done: Promise<void> }
  >();
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly listeners = new Set<SettledListener>();
  private running = false;
  private closed = false;
  private wakeTimer: unknown;
  private wakeAt: number | undefined;
  private pumpQueued = false;

  constructor(options: OutboxOptions) {
    this.store = new OutboxStore(options.file, { synchronous: options.synchronous ?? 'full' });
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxInFlightPerBridge = Math.max(1, options.maxInFlightPerBridge ?? 2);
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.onLoopError = options.onLoopError ?? (error => process.emitWarning(`outbox: ${errorText(error)}`));
  }

  get file(): string {
    return this.store.file;
  }

  enqueue<Payload>(request: EnqueueRequest<Payload>): { entry: OutboxEntry<Payload>; duplicate: boolean } {
    this.assertOpen();
    const { entry, duplicate } = this.store.enqueue(request, this.clock.now());
    if (!duplicate) this.wake();
    return { entry: publicEntry(entry) as OutboxEntry<Payload>, duplicate };
  }

  register<Payload>(
    bridge: BridgeName,
    kind: string,
    deliverer: Deliverer<Payload>,
    options: RegisterOptions = {},
  ): void {
    this.registrations.set(streamKey(bridge, kind), {
      bridge,
      kind,
      deliverer: deliverer as Deliverer<unknown>,
      ordered: options.ordered ?? false,
    });
    this.wake();
  }

  start(): void {
    this.assertOpen();
    if (this.running) return;
    this.store.recoverAbandoned(this.clock.now());
    this.running = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearWakeTimer();
    const deliveries = [...this.inFlight.values()];
    if (deliveries.length === 0) return;
    let timer: unknown;
    const bounded = new Promise<void>(resolve => {
      timer = this.clock.setTimer(resolve, this.stopTimeoutMs);
    });
    await Promise.race([Promise.all(deliveries.map(delivery => delivery.done)), bounded]);
    this.clock.clearTimer(timer);
    for (const delivery of this.inFlight.values()) {
      delivery.controller.abort(
        new BridgeError('BRIDGE_ERR_TIMEOUT', 'outbox', 'the outbox stopped before this delivery ended'),
      );
    }
  }

  /** Stops and closes the database; entries still delivering are retried by the next `start()`. */
  async close(): Promise<void> {
    await this.stop();
    this.closed = true;
    for (const [id, waiters] of this.waiters) {
      for (const waiter of waiters) {
        this.clock.clearTimer(waiter.timer);
        waiter.reject(
          new BridgeError(
            'BRIDGE_ERR_OUTBOX_STORE',
            'outbox',
            `the outbox closed before entry ${id} settled`,
          ),
        );
      }
    }
    this.waiters.clear();
    this.store.close();
  }

  settled(id: number, timeoutMs = 60_000): Promise<OutboxEntry> {
    this.assertOpen();
    const entry = this.store.entry(id);
    if (!entry) return Promise.reject(unknownEntry(id));
    if (entry.status === 'delivered' || entry.status === 'dead') return Promise.resolve(publicEntry(entry));
    return new Promise<OutboxEntry>((resolve, reject) => {
      const waiters = this.waiters.get(id) ?? new Set<Waiter>();
      this.waiters.set(id, waiters);
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.clock.setTimer(() => {
          waiters.delete(waiter);
          reject(
            new BridgeError(
              'BRIDGE_ERR_OUTBOX_TIMEOUT',
              'outbox',
              `outbox entry ${id} did not settle within ${timeoutMs} ms`,
              {
                fix: 'see `stats()`/`deadLetters()`; the entry is still being retried in the background',
              },
            ),
          );
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  /** Called with every entry this process delivers or parks as a dead letter; returns an unsubscribe. */
  onSettled(listener: SettledListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  entry(id: number): OutboxEntry | undefined {
    const entry = this.store.entry(id);
    return entry && publicEntry(entry);
  }

  stats(): OutboxStats {
    return this.store.stats();
  }

  deadLetters(limit = 50): OutboxEntry[] {
    return this.store.deadLetters(limit).map(publicEntry);
  }

  retry(id: number): void {
    this.assertOpen();
    if (!this.store.retry(id, this.clock.now())) {
      throw new BridgeError(
        'BRIDGE_ERR_OUTBOX_UNKNOWN_ENTRY',
        'outbox',
        `outbox entry ${id} is not a dead letter`,
      );
    }
    this.wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new BridgeError('BRIDGE_ERR_OUTBOX_STORE', 'outbox', 'the outbox is closed');
  }

  /** Runs the delivery loop soon (coalesced). */
  private wake(): void {
    if (!this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      try {
        this.pump();
      } catch (error) {
        this.onLoopError(error);
      }
    });
  }

  private clearWakeTimer(): void {
    if (this.wakeTimer !== undefined) this.clock.clearTimer(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = undefined;
  }

  private pump(): void {
    if (!this.running || this.closed) return;
    const now = this.clock.now();
    const byBridge = new Map<BridgeName, Registration[]>();
    for (const registration of this.registrations.values()) {
      byBridge.set(registration.bridge, [...(byBridge.get(registration.bridge) ?? []), registration]);
    }
    for (const [bridge, registrations] of byBridge) {
      const busy = [...this.inFlight.values()].filter(delivery => delivery.bridge === bridge).length;
      const free = this.maxInFlightPerBridge - busy;
      if (free <= 0) continue;
      const candidates = registrations.flatMap(registration => this.candidates(registration, now, free));
      candidates.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
      const claimed = this.store.claim(
        candidates.slice(0, free).map(entry => entry.id),
        now,
        now + this.leaseMs,
      );
      for (const entry of claimed) this.deliver(entry);
    }
    this.armWakeTimer(now);
  }

  private candidates(registration: Registration, now: number, limit: number): StoredEntry[] {
    const { bridge, kind } = registration;
    if (!registration.ordered) return this.store.due(bridge, kind, now, limit);
    const head = this.store.streamHead(bridge, kind);
    return head && head.status === 'pending' && head.nextAttemptAt <= now ? [head] : [];
  }

  private armWakeTimer(now: number): void {
    let next: number | undefined;
    for (const { bridge, kind } of this.registrations.values()) {
      const at = this.store.nextWake(bridge, kind, now);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    if (next === undefined || next === this.wakeAt) return;
    this.clearWakeTimer();
    this.wakeAt = next;
    this.wakeTimer = this.clock.setTimer(() => {
      this.wakeTimer = undefined;
      this.wakeAt = undefined;
      this.wake();
    }, next - now);
  }

  private deliver(entry: StoredEntry): void {
    const registration = this.registrations.get(streamKey(entry.bridge, entry.kind));
    if (!registration) return;
    const controller = new AbortController();
    const done = this.attempt(entry, registration, controller).finally(() => {
      this.inFlight.delete(entry.id);
      this.wake();
    });
    this.inFlight.set(entry.id, { bridge: entry.bridge, controller, done });
  }

  private async attempt(
    entry: StoredEntry,
    registration: Registration,
    controller: AbortController,
  ): Promise<void> {
    const lease = this.clock.setTimer(
      () =>
        controller.abort(
          new BridgeError(
            'BRIDGE_ERR_TIMEOUT',
            entry.bridge,
            `delivery of ${entry.kind} took longer than ${this.leaseMs} ms`,
          ),
        ),
      this.leaseMs,
    );
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => {});
    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      const result = await Promise.race([
        registration.deliverer(entry.payload, {
          attempt: entry.attempts,
          idempotencyKey: entry.idempotencyKey,
          signal: controller.signal,
        }),
        aborted,
      ]);
      outcome = { ok: true, result };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.clock.clearTimer(lease);
    }
    if (this.closed) return;
    try {
      this.record(entry, outcome);
    } catch (error) {
      this.onLoopError(error);
    }
  }

  private record(
    entry: StoredEntry,
    outcome: { ok: true; result: unknown } | { ok: false; error: unknown },
  ): void {
    const now = this.clock.now();
    let settled: StoredEntry | undefined;
    if (outcome.ok) {
      settled = this.store.markDelivered(entry.id, outcome.result, now);
    } else {
      const permanent = outcome.error instanceof DeliveryError && !outcome.error.retryable;
      const used = entry.attempts - entry.attemptsBeforeRetry;
      const message = errorText(outcome.error);
      if (permanent || used >= this.maxAttempts) {
        settled = this.store.markDead(entry.id, message, now);
      } else {
        this.store.markFailed(entry.id, message, now + backoffDelay(this.backoff, used, this.random));
      }
    }
    if (settled) this.announce(publicEntry(settled));
  }

  private announce(entry: OutboxEntry): void {
    const waiters = this.waiters.get(entry.id);
    this.waiters.delete(entry.id);
    for (const waiter of waiters ?? []) {
      this.clock.clearTimer(waiter.timer);
      waiter.resolve(entry);
    }
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        this.onLoopError(error);
      }
    }
  }
}

function unknownEntry(id: number): BridgeError {
  return new BridgeError('BRIDGE_ERR_OUTBOX_UNKNOWN_ENTRY', 'outbox', `there is no outbox entry ${id}`);
}
