import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasMarker, idempotencyMarker, withMarker } from './idempotency-marker.ts';

describe('idempotency markers', () => {
  it('appends a hidden HTML comment naming the key, once', () => {
    const body = withMarker('Fix the door.\n', 'board:42');
    assert.equal(body, 'Fix the door.\n\n<!-- timmy:board:42 -->');
    assert.equal(withMarker(body, 'board:42'), body);
    assert.ok(hasMarker(body, 'board:42'));
  });

  it('does not confuse a key with another key that starts the same way', () => {
    const body = withMarker('text', 'board:4');
    assert.equal(hasMarker(body, 'board:42'), false);
  });

  it('hashes a key that could break out of the comment', () => {
    const marker = idempotencyMarker('evil --> <script>');
    assert.match(marker, /^<!-- timmy:sha256-[0-9a-f]{40} -->$/);
    assert.equal(hasMarker(`x ${marker}`, 'evil --> <script>'), true);
  });
});
