import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'hook-secret';
const body = Buffer.from('{"action":"opened","number":1}');
const expected = createHmac('sha256', secret).update(body).digest('hex');

describe('verifyWebhookSignature', () => {
  it('accepts the lowercase hex HMAC-SHA256 of the raw body', () => {
    assert.equal(signWebhookBody(secret, body), expected);
    assert.equal(verifyWebhookSignature(secret, body, expected), 'valid');
  });

  it('accepts the same signature written in uppercase or with surrounding spaces', () => {
    assert.equal(verifyWebhookSignature(secret, body, ` ${expected.toUpperCase()} `), 'valid');
  });

  it('rejects a signature made with another secret as a mismatch', () => {
    const forged = createHmac('sha256', 'guessed').update(body).digest('hex');
    assert.equal(verifyWebhookSignature(secret, body, forged), 'mismatch');
  });

  it('rejects the right signature over a body changed by one byte', () => {
    const altered = Buffer.from('{"action":"opened","number":2}');
    assert.equal(verifyWebhookSignature(secret, altered, expected), 'mismatch');
  });

  it('rejects a signature of the wrong length before comparing', () => {
    assert.equal(verifyWebhookSignature(secret, body, expected.slice(0, 62)), 'malformed');
    assert.equal(verifyWebhookSignature(secret, body, `${expected}00`), 'malformed');
  });

  it('rejects a signature that is not hex', () => {
    assert.equal(verifyWebhookSignature(secret, body, `sha256=${expected}`), 'malformed');
    assert.equal(verifyWebhookSignature(secret, body, 'z'.repeat(64)), 'malformed');
  });

  it('reports a missing or empty header as missing', () => {
    assert.equal(verifyWebhookSignature(secret, body, undefined), 'missing');
    assert.equal(verifyWebhookSignature(secret, body, '  '), 'missing');
  });
});
