/**
 * The Gitea bridge when a real Gitea hangs (SIGSTOP: the socket accepts, nothing answers) or goes away
 * (the process is stopped and started again on the same port and data): reads time out and are retried,
 * outbox writes are retried by the outbox and land exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGiteaClient, type GiteaClient } from '../../bridges/gitea/gitea-client.ts';
import { GiteaError } from '../../bridges/gitea/gitea-error.ts';
import type { FetchFunction } from '../../bridges/gitea/gitea-http.ts';
import { hasMarker } from '../../bridges/gitea/idempotency-marker.ts';
import { listAll } from '../../bridges/gitea/list-page.ts';
import { giteaDeliverers } from '../../bridges/gitea/outbox-deliverers.ts';
import { type GiteaOutboxKind, giteaWrite } from '../../bridges/gitea/outbox-kinds.ts';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { useGitea } from '../harness/gitea-instance.ts';

const TIMEOUT = 240_000;

describe('the Gitea bridge when Gitea hangs or goes away', { timeout: 30 * 60_000 }, () => {
  const gitea = useGitea();
  let client: GiteaClient;
  let repository: string;
  let outbox: Outbox;
  /** Called with each failed delivery attempt, so a test can end the fault at the right moment. */
  let onFailure: (kind: string, error: unknown) => void = () => {};
  const failures: { kind: string; error: unknown }[] = [];
  const results: { kind: string; attempt: number; result: unknown }[] = [];

  before(async () => {
    // Short per-attempt timeout and no client-level retries for writes: the outbox does the retrying.
    client = createGiteaClient({ baseUrl: gitea().url, token: gitea().token, timeoutMs: 3_000, retries: 0 });
    repository = (await client.repositories.create({ name: 'faults' })).full_name;
    outbox = new Outbox({
      file: ':memory:',
      backoff: { baseDelayMs: 3_000, maxDelayMs: 6_000 },
      maxAttempts: 12,
    });
    const deliverers = giteaDeliverers(client);
    for (const kind of Object.keys(deliverers) as GiteaOutboxKind[]) {
      outbox.register('gitea', kind, async (payload, context) => {
        try {
          const result = await deliverers[kind](payload, context);
          results.push({ kind, attempt: context.attempt, result });
          return result;
        } catch (error) {
          failures.push({ kind, error });
          onFailure(kind, error);
          throw error;
        }
      });
    }
    outbox.start();
  });
  after(async () => {
    gitea().resume();
    await outbox?.stop();
  });

  it('times out a read on a paused Gitea, retries it and succeeds once Gitea resumes', {
    timeout: TIMEOUT,
  }, async () => {
    const calls: number[] = [];
    const counting: FetchFunction = (input, init) => {
      calls.push(Date.now());
      return fetch(input, init);
    };
    const patient = createGiteaClient({
      baseUrl: gitea().url,
      token: gitea().token,
      fetch: counting,
      timeoutMs: 1_500,
      retries: 5,
      retryDelayMs: 200,
    });
    gitea().pause();
    const resumer = setTimeout(() => gitea().resume(), 4_000);
    try {
      assert.match(await patient.version(), /^\d+\.\d+\.\d+/);
    } finally {
      clearTimeout(resumer);
      gitea().resume();
    }
    assert.ok(calls.length >= 2, `expected a retry after the timeout, saw ${calls.length} call(s)`);
  });

  it('does not retry a creation by itself: a POST that timed out is reported as a timeout', {
    timeout: TIMEOUT,
  }, async () => {
    gitea().pause();
    try {
      await assert.rejects(
        client.issues.create(repository, { title: 'never retried blindly' }),
        (error: unknown) =>
          error instanceof GiteaError && error.code === 'BRIDGE_ERR_TIMEOUT' && error.retryable,
      );
    } finally {
      gitea().resume();
    }
  });

  it('files an issue exactly once when the first attempt hangs on a paused Gitea', {
    timeout: TIMEOUT,
  }, async t => {
    const key = 'faults:paused-issue';
    failures.length = 0;
    onFailure = kind => {
      if (kind === 'issue.create') gitea().resume();
    };
    gitea().pause();
    try {
      const { entry } = outbox.enqueue(
        giteaWrite('issue.create', key, { repository, title: 'Filed through a hang' }),
      );
      const settled = await outbox.settled(entry.id, 180_000);
      assert.equal(settled.status, 'delivered', settled.lastError);
      assert.ok(settled.attempts >= 2, `expected a retry, attempts=${settled.attempts}`);
    } finally {
      onFailure = () => {};
      gitea().resume();
    }
    const first = failures.find(failure => failure.kind === 'issue.create')?.error;
    assert.ok(
      first instanceof Error &&
        /BRIDGE_ERR_TIMEOUT|no answer within/.test(
          `${first.message} ${String((first.cause as GiteaError | undefined)?.code)}`,
        ),
    );
    const withMarker = (
      await listAll(page => client.issues.list(repository, { state: 'all', type: 'issues', page, limit: 50 }))
    ).filter(issue => hasMarker(issue.body, key));
    assert.equal(withMarker.length, 1, 'exactly one issue carries the key');
    const delivered = results.find(result => result.kind === 'issue.create');
    // found: true means the hung first request was processed after SIGCONT and the retry found its issue.
    t.diagnostic(`delivered on attempt ${delivered?.attempt}: ${JSON.stringify(delivered?.result)}`);
  });

  it('delivers a comment exactly once after Gitea was stopped and started again', {
    timeout: TIMEOUT,
  }, async () => {
    const issue = await client.issues.create(repository, { title: 'Comment on me through an outage' });
    const key = 'faults:stopped-comment';
    failures.length = 0;
    let restarting: Promise<void> | undefined;
    onFailure = kind => {
      if (kind === 'issue.comment' && failures.filter(failure => failure.kind === kind).length === 2) {
        restarting ??= gitea().start();
      }
    };
    await gitea().halt();
    // The outbox unrefs its timers; while Gitea is down nothing else keeps this test's event loop alive.
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      const { entry } = outbox.enqueue(
        giteaWrite('issue.comment', key, {
          repository,
          number: issue.number,
          body: 'Written while Gitea was down.',
        }),
      );
      const settled = await outbox.settled(entry.id, 180_000);
      await restarting;
      assert.equal(settled.status, 'delivered', settled.lastError);
      assert.ok(settled.attempts >= 3, `expected two failed attempts first, attempts=${settled.attempts}`);
    } finally {
      clearInterval(keepAlive);
      onFailure = () => {};
      await (restarting ?? gitea().start());
    }
    const unreachable = failures.filter(failure => failure.kind === 'issue.comment');
    assert.ok(
      unreachable.every(failure => /could not reach/.test(String((failure.error as Error).message))),
      'the failed attempts were refused connections',
    );
    const comments = await client.issues.comments(repository, issue.number);
    assert.equal(comments.items.filter(comment => hasMarker(comment.body, key)).length, 1);
  });
});
