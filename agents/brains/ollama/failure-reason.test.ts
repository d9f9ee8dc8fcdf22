import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CircuitBreaker } from './circuit-breaker.ts';
import { classifyFailure, opensCircuit } from './failure-reason.ts';

const subject = { host: 'http://127.0.0.1:1', model: 'm', timeoutMs: 500 };
const responseError = (status: number, error: string) =>
  Object.assign(new Error(error), { name: 'ResponseError', status_code: status, error });

describe('failure reasons', () => {
  test('tell the failures of an Ollama call apart by their shape', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const cases: [unknown, string, RegExp][] = [
      [refused, 'unreachable', /unreachable at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/],
      [
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
        'timeout',
        /within 500 ms/,
      ],
      [new DOMException('This operation was aborted', 'AbortError'), 'cancelled', /cancelled/],
      [responseError(404, "model 'm' not found"), 'model-missing', /ollama pull m/],
      [responseError(400, 'm does not support tools'), 'tools-unsupported', /does not support tools/],
      [responseError(500, 'out of memory'), 'server-error', /answered 500: out of memory/],
      [
        new Error('Did not receive done or success response in stream.'),
        'stream-error',
        /Did not receive done/,
      ],
    ];
    for (const [error, kind, reason] of cases) {
      const failure = classifyFailure(error, subject);
      assert.equal(failure.kind, kind);
      assert.match(failure.reason, reason);
    }
  });

  test('only an unreachable server or a missing model opens the circuit', () => {
    assert.deepEqual(
      (['unreachable', 'model-missing', 'timeout', 'server-error', 'stream-error'] as const).map(
        opensCircuit,
      ),
      [true, true, false, false, false],
    );
  });

  test('the circuit blocks calls for its delay, then lets one through', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1000, () => now);
    assert.equal(breaker.blocked(), undefined);
    breaker.open('down');
    now = 400;
    assert.deepEqual(breaker.blocked(), { reason: 'down', retryInMs: 600 });
    now = 1000;
    assert.equal(breaker.blocked(), undefined);
    breaker.open('down again');
    breaker.close();
    assert.equal(breaker.blocked(), undefined);
  });
});
