/**
 * After a connection failure the brain does not hit a dead server at every step: the circuit stays
 * open for `reopenAfterMs`, and the first step after that probes the server again (half-open).
 */
export class CircuitBreaker {
  private openedAt: number | undefined;
  private openReason = '';

  constructor(
    private readonly reopenAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The reason the circuit is open, or undefined when a call (or a probe) may go through. */
  blocked(): { reason: string; retryInMs: number } | undefined {
    if (this.openedAt === undefined) return undefined;
    const retryInMs = this.openedAt + this.reopenAfterMs - this.now();
    return retryInMs > 0 ? { reason: this.openReason, retryInMs } : undefined;
  }

  open(reason: string): void {
    this.openedAt = this.now();
    this.openReason = reason;
  }

  close(): void {
    this.openedAt = undefined;
  }
}
