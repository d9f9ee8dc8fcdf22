import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeWebhookEvent, parseWebhookEvent } from './webhook-payloads.ts';
import { verifyWebhookSignature } from './webhook-signature.ts';

interface CapturedDelivery {
  secret: string;
  headers: Record<string, string>;
  body: string;
}

const delivery = (event: string): CapturedDelivery =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', `webhook-${event}.json`), 'utf8'));

describe('real Gitea webhook deliveries (captured)', () => {
  for (const event of ['issues', 'issue_comment', 'pull_request', 'push']) {
    it(`verifies the signature of a ${event} delivery and parses its payload`, () => {
      const captured = delivery(event);
      const body = Buffer.from(captured.body, 'utf8');
      assert.equal(
        verifyWebhookSignature(captured.secret, body, captured.headers['x-gitea-signature']),
        'valid',
      );
      assert.equal(captured.headers['x-gitea-event'], event);
      const parsed = parseWebhookEvent(
        event,
        captured.headers['x-gitea-delivery'] ?? '',
        JSON.parse(captured.body),
      );
      assert.equal(parsed?.event, event);
      assert.match(
        describeWebhookEvent(parsed ?? assert.fail('not parsed')),
        /^\[gitea\] timmy-admin .* timmy-admin\/fixtures$/,
      );
    });
  }

  it('rejects a captured delivery whose body was altered after signing', () => {
    const captured = delivery('issues');
    const altered = Buffer.from(captured.body.replace('"opened"', '"closed"'), 'utf8');
    assert.notEqual(altered.toString(), captured.body);
    assert.equal(
      verifyWebhookSignature(captured.secret, altered, captured.headers['x-gitea-signature']),
      'mismatch',
    );
  });

  it('rejects a captured delivery checked with another secret', () => {
    const captured = delivery('push');
    const body = Buffer.from(captured.body, 'utf8');
    assert.equal(verifyWebhookSignature('wrong', body, captured.headers['x-gitea-signature']), 'mismatch');
  });

  it('refuses an issues payload without its issue, and keeps unknown events as other', () => {
    assert.equal(parseWebhookEvent('issues', 'd', { action: 'opened', number: 1 }), undefined);
    const other = parseWebhookEvent('release', 'd', {
      repository: { full_name: 'a/b' },
      sender: { login: 'x' },
    });
    assert.equal(other?.event, 'other');
    assert.equal(describeWebhookEvent(other ?? assert.fail('not parsed')), '[gitea] release event in a/b');
  });
});
