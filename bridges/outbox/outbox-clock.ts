/**
 * Time as the outbox sees it: the current time and timers. Injected so that unit tests can walk through
 * hours of backoff in microseconds with a `ManualClock`.
 */
export interface OutboxClock {
  /** ms since the epoch */
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: OutboxClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref();
    return timer;
  },
  clearTimer: handle => clearTimeout(handle as NodeJS.Timeout),
};

interface ManualTimer {
  at: number;
  callback: () => void;
}

/** A clock that moves only when told to; `advance` fires the timers that fall due, in order. */
export class ManualClock implements OutboxClock {
  private current: number;
  private readonly timers = new Set<ManualTimer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): unknown {
    const timer = { at: this.current + Math.max(0, delayMs), callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as ManualTimer);
  }

  /** Moves time forward by `ms`, firing each timer that falls due at its own time. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = [...this.timers].filter(timer => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers.delete(next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
    this.current = end;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}
