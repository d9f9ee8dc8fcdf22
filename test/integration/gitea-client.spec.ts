/**
 * The Gitea bridge against a real Gitea (built from its Go module, see test/harness/gitea-instance.ts):
 * client operations end to end, the avatar, a wrong token, webhook deliveries to the receiver, the
 * outbox deliverers, the board handlers and one heartbeat.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isBridgeError } from '../../bridges/errors.ts';
import { giteaBoardHandlers } from '../../bridges/gitea/board-handlers.ts';
import { createGiteaClient, type GiteaClient } from '../../bridges/gitea/gitea-client.ts';
import { GiteaError } from '../../bridges/gitea/gitea-error.ts';
import { runHeartbeat } from '../../bridges/gitea/heartbeat.ts';
import { hasMarker } from '../../bridges/gitea/idempotency-marker.ts';
import { giteaDeliverers, registerGiteaDeliverers } from '../../bridges/gitea/outbox-deliverers.ts';
import { giteaWrite } from '../../bridges/gitea/outbox-kinds.ts';
import type { GiteaWebhookEvent } from '../../bridges/gitea/webhook-payloads.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../bridges/gitea/webhook-receiver.ts';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import type { EnqueueRequest } from '../../bridges/outbox/outbox-contract.ts';
import type { BridgeRequest } from '../../bridges/warden/bridge-request.ts';
import { solidColorPng } from '../harness/gitea-avatar-image.ts';
import { GITEA_VERSION } from '../harness/gitea-build.ts';
import { useGitea } from '../harness/gitea-instance.ts';

const TIMEOUT = 120_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('the Gitea bridge against a real Gitea', { timeout: 30 * 60_000 }, () => {
  const gitea = useGitea();
  let client: GiteaClient;
  let repository: string;

  before(async () => {
    client = createGiteaClient({ baseUrl: gitea().url, token: gitea().token, timeoutMs: 30_000 });
    const created = await client.repositories.create({
      name: 'timmy-home',
      description: 'the home repository',
    });
    repository = created.full_name;
  });

  describe('client operations', () => {
    it('reports the pinned Gitea version', { timeout: TIMEOUT }, async () => {
      assert.equal(await client.version(), GITEA_VERSION.replace(/^v/, ''));
    });

    it('creates a repository with a default branch and finds it in the list', {
      timeout: TIMEOUT,
    }, async () => {
      const info = await client.repositories.get(repository);
      assert.equal(info.default_branch, 'main');
      assert.equal(info.empty, false);
      const list = await client.repositories.list();
      assert.ok(list.items.some(item => item.full_name === repository));
    });

    it('creates, comments on, labels and closes an issue', { timeout: TIMEOUT }, async () => {
      const issue = await client.issues.create(repository, {
        title: 'The door sticks',
        body: 'It really does.',
      });
      assert.equal(issue.state, 'open');
      const comment = await client.issues.comment(repository, issue.number, 'Oiled the hinges.');
      const comments = await client.issues.comments(repository, issue.number);
      assert.deepEqual(
        comments.items.map(item => item.id),
        [comment.id],
      );
      const label = await client.labels.create(repository, { name: 'bug', color: '#cc0000' });
      const attached = await client.labels.attach(repository, issue.number, [label.id]);
      assert.deepEqual(
        attached.map(item => item.name),
        ['bug'],
      );
      assert.deepEqual(
        (await client.labels.attach(repository, issue.number, [label.id])).map(item => item.name),
        ['bug'],
        'attaching the same label again changes nothing',
      );
      const closed = await client.issues.close(repository, issue.number);
      assert.equal(closed.state, 'closed');
      const reread = await client.issues.get(repository, issue.number);
      assert.equal(reread.state, 'closed');
      assert.deepEqual(
        reread.labels.map(item => item.name),
        ['bug'],
      );
    });

    it('pages through issues with the Link and X-Total-Count headers', { timeout: TIMEOUT }, async () => {
      for (const title of ['page one', 'page two', 'page three'])
        await client.issues.create(repository, { title });
      const first = await client.issues.list(repository, { state: 'all', type: 'issues', limit: 2 });
      assert.equal(first.items.length, 2);
      assert.ok((first.totalCount ?? 0) >= 4);
      assert.equal(first.nextPage, 2);
      const second = await client.issues.list(repository, {
        state: 'all',
        type: 'issues',
        limit: 2,
        page: 2,
      });
      const numbers = new Set([...first.items, ...second.items].map(item => item.number));
      assert.equal(numbers.size, 4, 'two pages hold four different issues');
    });

    it('creates a file, reads it back and updates it with its sha', { timeout: TIMEOUT }, async () => {
      const created = await client.contents.create(repository, 'notes/today.md', {
        content: 'first\n',
        message: 'Add notes',
      });
      assert.match(created.commitSha, /^[0-9a-f]{40}$/);
      assert.equal(await client.contents.getText(repository, 'notes/today.md'), 'first\n');
      const file = await client.contents.get(repository, 'notes/today.md');
      assert.ok(file);
      await client.contents.update(repository, 'notes/today.md', {
        content: 'second\n',
        message: 'Update notes',
        sha: file.sha,
      });
      assert.equal(await client.contents.getText(repository, 'notes/today.md'), 'second\n');
      assert.equal(await client.contents.get(repository, 'notes/absent.md'), undefined);
      await assert.rejects(
        client.contents.update(repository, 'notes/today.md', {
          content: 'third\n',
          message: 'stale',
          sha: file.sha,
        }),
        (error: unknown) => error instanceof GiteaError && error.status !== undefined && error.status >= 400,
        'an update with a stale sha is refused',
      );
      const commits = await client.commits.list(repository, { limit: 5 });
      assert.equal(commits.items[0]?.commit.message.trim(), 'Update notes');
    });

    it('opens a pull request from a branch, waits until it is mergeable and merges it', {
      timeout: TIMEOUT,
    }, async () => {
      await client.contents.create(repository, 'feature.txt', {
        content: 'a feature\n',
        message: 'Add a feature',
        newBranch: 'feature-one',
      });
      const opened = await client.pulls.create(repository, {
        head: 'feature-one',
        base: 'main',
        title: 'A feature',
      });
      const ready = await client.pulls.waitForMergeable(repository, opened.number, { timeoutMs: 60_000 });
      assert.equal(ready.mergeable, true);
      assert.equal(await client.pulls.isMerged(repository, opened.number), false);
      await client.pulls.merge(repository, opened.number, { style: 'merge' });
      assert.equal(await client.pulls.isMerged(repository, opened.number), true);
      assert.equal(await client.contents.getText(repository, 'feature.txt', 'main'), 'a feature\n');
    });

    it('uploads a new avatar and sees avatar_url change', { timeout: TIMEOUT }, async () => {
      const first = await client.user.updateAvatar(solidColorPng(200, 30, 30));
      assert.equal(first.changed, true, `avatar_url stayed ${first.before}`);
      const second = await client.user.updateAvatar(solidColorPng(30, 30, 200));
      assert.equal(second.changed, true);
      assert.notEqual(second.after, first.after);
      const image = await fetch(second.after);
      assert.equal(image.status, 200);
      assert.match(image.headers.get('content-type') ?? '', /^image\//);
    });
  });

  describe('a wrong token', () => {
    it('fails with BRIDGE_ERR_AUTH_FAILED naming the bridge, the call and the fix, never the token', {
      timeout: TIMEOUT,
    }, async () => {
      const wrongToken = 'f'.repeat(40);
      const wrong = createGiteaClient({ baseUrl: gitea().url, token: wrongToken });
      const error = await wrong.user.get().then(
        () => assert.fail('GET /user succeeded with a wrong token'),
        (caught: unknown) => caught,
      );
      assert.ok(isBridgeError(error, 'BRIDGE_ERR_AUTH_FAILED'));
      assert.ok(error instanceof GiteaError);
      assert.equal(error.bridge, 'gitea');
      assert.equal(error.status, 401);
      assert.match(error.message, /^Gitea bridge: GET \/user was refused \(401/);
      assert.match(error.fix ?? '', /generate-access-token/);
      assert.ok(!error.message.includes(wrongToken) && !(error.fix ?? '').includes(wrongToken));
    });

    it('fails with 403 when the token lacks the scope', { timeout: TIMEOUT }, async () => {
      const readOnly = createGiteaClient({
        baseUrl: gitea().url,
        token: await gitea().createToken('read-only', ['read:issue', 'read:repository']),
      });
      assert.equal((await readOnly.issues.list(repository)).items.length > 0, true);
      await assert.rejects(
        readOnly.issues.create(repository, { title: 'not allowed' }),
        (error: unknown) =>
          isBridgeError(error, 'BRIDGE_ERR_AUTH_FAILED') && (error as GiteaError).status === 403,
      );
    });
  });

  describe('webhooks', () => {
    const secret = 'a-webhook-secret-for-tests';
    const events: GiteaWebhookEvent[] = [];
    const logLines: string[] = [];
    let receiver: WebhookReceiver;

    before(async () => {
      receiver = await startWebhookReceiver({
        secret,
        onEvent: event => void events.push(event),
        log: line => logLines.push(line),
      });
      await client.hooks.create(repository, { url: receiver.url, secret });
    });
    after(async () => {
      await receiver?.stop();
    });

    it('receives a real, correctly signed issues delivery from Gitea', { timeout: TIMEOUT }, async () => {
      const issue = await client.issues.create(repository, { title: 'Announce me' });
      const event = await until('the issues delivery', async () =>
        events.find(item => item.event === 'issues' && item.payload.issue.number === issue.number),
      );
      assert.equal(event.event === 'issues' && event.payload.action, 'opened');
      assert.match(event.delivery, /^[0-9a-f-]{36}$/);
      await client.issues.comment(repository, issue.number, 'heard it');
      await until('the issue_comment delivery', async () =>
        events.find(item => item.event === 'issue_comment'),
      );
    });

    it('rejects a delivery with the right payload and a forged signature with 401 and a log line', {
      timeout: TIMEOUT,
    }, async () => {
      const body = JSON.stringify({
        action: 'opened',
        number: 999,
        issue: { number: 999, title: 'forged' },
        repository: { full_name: repository },
        sender: { login: 'mallory' },
      });
      const forged = createHmac('sha256', 'not-the-secret').update(body).digest('hex');
      const accepted = receiver.stats.accepted;
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Gitea-Event': 'issues',
          'X-Gitea-Signature': forged,
        },
        body,
      });
      assert.equal(response.status, 401);
      assert.equal(receiver.stats.accepted, accepted);
      assert.ok(!events.some(item => item.event === 'issues' && item.payload.number === 999));
      assert.ok(logLines.some(line => /rejected \(401 signature mismatch\) event=issues/.test(line)));
      const unsigned = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'X-Gitea-Event': 'issues' },
        body,
      });
      assert.equal(unsigned.status, 401);
    });
    it('refuses a body over its size bound with 413 before checking anything else', {
      timeout: TIMEOUT,
    }, async () => {
      const small = await startWebhookReceiver({
        secret,
        onEvent: () => assert.fail('no event expected'),
        maxBodyBytes: 1_024,
      });
      try {
        const body = JSON.stringify({ padding: 'x'.repeat(4_096) });
        const response = await fetch(small.url, {
          method: 'POST',
          headers: {
            'X-Gitea-Event': 'push',
            'X-Gitea-Signature': createHmac('sha256', secret).update(body).digest('hex'),
          },
          body,
        });
        assert.equal(response.status, 413);
        assert.equal(small.stats.rejected, 1);
      } finally {
        await small.stop();
      }
    });
  });

  describe('outbox deliverers', () => {
    let outbox: Outbox;
    before(() => {
      outbox = new Outbox({ file: ':memory:', backoff: { baseDelayMs: 200, maxDelayMs: 2_000 } });
      registerGiteaDeliverers(outbox, client);
      outbox.start();
    });
    after(async () => {
      await outbox?.stop();
    });

    it('files an issue once, with its marker, however often the same key is enqueued', {
      timeout: TIMEOUT,
    }, async () => {
      const request = giteaWrite('issue.create', 'test:issue-once', {
        repository,
        title: 'Outbox issue',
        body: 'From the outbox.',
      });
      const { entry } = outbox.enqueue(request);
      const settled = await outbox.settled(entry.id, 60_000);
      assert.equal(settled.status, 'delivered');
      const number = (settled.result as { number: number }).number;
      const issue = await client.issues.get(repository, number);
      assert.ok(hasMarker(issue.body, 'test:issue-once'));
      assert.equal(outbox.enqueue(request).duplicate, true);
      const retried = await giteaDeliverers(client)['issue.create'](request.payload, {
        attempt: 2,
        idempotencyKey: 'test:issue-once',
        signal: new AbortController().signal,
      });
      assert.deepEqual(
        retried,
        { number, url: issue.html_url, found: true },
        'a retry finds the earlier issue',
      );
    });

    it('delivers comment, label (creating it), file create and file update', {
      timeout: TIMEOUT,
    }, async () => {
      const issue = await client.issues.create(repository, { title: 'Deliver to me' });
      const writes: EnqueueRequest[] = [
        giteaWrite('issue.comment', 'test:comment', {
          repository,
          number: issue.number,
          body: 'via the outbox',
        }),
        giteaWrite('issue.label', 'test:label', {
          repository,
          number: issue.number,
          labels: ['triaged'],
          createMissingColor: '#336699',
        }),
        giteaWrite('file.create', 'test:file', {
          repository,
          path: 'outbox/log.txt',
          content: 'one\n',
          message: 'Log',
        }),
      ];
      for (const write of writes) {
        const settled = await outbox.settled(outbox.enqueue(write).entry.id, 60_000);
        assert.equal(settled.status, 'delivered', `${write.kind}: ${settled.lastError}`);
      }
      const update = giteaWrite('file.update', 'test:file-update', {
        repository,
        path: 'outbox/log.txt',
        content: 'two\n',
        message: 'Log again',
      });
      assert.equal((await outbox.settled(outbox.enqueue(update).entry.id, 60_000)).status, 'delivered');
      assert.equal(await client.contents.getText(repository, 'outbox/log.txt'), 'two\n');
      const reread = await client.issues.get(repository, issue.number);
      assert.deepEqual(
        reread.labels.map(label => label.name),
        ['triaged'],
      );
      const comments = await client.issues.comments(repository, issue.number);
      assert.equal(comments.items.filter(comment => hasMarker(comment.body, 'test:comment')).length, 1);
    });

    it('sends a permanent failure straight to the dead letters', { timeout: TIMEOUT }, async () => {
      const { entry } = outbox.enqueue(
        giteaWrite('issue.comment', 'test:comment-missing', {
          repository,
          number: 99_999,
          body: 'nobody home',
        }),
      );
      const settled = await outbox.settled(entry.id, 60_000);
      assert.equal(settled.status, 'dead');
      assert.equal(settled.attempts, 1);
      assert.match(settled.lastError ?? '', /issue #99999 does not exist/);
    });

    it('answers the board: list, read, file and comment, refusing writes without permission', {
      timeout: TIMEOUT,
    }, async () => {
      const board = giteaBoardHandlers({ client, outbox, repository, settleMs: 60_000 });
      const caller = {
        account: 'ezra',
        character: 'Ezra',
        dbref: '#12',
        permissions: ['Player'],
        canWrite: true,
      };
      const request = (
        id: string,
        action: string,
        args: Record<string, unknown>,
        canWrite = true,
      ): BridgeRequest => ({
        id,
        bridge: 'gitea',
        action,
        args,
        caller: { ...caller, canWrite },
      });
      const signal = new AbortController().signal;
      const refused = await board.file?.(request('r1', 'file', { title: 'Nope' }, false), signal);
      assert.deepEqual(refused, { ok: false, text: `Ezra may not write to the board (${repository}) yet.` });

      const filed = await board.file?.(
        request('r2', 'file', { title: 'A hole in the wall', body: 'Near the hearth.' }),
        signal,
      );
      assert.equal(filed?.ok, true, filed?.text);
      const number = Number(/#(\d+)/.exec(filed?.text ?? '')?.[1]);
      const issue = await client.issues.get(repository, number);
      assert.match(issue.body, /Near the hearth\.\n\n— Ezra \(account ezra\), in game/);

      const commented = await board.comment?.(
        request('r3', 'comment', { number: String(number), text: 'Still there.' }),
        signal,
      );
      assert.equal(commented?.ok, true, commented?.text);
      const read = await board.read?.(request('r4', 'read', { number }), signal);
      assert.equal(read?.ok, true);
      assert.match(
        read?.text ?? '',
        new RegExp(`^Issue #${number}: A hole in the wall \\(open, by ${gitea().adminUser}\\)`),
      );
      assert.match(read?.text ?? '', /Still there\./);
      assert.doesNotMatch(read?.text ?? '', /timmy:/, 'markers are not shown in game');

      const list = await board.list?.(request('r5', 'list', {}), signal);
      assert.match(list?.text ?? '', new RegExp(`#${number} \\(issue\\) A hole in the wall`));
      const missing = await board.read?.(request('r6', 'read', { number: 99_999 }), signal);
      assert.deepEqual(missing, { ok: false, text: 'There is no such entry on the board.' });
    });

    it('runs a heartbeat that merges an approved mergeable pull request through the outbox', {
      timeout: TIMEOUT,
    }, async () => {
      await client.contents.create(repository, 'approved.txt', {
        content: 'ok\n',
        message: 'Approved change',
        newBranch: 'approved-one',
      });
      const pull = await client.pulls.create(repository, {
        head: 'approved-one',
        base: 'main',
        title: 'Approved change',
      });
      const approved = await client.labels.create(repository, { name: 'approved', color: '#00aa00' });
      await client.labels.attach(repository, pull.number, [approved.id]);
      assert.equal(
        (await client.pulls.waitForMergeable(repository, pull.number, { timeoutMs: 60_000 })).mergeable,
        true,
      );
      const untriaged = await client.issues.create(repository, { title: 'Nobody has looked at me' });

      const report = await runHeartbeat({ client, outbox, repositories: [repository, 'nobody/missing'] });
      const merge = report.actions.find(item => item.action.type === 'merge');
      assert.equal(merge?.outcome, 'enqueued');
      assert.ok(
        report.actions.some(item => item.action.type === 'triage' && item.action.number === untriaged.number),
      );
      assert.ok(
        report.actions.some(
          item => item.action.type === 'investigate' && item.action.repository === 'nobody/missing',
        ),
      );
      assert.match(
        report.text,
        new RegExp(`\\[high\\] merge ${repository}#${pull.number} "Approved change": enqueued`),
      );
      const again = await runHeartbeat({ client, outbox, repositories: [repository] });
      const repeat = again.actions.find(item => item.action.type === 'merge');
      assert.ok(
        repeat === undefined || repeat.outcome === 'already-enqueued',
        'a second heartbeat never enqueues the same merge again',
      );
      const settled = await outbox.settled(merge?.entryId ?? -1, 60_000);
      assert.equal(settled.status, 'delivered', settled.lastError);
      assert.equal(await client.pulls.isMerged(repository, pull.number), true);
    });
  });
});
