/**
 * The journal against a real Gitea (test/harness/gitea-instance.ts): entries go through the outbox into a
 * local repository and are pushed over HTTP with a Gitea token passed per command, and read back through
 * Gitea's own API. A cold first run builds Gitea (minutes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { z } from 'zod';
import { bridgeChecks } from '../../bridges/config/bridge-checks.ts';
import type { BridgesConfig } from '../../bridges/config/load-bridges-config.ts';
import { Journal } from '../../bridges/journal/journal.ts';
import { JournalRepository } from '../../bridges/journal/journal-repository.ts';
import { localTime } from '../../bridges/journal/local-time.ts';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { randomSecret } from '../../supervisor/secrets.ts';
import { useGitea } from '../harness/gitea-instance.ts';

const AUTHOR = { name: 'Timmy Journal', email: 'timmy@journal.invalid' };

async function until(condition: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('the journal against a real Gitea', () => {
  const gitea = useGitea();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'timmy-journal-gitea-'));
  const outboxes: Outbox[] = [];

  after(async () => {
    for (const outbox of outboxes) await outbox.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function api(method: string, route: string, body?: unknown): Promise<Response> {
    const { url, token } = gitea();
    return fetch(`${url}/api/v1${route}`, {
      method,
      headers: { Authorization: `token ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function journalFor(name: string, token: string) {
    const created = await api('POST', '/user/repos', { name, private: true, default_branch: 'main' });
    assert.equal(created.status, 201, await created.clone().text());
    const { url, adminUser } = gitea();
    const remote = `${url}/${adminUser}/${name}.git`;
    const directory = path.join(scratch, name);
    const outbox = new Outbox({
      file: path.join(scratch, `${name}-outbox.sqlite`),
      backoff: { baseDelayMs: 200, maxDelayMs: 2_000 },
      maxAttempts: 100,
    });
    outboxes.push(outbox);
    const repository = new JournalRepository({
      directory,
      branch: 'main',
      author: AUTHOR,
      remote,
      token: () => token,
    });
    const journal = new Journal({ repository, outbox, timeZone: 'UTC' });
    outbox.start();
    const drained = () => {
      const stats = outbox.stats();
      return stats.pending === 0 && stats.delivering === 0;
    };
    return { remote, directory, outbox, journal, drained };
  }

  /** A file on main as Gitea serves it; Gitea marks a first push into an empty repository asynchronously. */
  async function rawFile(repository: string, file: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await api('GET', `/repos/${gitea().adminUser}/${repository}/raw/${file}?ref=main`);
      if (response.status === 200) return response.text();
      if (Date.now() > deadline) assert.fail(`raw ${file}: ${response.status}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  it('journal entries reach a Gitea repository, in order, with the token never in .git/config', async () => {
    const { token } = gitea();
    const { journal, outbox, drained, directory, remote } = await journalFor('journal', token);
    for (const step of ['woke', 'walked', 'wrote']) {
      journal.write({ status: `after ${step}`, action: step, next: 'keep going' });
    }
    await until(drained, 'the outbox drained');
    assert.deepEqual(outbox.deadLetters(), []);
    const text = await rawFile('journal', `thoughts/${localTime(Date.now(), 'UTC').date}.md`);
    assert.deepEqual(
      [...text.matchAll(/^## Action: (\w+)$/gm)].map(match => match[1]),
      ['woke', 'walked', 'wrote'],
    );
    const commits = z
      .array(z.object({ commit: z.object({ author: z.object({ name: z.string(), email: z.string() }) }) }))
      .parse(await (await api('GET', `/repos/${gitea().adminUser}/journal/commits?sha=main`)).json());
    assert.equal(commits.length, 3);
    assert.deepEqual(commits[0]?.commit.author, AUTHOR);
    const config = readFileSync(path.join(directory, '.git', 'config'), 'utf8');
    assert.equal(config.includes(token), false);
    assert.equal(remote.includes(token), false);
  });

  it('delays the push while Gitea is down and delivers it when Gitea is back', async () => {
    const { token } = gitea();
    const { journal, outbox, drained } = await journalFor('outage', token);
    await gitea().halt();
    try {
      const entry = journal.write({
        status: 'offline',
        action: 'wrote during the outage',
        next: 'push later',
      });
      await until(() => {
        const push = outbox.entry(entry.id + 1);
        return (push?.attempts ?? 0) >= 1 && push?.status === 'pending';
      }, 'the push failed once');
      assert.match(outbox.entry(entry.id + 1)?.lastError ?? '', /^BRIDGE_ERR_UNREACHABLE: /);
    } finally {
      await gitea().start();
    }
    await until(drained, 'the outbox drained after Gitea came back');
    assert.deepEqual(outbox.deadLetters(), []);
    assert.match(
      await rawFile('outage', `thoughts/${localTime(Date.now(), 'UTC').date}.md`),
      /## Status: offline/,
    );
  });

  it('parks the push as an auth-failure dead letter when Gitea refuses the token', async () => {
    const wrong = randomSecret(20);
    const { journal, outbox, drained } = await journalFor('refused', wrong);
    journal.write({ status: 's', action: 'a', next: 'n' });
    await until(drained, 'the outbox drained');
    const [dead] = outbox.deadLetters();
    assert.equal(dead?.kind, 'journal.push');
    assert.match(dead?.lastError ?? '', /^BRIDGE_ERR_AUTH_FAILED: /);
    assert.equal(dead?.lastError?.includes(wrong), false);
  });

  it('passes the doctor checks of Gitea and the journal remote, and names a refused token', async () => {
    const { url, token, adminUser } = gitea();
    await journalFor('doctor', token);
    const config = (secret: string): BridgesConfig => ({
      file: 'timmy.bridges.yaml',
      gitea: {
        url,
        owner: adminUser,
        name: 'doctor',
        token: { description: 'test token', read: () => secret },
      },
      journal: {
        directory: path.join(scratch, 'doctor-check'),
        remote: `${url}/${adminUser}/doctor.git`,
        branch: 'main',
        token: { description: 'test token', read: () => secret },
        timeZone: 'UTC',
        author: AUTHOR,
      },
      outbox: { file: path.join(scratch, 'doctor-outbox.sqlite'), maxAttempts: 8 },
    });
    const results = await Promise.all(bridgeChecks(config(token)).map(check => check()));
    assert.deepEqual(
      results.map(result => [result.name, result.status]),
      [
        ['Gitea', 'ok'],
        ['Gitea token', 'ok'],
        ['Journal remote', 'ok'],
        ['Bridge outbox', 'ok'],
      ],
      JSON.stringify(results),
    );
    assert.match(results[0]?.detail ?? '', new RegExp(`^Gitea ${gitea().version.replace(/^v/, '')}`));
    const wrong = randomSecret(20);
    const refused = await Promise.all(bridgeChecks(config(wrong)).map(check => check()));
    assert.equal(refused[1]?.status, 'missing');
    assert.match(refused[1]?.detail ?? '', /refused the token from test token \(401\)/);
    assert.equal(refused[2]?.status, 'missing');
    assert.equal(JSON.stringify(refused).includes(wrong), false);
  });
});
