/**
 * The durable outbox every bridge writes through (issue: bridges). A write is first recorded in SQLite
 * with an idempotency key, then delivered by the bridge's registered deliverer with retries and backoff,
 * and parked as a dead letter after its last attempt. A kill -9 at any moment loses nothing (the row is
 * committed before `enqueue` returns) and duplicates nothing: enqueueing an existing key returns the
 * existing entry, and a deliverer is told the attempt number so that non-idempotent targets (a Gitea
 * issue) can first look for the effect of an earlier attempt whose answer was lost.
 */

export type BridgeName = 'gitea' | 'nostr' | 'journal';

export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'dead';

export interface OutboxEntry<Payload = unknown> {
  id: number;
  bridge: BridgeName;
  /** What to do, e.g. `issue.create`, `event.publish`, `journal.append`. */
  kind: string;
  idempotencyKey: string;
  payload: Payload;
  status: OutboxStatus;
  attempts: number;
  /** ms since the epoch */
  createdAt: number;
  nextAttemptAt: number;
  lastError?: string;
  /** What the deliverer returned (e.g. the created issue number), JSON. */
  result?: unknown;
}

export interface EnqueueRequest<Payload = unknown> {
  bridge: BridgeName;
  kind: string;
  idempotencyKey: string;
  payload: Payload;
}

export interface DeliveryContext {
  /** 1 for the first attempt. */
  attempt: number;
  idempotencyKey: string;
  signal: AbortSignal;
}

/**
 * Delivers one entry. Resolve with a JSON result when done. Throw a `DeliveryError` with
 * `retryable: false` for a permanent failure (straight to dead letter, e.g. 401 wrong token, 422
 * invalid), anything else is retried with backoff until the attempts run out.
 */
export type Deliverer<Payload = unknown> = (payload: Payload, context: DeliveryContext) => Promise<unknown>;

export class DeliveryError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}

export interface OutboxStats {
  pending: number;
  delivering: number;
  delivered: number;
  dead: number;
}

export interface OutboxApi {
  /** Records the write durably; an existing key returns the existing entry with `duplicate: true`. */
  enqueue<Payload>(request: EnqueueRequest<Payload>): { entry: OutboxEntry<Payload>; duplicate: boolean };
  register<Payload>(bridge: BridgeName, kind: string, deliverer: Deliverer<Payload>): void;
  /** Starts the delivery loop (entries left `delivering` by a crash are retried first). */
  start(): void;
  /** Stops taking new entries and waits for deliveries in flight (bounded). */
  stop(): Promise<void>;
  /** Resolves when the entry is delivered or dead (for callers that want the result). */
  settled(id: number, timeoutMs?: number): Promise<OutboxEntry>;
  stats(): OutboxStats;
  deadLetters(limit?: number): OutboxEntry[];
  /** Puts a dead letter back to pending (operator action). */
  retry(id: number): void;
}
