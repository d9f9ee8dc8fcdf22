/**
 * Captures real Gitea answers into bridges/gitea/fixtures/ for the client's unit tests: starts a real Gitea
 * (gitea-instance.ts), makes each call with plain `fetch` and stores status, the pagination headers and the
 * body. Webhook deliveries are captured raw (body bytes and headers) from a local receiver. Re-run after
 * changing the pinned Gitea version:
 *
 *   npx tsx test/harness/gitea-capture-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../supervisor/paths.ts';
import { startGitea } from './gitea-instance.ts';

export const FIXTURE_HOOK_SECRET = 'fixture-hook-secret';

const directory = path.join(projectRoot, 'bridges', 'gitea', 'fixtures');
const gitea = await startGitea();
const owner = gitea.adminUser;
const repository = `${owner}/fixtures`;

interface Captured {
  request: { method: string; path: string };
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

async function call(name: string, method: string, apiPath: string, body?: unknown, token = gitea.token) {
  const response = await fetch(`${gitea.url}/api/v1${apiPath}`, {
    method,
    headers: {
      Authorization: `token ${token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  for (const header of ['x-total-count', 'link', 'content-type']) {
    const value = response.headers.get(header);
    if (value !== null) headers[header] = value;
  }
  const captured: Captured = {
    request: { method, path: apiPath },
    status: response.status,
    headers,
    body: text ? JSON.parse(text) : null,
  };
  writeFileSync(path.join(directory, `${name}.json`), `${JSON.stringify(captured, null, 2)}\n`);
  console.log(`${name}: ${method} ${apiPath} -> ${response.status}`);
  return captured.body as Record<string, unknown>;
}

const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', chunk => chunks.push(chunk));
  request.on('end', () => {
    deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(204).end();
  });
});
await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

try {
  await call('version', 'GET', '/version');
  await call('user', 'GET', '/user');
  await call('repository-create', 'POST', '/user/repos', {
    name: 'fixtures',
    description: 'captured fixtures',
    auto_init: true,
    default_branch: 'main',
    readme: 'Default',
  });
  await call('repository', 'GET', `/repos/${repository}`);
  await call('repositories-list', 'GET', '/user/repos?page=1&limit=50');
  await call('hook-create', 'POST', `/repos/${repository}/hooks`, {
    type: 'gitea',
    active: true,
    events: ['issues', 'issue_comment', 'pull_request', 'push'],
    config: { url: receiverUrl, content_type: 'json', secret: FIXTURE_HOOK_SECRET },
  });
  const label = await call('label-create', 'POST', `/repos/${repository}/labels`, {
    name: 'approved',
    color: '#00aa00',
    description: 'ready to merge',
  });
  await call('labels-list', 'GET', `/repos/${repository}/labels?page=1&limit=50`);
  for (const title of ['First issue', 'Second issue', 'Third issue']) {
    await call(
      title === 'First issue' ? 'issue-create' : `issue-create-${title.split(' ')[0]?.toLowerCase()}`,
      'POST',
      `/repos/${repository}/issues`,
      {
        title,
        body: `Body of ${title}\n\n<!-- timmy:fixture:${title.toLowerCase().replace(' ', '-')} -->`,
        labels: [],
      },
    );
  }
  await call('issue', 'GET', `/repos/${repository}/issues/1`);
  await call('issues-list-page1', 'GET', `/repos/${repository}/issues?state=all&type=issues&page=1&limit=2`);
  await call('issues-list-page2', 'GET', `/repos/${repository}/issues?state=all&type=issues&page=2&limit=2`);
  await call('comment-create', 'POST', `/repos/${repository}/issues/1/comments`, { body: 'A comment' });
  await call('comments-list', 'GET', `/repos/${repository}/issues/1/comments?page=1&limit=50`);
  await call('labels-attach', 'POST', `/repos/${repository}/issues/2/labels`, { labels: [label.id] });
  await call('issue-close', 'PATCH', `/repos/${repository}/issues/3`, { state: 'closed' });
  await call('contents-create', 'POST', `/repos/${repository}/contents/notes/hello.txt`, {
    content: Buffer.from('hello\n').toString('base64'),
    message: 'Add hello',
  });
  const file = await call('contents-get', 'GET', `/repos/${repository}/contents/notes/hello.txt`);
  await call('contents-update', 'PUT', `/repos/${repository}/contents/notes/hello.txt`, {
    content: Buffer.from('hello again\n').toString('base64'),
    message: 'Update hello',
    sha: file.sha,
  });
  await call('contents-update-stale-sha', 'PUT', `/repos/${repository}/contents/notes/hello.txt`, {
    content: Buffer.from('stale\n').toString('base64'),
    message: 'Stale update',
    sha: file.sha,
  });
  await call('contents-missing', 'GET', `/repos/${repository}/contents/nothing-here.txt`);
  await call('contents-create-feature', 'POST', `/repos/${repository}/contents/feature.txt`, {
    content: Buffer.from('feature\n').toString('base64'),
    message: 'Add feature',
    new_branch: 'feature',
  });
  await call('pull-create', 'POST', `/repos/${repository}/pulls`, {
    head: 'feature',
    base: 'main',
    title: 'Add feature',
    body: 'Please merge',
  });
  for (let index = 0; index < 60; index++) {
    const pull = await call('pull', 'GET', `/repos/${repository}/pulls/4`);
    if (pull.mergeable) break;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await call('pulls-list', 'GET', `/repos/${repository}/pulls?state=open&page=1&limit=50`);
  await call('pull-not-merged', 'GET', `/repos/${repository}/pulls/4/merge`);
  await call('pull-merge', 'POST', `/repos/${repository}/pulls/4/merge`, { Do: 'merge' });
  await call('pull-merge-again', 'POST', `/repos/${repository}/pulls/4/merge`, { Do: 'merge' });
  await call('pull-merged', 'GET', `/repos/${repository}/pulls/4/merge`);
  await call(
    'commits-list',
    'GET',
    `/repos/${repository}/commits?page=1&limit=2&stat=false&verification=false&files=false`,
  );
  await call('error-wrong-token', 'GET', '/user', undefined, '0'.repeat(40));
  await call('error-not-found', 'GET', `/repos/${owner}/no-such-repository`);

  for (let index = 0; index < 60 && deliveries.length < 4; index++) {
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  const kept = new Map<string, (typeof deliveries)[number]>();
  for (const delivery of deliveries) {
    const event = String(delivery.headers['x-gitea-event'] ?? 'unknown');
    if (!kept.has(event)) kept.set(event, delivery);
  }
  for (const [event, delivery] of kept) {
    const headers = Object.fromEntries(
      Object.entries(delivery.headers).filter(([name]) =>
        /^x-(gitea|gogs|github|hub)-|^content-type$/.test(name),
      ),
    );
    writeFileSync(
      path.join(directory, `webhook-${event}.json`),
      `${JSON.stringify({ secret: FIXTURE_HOOK_SECRET, headers, body: delivery.body }, null, 2)}\n`,
    );
    console.log(`webhook-${event}: ${delivery.body.length} bytes`);
  }
} finally {
  receiver.close();
  await gitea.stop();
}
