/**
 * Turns whatever a call to Ollama threw into a short reason for `Decision.fallback` and a kind the
 * brain acts on. ollama-js errors are told apart by shape, not class (its `ResponseError` is not
 * exported): `name`, `status_code`, and the `cause.code` of a failed fetch. Status codes, not message
 * texts, decide (messages differ between Ollama versions).
 */

export type FailureKind =
  | 'unreachable'
  | 'model-missing'
  | 'tools-unsupported'
  | 'timeout'
  | 'cancelled'
  | 'server-error'
  | 'stream-error'
  | 'invalid-output';

export interface BrainFailure {
  kind: FailureKind;
  reason: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  status_code?: unknown;
  error?: unknown;
}

function asErrorLike(value: unknown): ErrorLike {
  return value !== null && typeof value === 'object' ? (value as ErrorLike) : {};
}

function clipped(text: unknown): string {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
}

/** The connection error code somewhere in the cause chain (undici nests them), if any. */
function connectionCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = asErrorLike(current).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
    current = asErrorLike(current).cause;
  }
  return undefined;
}

export interface FailureSubject {
  host: string;
  model: string;
  timeoutMs: number;
}

export function classifyFailure(error: unknown, subject: FailureSubject): BrainFailure {
  const shape = asErrorLike(error);
  const name = String(shape.name ?? '');
  if (name === 'TimeoutError' || asErrorLike(shape.cause).name === 'TimeoutError') {
    return { kind: 'timeout', reason: `ollama did not answer within ${subject.timeoutMs} ms` };
  }
  if (name === 'AbortError') return { kind: 'cancelled', reason: 'the ollama call was cancelled' };
  const code = connectionCode(error);
  if (code) return { kind: 'unreachable', reason: `ollama unreachable at ${subject.host} (${code})` };
  if (name === 'ResponseError' && typeof shape.status_code === 'number') {
    const message = clipped(shape.error ?? shape.message);
    if (shape.status_code === 404) {
      return {
        kind: 'model-missing',
        reason: `model ${subject.model} not found on ${subject.host} (ollama pull ${subject.model}): ${message}`,
      };
    }
    if (shape.status_code === 400 && /tools/i.test(message)) {
      return { kind: 'tools-unsupported', reason: `ollama refused native tools: ${message}` };
    }
    return { kind: 'server-error', reason: `ollama answered ${shape.status_code}: ${message}` };
  }
  if (name === 'TypeError' && /fetch failed/i.test(String(shape.message))) {
    return {
      kind: 'unreachable',
      reason: `ollama unreachable at ${subject.host} (${clipped(shape.message)})`,
    };
  }
  return { kind: 'stream-error', reason: `ollama failed: ${clipped(shape.message ?? error)}` };
}

/** Kinds after which the server is left alone until the circuit breaker allows a new probe. */
export function opensCircuit(kind: FailureKind): boolean {
  return kind === 'unreachable' || kind === 'model-missing';
}
