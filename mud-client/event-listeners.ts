/**
 * A minimal listener set for `Transport.onEvent`. A throwing listener neither stops the other listeners
 * nor leaves a decoder half-way through a chunk: its error goes to `reportError`, which by default rethrows
 * it on a fresh microtask (so it still surfaces as an uncaught exception).
 */
import type { MudEvent, MudEventListener } from './events.ts';

export class EventListeners {
  private readonly _listeners = new Set<MudEventListener>();
  private readonly _reportError: (error: unknown) => void;

  constructor(reportError: (error: unknown) => void = rethrowLater) {
    this._reportError = reportError;
  }

  add(listener: MudEventListener): () => void {
    // Wrap so the same function can be subscribed twice and unsubscribed independently.
    const entry: MudEventListener = event => listener(event);
    this._listeners.add(entry);
    return () => {
      this._listeners.delete(entry);
    };
  }

  emit(event: MudEvent): void {
    for (const listener of [...this._listeners]) {
      try {
        listener(event);
      } catch (error) {
        this._reportError(error);
      }
    }
  }

  get size(): number {
    return this._listeners.size;
  }
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
