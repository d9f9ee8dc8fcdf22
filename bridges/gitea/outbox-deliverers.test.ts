import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryError } from '../outbox/outbox-contract.ts';
import { fixtureFetch, loadFixture, responseOf } from './fixture-fetch.ts';
import { createGiteaClient } from './gitea-client.ts';
import { giteaDeliverers, registerGiteaDeliverers } from './outbox-deliverers.ts';
import { GITEA_OUTBOX_PAYLOADS } from './outbox-kinds.ts';

const REPOSITORY = 'timmy-admin/fixtures';

function deliverersWith(routes: Parameters<typeof fixtureFetch>[0]) {
  const fake = fixtureFetch(routes);
  const client = createGiteaClient({
    baseUrl: 'http://127.0.0.1:3000',
    token: 'b'.repeat(40),
    fetch: fake.fetch,
    sleep: async () => {},
  });
  return { deliverers: giteaDeliverers(client), requests: fake.requests };
}

const context = (attempt: number, idempotencyKey: string) => ({
  attempt,
  idempotencyKey,
  signal: new AbortController().signal,
});

describe('Gitea outbox deliverers', () => {
  it('registers one deliverer per Gitea kind', () => {
    const registered: string[] = [];
    const client = createGiteaClient({ baseUrl: 'http://x', token: 't' });
    registerGiteaDeliverers(
      { register: (bridge, kind) => void registered.push(`${bridge}:${kind}`) },
      client,
    );
    assert.deepEqual(
      registered.sort(),
      Object.keys(GITEA_OUTBOX_PAYLOADS)
        .map(kind => `gitea:${kind}`)
        .sort(),
    );
  });

  it('creates an issue on the first attempt with the hidden marker and without searching', async () => {
    const { deliverers, requests } = deliverersWith({ [`POST /repos/${REPOSITORY}/issues`]: 'issue-create' });
    const result = await deliverers['issue.create'](
      { repository: REPOSITORY, title: 'First issue', body: 'Hello' },
      context(1, 'k:1'),
    );
    const created = loadFixture('issue-create').body as { html_url: string };
    assert.deepEqual(result, { number: 1, url: created.html_url, found: false });
    assert.equal(requests.length, 1);
    assert.equal((requests[0]?.body as { body: string } | undefined)?.body, 'Hello\n\n<!-- timmy:k:1 -->');
  });

  it('on a retry finds the issue an earlier attempt made instead of creating another', async () => {
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/issues`]: 'issues-list-page1',
    });
    const result = await deliverers['issue.create'](
      { repository: REPOSITORY, title: 'Third issue' },
      context(2, 'fixture:third-issue'),
    );
    assert.deepEqual(result, {
      number: 3,
      url: (loadFixture('issues-list-page1').body as { html_url: string }[])[0]?.html_url,
      found: true,
    });
    assert.ok(requests.every(request => request.method === 'GET'));
    assert.equal(requests[0]?.query.get('state'), 'all');
  });

  it('on a retry that finds nothing searches the following pages, then creates', async () => {
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/issues`]: request =>
        responseOf(
          loadFixture(request.query.get('page') === '2' ? 'issues-list-page2' : 'issues-list-page1'),
        ),
      [`POST /repos/${REPOSITORY}/issues`]: 'issue-create',
    });
    const result = await deliverers['issue.create'](
      { repository: REPOSITORY, title: 'New' },
      context(3, 'never-seen'),
    );
    assert.equal((result as { found: boolean }).found, false);
    assert.deepEqual(
      requests.map(request => `${request.method} ${request.query.get('page') ?? ''}`),
      ['GET 1', 'GET 2', 'POST '],
    );
  });

  it('makes a wrong token a permanent failure and a 5xx a retryable one', async () => {
    const wrong = deliverersWith({ [`PATCH /repos/${REPOSITORY}/issues/3`]: 'error-wrong-token' });
    await assert.rejects(
      wrong.deliverers['issue.close']({ repository: REPOSITORY, number: 3 }, context(1, 'c')),
      (error: unknown) => error instanceof DeliveryError && !error.retryable && /401/.test(error.message),
    );
    const busy = deliverersWith({
      [`PATCH /repos/${REPOSITORY}/issues/3`]: () => new Response('', { status: 503 }),
    });
    await assert.rejects(
      busy.deliverers['issue.close']({ repository: REPOSITORY, number: 3 }, context(1, 'c')),
      (error: unknown) => error instanceof DeliveryError && error.retryable,
    );
  });

  it('refuses an invalid payload permanently without calling Gitea', async () => {
    const { deliverers, requests } = deliverersWith({});
    await assert.rejects(
      deliverers['issue.comment']({ repository: 'not a repository', number: 1, body: 'x' }, context(1, 'c')),
      (error: unknown) => error instanceof DeliveryError && !error.retryable,
    );
    assert.equal(requests.length, 0);
  });

  it('treats a pull request that is already merged as delivered without merging again', async () => {
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-merged',
    });
    const result = await deliverers['pull.merge']({ repository: REPOSITORY, number: 4 }, context(2, 'm'));
    assert.deepEqual(result, { number: 4, merged: true, already: true });
    assert.equal(requests.length, 1);
  });

  it('merges a pull request that is not merged yet', async () => {
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-not-merged',
      [`POST /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-merge',
    });
    const result = await deliverers['pull.merge'](
      { repository: REPOSITORY, number: 4, headCommitId: 'abc' },
      context(1, 'm'),
    );
    assert.deepEqual(result, { number: 4, merged: true, already: false });
    assert.deepEqual(requests[1]?.body, {
      Do: 'merge',
      head_commit_id: 'abc',
      delete_branch_after_merge: false,
    });
  });

  it('leaves a file alone when it already has the wanted content', async () => {
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/contents/notes/hello.txt`]: 'contents-get',
    });
    const created = await deliverers['file.create'](
      { repository: REPOSITORY, path: 'notes/hello.txt', content: 'hello\n', message: 'm' },
      context(2, 'f'),
    );
    assert.deepEqual(created, { path: 'notes/hello.txt', created: false });
    const updated = await deliverers['file.update'](
      { repository: REPOSITORY, path: 'notes/hello.txt', content: 'hello\n', message: 'm' },
      context(1, 'u'),
    );
    assert.equal((updated as { updated: boolean }).updated, false);
    assert.ok(requests.every(request => request.method === 'GET'));
  });

  it('updates a file with the sha it read, and refuses when a given sha is stale', async () => {
    const current = loadFixture('contents-get').body as { sha: string };
    const { deliverers, requests } = deliverersWith({
      [`GET /repos/${REPOSITORY}/contents/notes/hello.txt`]: 'contents-get',
      [`PUT /repos/${REPOSITORY}/contents/notes/hello.txt`]: 'contents-update',
    });
    await deliverers['file.update'](
      { repository: REPOSITORY, path: 'notes/hello.txt', content: 'hello again\n', message: 'm' },
      context(1, 'u'),
    );
    assert.equal((requests[1]?.body as { sha: string } | undefined)?.sha, current.sha);
    await assert.rejects(
      deliverers['file.update'](
        { repository: REPOSITORY, path: 'notes/hello.txt', content: 'other\n', message: 'm', sha: 'stale' },
        context(1, 'u2'),
      ),
      (error: unknown) => error instanceof DeliveryError && !error.retryable,
    );
  });
});

