/**
 * A `fetch` that gives every request a time limit (and honours the caller's signal). ollama-js has no
 * abort hook for non-streamed calls nor for a request still waiting for headers (a model loading), so
 * the limit must be attached here, where the request is made (see the local LLM reference, 3.3).
 */
export type Fetch = typeof fetch;

export function timedFetch(base: Fetch, timeoutMs: number, outer?: AbortSignal): Fetch {
  return (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (outer) signals.push(outer);
    if (init?.signal) signals.push(init.signal);
    return base(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
