/** Reconnect delays: exponential from `initialDelayMs`, capped at `maxDelayMs`, with jitter in [50%, 100%]. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up after this many failed attempts in a row (Infinity: never). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
});

/** The delay before attempt `attempt` (0-based); `random` is injectable for deterministic tests. */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