describe('a comment on an issue that does not exist', () => {
  it('is a permanent failure although Gitea 1.26 answers the comment with 500', async () => {
    const { deliverers } = deliverersWith({
      [`POST /repos/${REPOSITORY}/issues/99/comments`]: () =>
        Response.json({ message: 'issue does not exist [id: 0, repo_id: 1, index: 99]' }, { status: 500 }),
      [`GET /repos/${REPOSITORY}/issues/99`]: 'error-not-found',
    });
    await assert.rejects(
      deliverers['issue.comment']({ repository: REPOSITORY, number: 99, body: 'x' }, context(1, 'c')),
      (error: unknown) =>
        error instanceof DeliveryError && !error.retryable && /does not exist/.test(error.message),
    );
  });

  it('stays retryable when the issue exists and the 500 was a real fault', async () => {
    const { deliverers } = deliverersWith({
      [`POST /repos/${REPOSITORY}/issues/1/comments`]: () => new Response('', { status: 500 }),
      [`GET /repos/${REPOSITORY}/issues/1`]: 'issue',
    });
    await assert.rejects(
      deliverers['issue.comment']({ repository: REPOSITORY, number: 1, body: 'x' }, context(1, 'c')),
      (error: unknown) => error instanceof DeliveryError && error.retryable,
    );
  });
});
