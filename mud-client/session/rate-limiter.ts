/**
 * A token bucket that keeps the client below the server's command rate (Evennia's stock
 * `MAX_COMMAND_RATE` is 80 inputs per second per session, out-of-band included; excess input is dropped
 * with a warning). `take()` resolves when a token is available.
 */
export class RateLimiter {
  private _perSecond: number;
  private _capacity: number;
  private readonly _now: () => number;
  private _tokens: number;
  private _updatedAt: number;

  constructor(perSecond: number, options: { burst?: number; now?: () => number } = {}) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
    this._perSecond = perSecond;
    this._capacity = Math.max(1, options.burst ?? Math.ceil(perSecond / 4));
    this._now = options.now ?? (() => performance.now());
    this._tokens = this._capacity;
    this._updatedAt = this._now();
  }

  /** Changes the rate (and the burst, a quarter of a second's worth) from now on. */
  setRate(perSecond: number): void {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
    this._refill();
    this._perSecond = perSecond;
    this._capacity = Math.max(1, Math.ceil(perSecond / 4));
    this._tokens = Math.min(this._tokens, this._capacity);
  }

  private _refill(): void {
    const now = this._now();
    this._tokens = Math.min(
      this._capacity,
      this._tokens + ((now - this._updatedAt) * this._perSecond) / 1000,
    );
    this._updatedAt = now;
  }

  /** Milliseconds to wait before the next token, 0 when one is available now (and then takes it). */
  reserve(): number {
    this._refill();
    this._tokens -= 1;
    return this._tokens >= 0 ? 0 : Math.ceil((-this._tokens * 1000) / this._perSecond);
  }

  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
  }
}
