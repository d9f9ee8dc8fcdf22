import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from './backoff.ts';

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles the nominal delay with each failed attempt', () => {
    const upper = (attempts: number) => backoffDelay(policy, attempts, () => 1);
    assert.deepEqual([1, 2, 3, 4].map(upper), [1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits less than half the nominal delay however the jitter falls', () => {
    assert.equal(
      backoffDelay(policy, 3, () => 0),
      2_000,
    );
    assert.equal(
      backoffDelay(policy, 3, () => 0.5),
      3_000,
    );
  });

  it('caps the delay at the maximum even after many failures', () => {
    assert.equal(
      backoffDelay(policy, 200, () => 1),
      60_000,
    );
    assert.equal(
      backoffDelay(policy, 200, () => 0),
      30_000,
    );
  });
});
