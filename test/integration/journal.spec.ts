/**
 * The journal end to end with real git: entries go through the outbox into a local repository and are
 * pushed over smart HTTP to a real git server (`git http-backend` behind a CGI wrapper, see
 * test/harness/git-http-backend.ts) that requires the token. Switch to the Gitea harness once it lands.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bridgeChecks } from '../../bridges/config/bridge-checks.ts';
import type { BridgesConfig } from '../../bridges/config/load-bridges-config.ts';
import { Journal } from '../../bridges/journal/journal.ts';
import { JournalRepository } from '../../bridges/journal/journal-repository.ts';
import { localTime } from '../../bridges/journal/local-time.ts';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { runCommand } from '../../supervisor/run-command.ts';
import { randomSecret } from '../../supervisor/secrets.ts';
import { basicAuthorization, type GitHttpServer, startGitHttpServer } from '../harness/git-http-backend.ts';

const AUTHOR = { name: 'Timmy Journal', email: 'timmy@journal.invalid' };

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function git(args: string[], cwd?: string): Promise<string> {
  const result = await runCommand('git', args, cwd ? { cwd } : {});
  assert.equal(result.exitCode, 0, `git ${args.join(' ')}: ${result.output}`);
  return result.output;
}

describe('the journal against a real git smart-HTTP server (git http-backend)', () => {
  const token = randomSecret();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'timmy-journal-'));
  let server: GitHttpServer;
  const outboxes: Outbox[] = [];

  before(async () => {
    server = await startGitHttpServer(token);
  });

  after(async () => {
    for (const outbox of outboxes) await outbox.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function journalFor(name: string, options: { token: string }) {
    const remote = await server.createRepository(name);
    const directory = path.join(scratch, name);
    const outbox = new Outbox({
      file: path.join(scratch, `${name}-outbox.sqlite`),
      backoff: { baseDelayMs: 100, maxDelayMs: 1_000 },
      maxAttempts: 50,
    });
    outboxes.push(outbox);
    const repository = new JournalRepository({
      directory,
      branch: 'main',
      author: AUTHOR,
      remote,
      token: () => options.token,
    });
    const journal = new Journal({ repository, outbox, timeZone: 'UTC' });
    outbox.start();
    const drained = () => {
      const stats = outbox.stats();
      return stats.pending === 0 && stats.delivering === 0;
    };
    return { remote, directory, outbox, journal, drained, bare: path.join(server.root, `${name}.git`) };
  }

  it('journal entries reach the remote repository in the seed shape, in order, by the configured author', async () => {
    const { outbox, journal, drained, bare } = await journalFor('reach', { token });
    const lines = ['first', 'second', 'third'];
    for (const line of lines)
      journal.write({ status: `status ${line}`, action: `action ${line}`, next: `next ${line}` });
    await until(drained, 'the outbox drained');
    assert.deepEqual(outbox.deadLetters(), []);
    const day = localTime(Date.now(), 'UTC').date;
    const text = await git(['--git-dir', bare, 'show', `main:thoughts/${day}.md`]);
    assert.deepEqual(
      [...text.matchAll(/^## Status: status (\w+)$/gm)].map(match => match[1]),
      lines,
    );
    assert.match(
      text,
      /^# \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+00:00\n## Status: status first\n## Action: action first\n## Next: next first\n/m,
    );
    const authors = await git(['--git-dir', bare, 'log', '--format=%an <%ae>', 'main']);
    assert.deepEqual(
      authors.trim().split('\n'),
      lines.map(() => `${AUTHOR.name} <${AUTHOR.email}>`),
    );
  });

  it('passes the token per command and never writes it into .git/config or the remote URL', async () => {
    const { journal, drained, directory, remote } = await journalFor('secret', { token });
    journal.write({ status: 's', action: 'a', next: 'n' });
    await until(drained, 'the outbox drained');
    const header = basicAuthorization('timmy', token);
    assert.ok(server.authorizations.includes(header), 'the server received the token');
    const config = readFileSync(path.join(directory, '.git', 'config'), 'utf8');
    assert.equal(config.includes(token), false);
    assert.equal(config.includes(header.slice('Basic '.length)), false);
    assert.equal((await git(['remote', 'get-url', 'origin'], directory)).trim(), remote);
    assert.equal(remote.includes(token), false);
  });

  it('delays the push while the remote is down and delivers it once the remote is back', async () => {
    const { outbox, journal, drained, directory, bare } = await journalFor('outage', { token });
    await server.pause();
    try {
      const entry = journal.write({
        status: 'offline',
        action: 'wrote while the remote was down',
        next: 'push later',
      });
      assert.equal((await outbox.settled(entry.id, 120_000)).status, 'delivered');
      await until(() => {
        const push = outbox.entry(entry.id + 1);
        return (push?.attempts ?? 0) >= 2 && push?.status === 'pending';
      }, 'the push failed twice');
      const push = outbox.entry(entry.id + 1);
      assert.equal(push?.kind, 'journal.push');
      assert.equal(push?.status, 'pending');
      assert.match(push?.lastError ?? '', /^BRIDGE_ERR_UNREACHABLE: /);
      assert.match(await git(['log', '--format=%s', '-1'], directory), /^journal: /);
    } finally {
      await server.resume();
    }
    await until(drained, 'the outbox drained after the remote came back');
    const day = localTime(Date.now(), 'UTC').date;
    assert.match(await git(['--git-dir', bare, 'show', `main:thoughts/${day}.md`]), /## Status: offline/);
  });

  it('parks the push as a dead letter naming the auth failure when the token is wrong, without the token', async () => {
    const wrongToken = randomSecret();
    const { outbox, journal, drained } = await journalFor('refused', { token: wrongToken });
    journal.write({ status: 's', action: 'a', next: 'n' });
    await until(drained, 'the outbox drained');
    const [dead] = outbox.deadLetters();
    assert.equal(dead?.kind, 'journal.push');
    assert.equal(dead?.attempts, 1);
    assert.match(dead?.lastError ?? '', /^BRIDGE_ERR_AUTH_FAILED: /);
    assert.equal(dead?.lastError?.includes(wrongToken), false);
  });

  it('lets the doctor check the journal remote with git ls-remote, naming a refused token', async () => {
    const remote = await server.createRepository('doctor');
    const config = (secret: string): BridgesConfig => ({
      file: 'timmy.bridges.yaml',
      journal: {
        directory: path.join(scratch, 'doctor'),
        remote,
        branch: 'main',
        token: { description: 'file test-token', read: () => secret },
        timeZone: 'UTC',
        author: AUTHOR,
      },
      outbox: { file: path.join(scratch, 'doctor-outbox.sqlite'), maxAttempts: 8 },
    });
    const [accepted, outboxCheck] = await Promise.all(bridgeChecks(config(token)).map(check => check()));
    assert.equal(accepted?.status, 'ok', accepted?.detail);
    assert.match(
      accepted?.detail ?? '',
      /answers git ls-remote; branch main will be created by the first push/,
    );
    assert.equal(outboxCheck?.detail.endsWith('(not created yet)'), true);
    const wrong = randomSecret();
    const [refused] = await Promise.all(bridgeChecks(config(wrong)).map(check => check()));
    assert.equal(refused?.status, 'missing');
    assert.match(refused?.detail ?? '', /^git ls-remote failed: /);
    assert.match(refused?.fix ?? '', /token in journal\.tokenFile/);
    assert.equal(`${refused?.detail} ${refused?.fix}`.includes(wrong), false);
  });

  it('commits an entry once when its append is repeated after a crash between the write and the commit', async () => {
    const directory = path.join(scratch, 'crash');
    const repository = new JournalRepository({ directory, branch: 'main', author: AUTHOR });
    await repository.ensure();
    const file = 'thoughts/2026-11-24.md';
    const text =
      '# 2026-11-24 10:00:00 +00:00\n## Status: s\n## Action: a\n## Next: n\n<!-- timmy-journal k1 -->\n\n';
    // The crashed attempt wrote the file but never committed.
    mkdirSync(path.join(directory, 'thoughts'), { recursive: true });
    writeFileSync(path.join(directory, file), text);
    const retried = await repository.append(file, text, '<!-- timmy-journal k1 -->', 'journal: retry');
    assert.equal(retried.alreadyWritten, true);
    assert.ok(retried.commit, 'the retry committed what the crashed attempt wrote');
    const again = await repository.append(file, text, '<!-- timmy-journal k1 -->', 'journal: again');
    assert.deepEqual(again, { commit: undefined, alreadyWritten: true });
    assert.equal(readFileSync(path.join(directory, file), 'utf8'), text);
    assert.equal((await git(['rev-list', '--count', 'HEAD'], directory)).trim(), '1');
  });
});
