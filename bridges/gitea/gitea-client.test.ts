import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureFetch, loadFixture, responseOf } from './fixture-fetch.ts';
import { createGiteaClient } from './gitea-client.ts';
import { GiteaError } from './gitea-error.ts';
import type { FetchFunction } from './gitea-http.ts';

const TOKEN = 'a'.repeat(40);
const REPOSITORY = 'timmy-admin/fixtures';
const noSleep = async () => {};

function clientWith(
  routes: Parameters<typeof fixtureFetch>[0],
  options: { timeoutMs?: number; retries?: number } = {},
) {
  const fake = fixtureFetch(routes);
  const client = createGiteaClient({
    baseUrl: 'http://127.0.0.1:3000/',
    token: TOKEN,
    fetch: fake.fetch,
    sleep: noSleep,
    ...options,
  });
  return { client, requests: fake.requests };
}

describe('the Gitea client over captured responses', () => {
  it('reads the version and authenticates with the token header', async () => {
    const { client, requests } = clientWith({ 'GET /version': 'version' });
    assert.equal(await client.version(), '1.26.4');
    assert.equal(requests[0]?.headers.get('authorization'), `token ${TOKEN}`);
  });

  it('lists a page of issues with the total count and the next page from the headers', async () => {
    const { client, requests } = clientWith({ [`GET /repos/${REPOSITORY}/issues`]: 'issues-list-page1' });
    const page = await client.issues.list(REPOSITORY, { state: 'all', type: 'issues', limit: 2 });
    assert.equal(page.items.length, 2);
    assert.equal(page.totalCount, 3);
    assert.equal(page.nextPage, 2);
    assert.equal(requests[0]?.query.get('state'), 'all');
    assert.equal(requests[0]?.query.get('type'), 'issues');
    assert.equal(requests[0]?.query.get('limit'), '2');
  });

  it('creates an issue with a JSON body and parses the created issue', async () => {
    const { client, requests } = clientWith({ [`POST /repos/${REPOSITORY}/issues`]: 'issue-create' });
    const issue = await client.issues.create(REPOSITORY, { title: 'First issue', body: 'text', labels: [1] });
    assert.equal(issue.number, 1);
    assert.equal(issue.state, 'open');
    assert.deepEqual(requests[0]?.body, { title: 'First issue', body: 'text', labels: [1] });
    assert.equal(requests[0]?.headers.get('content-type'), 'application/json');
  });

  it('reads a pull request and whether it is merged from 404 and 204', async () => {
    const { client } = clientWith({
      [`GET /repos/${REPOSITORY}/pulls/4`]: 'pull',
      [`GET /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-not-merged',
    });
    const pull = await client.pulls.get(REPOSITORY, 4);
    assert.equal(pull.mergeable, true);
    assert.equal(pull.head.ref, 'feature');
    assert.equal(await client.pulls.isMerged(REPOSITORY, 4), false);
    const merged = clientWith({ [`GET /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-merged' });
    assert.equal(await merged.client.pulls.isMerged(REPOSITORY, 4), true);
  });

  it('decodes file contents and answers undefined for a missing file', async () => {
    const { client } = clientWith({
      [`GET /repos/${REPOSITORY}/contents/notes/hello.txt`]: 'contents-get',
      [`GET /repos/${REPOSITORY}/contents/nothing-here.txt`]: 'contents-missing',
    });
    assert.equal(await client.contents.getText(REPOSITORY, 'notes/hello.txt'), 'hello\n');
    assert.equal(await client.contents.get(REPOSITORY, 'nothing-here.txt'), undefined);
  });

  it('parses the labels, commits, comments, repository and hook answers', async () => {
    const { client } = clientWith({
      [`GET /repos/${REPOSITORY}/labels`]: 'labels-list',
      [`GET /repos/${REPOSITORY}/commits`]: 'commits-list',
      [`GET /repos/${REPOSITORY}/issues/1/comments`]: 'comments-list',
      [`GET /repos/${REPOSITORY}`]: 'repository',
      [`POST /repos/${REPOSITORY}/hooks`]: 'hook-create',
      [`POST /repos/${REPOSITORY}/issues/2/labels`]: 'labels-attach',
      [`PUT /repos/${REPOSITORY}/contents/notes/hello.txt`]: 'contents-update',
    });
    assert.deepEqual(
      (await client.labels.list(REPOSITORY)).items.map(label => label.name),
      ['approved'],
    );
    assert.equal((await client.commits.list(REPOSITORY, { limit: 2 })).items.length, 2);
    assert.equal((await client.issues.comments(REPOSITORY, 1)).items[0]?.body, 'A comment');
    assert.equal((await client.repositories.get(REPOSITORY)).default_branch, 'main');
    const hook = await client.hooks.create(REPOSITORY, { url: 'http://127.0.0.1:1/', secret: 's' });
    for (const event of ['issues', 'issue_comment', 'pull_request', 'push']) {
      assert.ok(hook.events.includes(event), `${event} in ${hook.events.join(',')}`);
    }
    assert.equal(hook.config.content_type, 'json');
    assert.deepEqual(
      (await client.labels.attach(REPOSITORY, 2, [1])).map(label => label.name),
      ['approved'],
    );
    const written = await client.contents.update(REPOSITORY, 'notes/hello.txt', {
      content: 'hello again\n',
      message: 'Update hello',
      sha: 'x',
    });
    assert.match(written.commitSha, /^[0-9a-f]{40}$/);
  });

  it('turns the captured 401 into BRIDGE_ERR_AUTH_FAILED with the fix and without the token', async () => {
    const { client } = clientWith({ 'GET /user': 'error-wrong-token' });
    const error = await client.user.get().catch((caught: unknown) => caught);
    assert.ok(error instanceof GiteaError);
    assert.equal(error.code, 'BRIDGE_ERR_AUTH_FAILED');
    assert.equal(error.status, 401);
    assert.equal(error.method, 'GET');
    assert.equal(error.path, '/user');
    assert.equal(error.retryable, false);
    assert.match(error.fix ?? '', /generate-access-token/);
    assert.ok(!error.message.includes(TOKEN));
  });

  it("keeps Gitea's message for a refused merge (405) and does not retry the POST", async () => {
    const { client, requests } = clientWith({
      [`POST /repos/${REPOSITORY}/pulls/4/merge`]: 'pull-merge-again',
    });
    const error = await client.pulls.merge(REPOSITORY, 4).catch((caught: unknown) => caught);
    assert.ok(error instanceof GiteaError);
    assert.equal(error.code, 'BRIDGE_ERR_HTTP_STATUS');
    assert.equal(error.status, loadFixture('pull-merge-again').status);
    assert.ok(error.remoteMessage && error.message.includes(error.remoteMessage));
    assert.equal(requests.length, 1);
  });

  it('reports a body that does not match the schema as BRIDGE_ERR_INVALID_RESPONSE', async () => {
    const { client } = clientWith({ [`GET /repos/${REPOSITORY}/issues/1`]: 'version' });
    await assert.rejects(client.issues.get(REPOSITORY, 1), (error: unknown) => {
      return (
        error instanceof GiteaError && error.code === 'BRIDGE_ERR_INVALID_RESPONSE' && error.status === 200
      );
    });
  });
});

describe('retries and timeouts', () => {
  it('retries a GET after a 503 and succeeds', async () => {
    let calls = 0;
    const { client } = clientWith({
      'GET /version': () =>
        ++calls === 1 ? new Response('busy', { status: 503 }) : responseOf(loadFixture('version')),
    });
    assert.equal(await client.version(), '1.26.4');
    assert.equal(calls, 2);
  });

  it('gives up on a GET after the configured retries', async () => {
    const { client, requests } = clientWith(
      { 'GET /version': () => new Response('down', { status: 502 }) },
      { retries: 3 },
    );
    await assert.rejects(
      client.version(),
      (error: unknown) => error instanceof GiteaError && error.status === 502,
    );
    assert.equal(requests.length, 4);
  });

  it('never repeats a POST that creates something, even after a network error', async () => {
    const failing: FetchFunction = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    let calls = 0;
    const client = createGiteaClient({
      baseUrl: 'http://127.0.0.1:3000',
      token: TOKEN,
      sleep: noSleep,
      fetch: (input, init) => {
        calls++;
        return failing(input, init);
      },
    });
    const error = await client.issues
      .create(REPOSITORY, { title: 'once' })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof GiteaError);
    assert.equal(error.code, 'BRIDGE_ERR_UNREACHABLE');
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(error.retryable, true, 'the outbox may retry it, with its marker search');
    assert.equal(calls, 1);
  });

  it('times out a call that gets no answer and retries it when it is a read', async () => {
    let calls = 0;
    const hanging: FetchFunction = (_input, init) => {
      calls++;
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    };
    const client = createGiteaClient({
      baseUrl: 'http://x',
      token: TOKEN,
      fetch: hanging,
      timeoutMs: 20,
      retries: 2,
      sleep: noSleep,
    });
    await assert.rejects(
      client.version(),
      (error: unknown) => error instanceof GiteaError && error.code === 'BRIDGE_ERR_TIMEOUT',
    );
    assert.equal(calls, 3);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    let calls = 0;
    const controller = new AbortController();
    const hanging: FetchFunction = (_input, init) => {
      calls++;
      queueMicrotask(() => controller.abort(new Error('shutting down')));
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    };
    const client = createGiteaClient({
      baseUrl: 'http://x',
      token: TOKEN,
      fetch: hanging,
      timeoutMs: 5_000,
      sleep: noSleep,
    });
    await assert.rejects(client.version(controller.signal), /shutting down/);
    assert.equal(calls, 1);
  });
});
