/**
 * Exponential backoff with "equal jitter": the wait before attempt n+1 is half of
 * `min(maxDelay, baseDelay * 2^(n-1))` plus a random share of the other half, so retries of many entries
 * that failed together (an outage) spread out instead of hammering the remote at the same instant,
 * while every wait stays at least half the nominal delay.
 */
export interface BackoffPolicy {
  /** Nominal wait after the first failed attempt, in ms. */
  baseDelayMs: number;
  /** Upper bound of the nominal wait, in ms. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 300_000 };

/**
 * @param failedAttempts how many attempts have failed so far (1 after the first failure)
 * @param random a number in [0, 1), injected for tests
 */
export function backoffDelay(policy: BackoffPolicy, failedAttempts: number, random: () => number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 40));
  const half = nominal / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
