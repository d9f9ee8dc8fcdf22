import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError } from '../errors.ts';
import { type BridgeCheckIo, bridgeChecks } from './bridge-checks.ts';
import type { BridgesConfig, JournalConfig } from './load-bridges-config.ts';

const TOKEN = 'a-secret-token-value';
const secret = { description: 'environment variable TIMMY_GITEA_TOKEN', read: () => TOKEN };
const outbox = { file: '/nowhere/outbox.sqlite', maxAttempts: 8 };

const journal: JournalConfig = {
  directory: '/tmp/journal',
  remote: 'http://127.0.0.1:3000/timmy/journal.git',
  branch: 'main',
  token: secret,
  timeZone: 'UTC',
  author: { name: 'Timmy', email: 'timmy@localhost.invalid' },
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Answers like Gitea does for the three calls the checks make. */
function giteaFetch(answers: {
  version?: Response;
  user?: Response;
  repository?: Response;
  seen?: string[];
}) {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    answers.seen?.push(`${url} ${new Headers(init?.headers).get('authorization') ?? ''}`);
    if (url.endsWith('/api/v1/version')) return answers.version ?? json(200, { version: '1.24.0' });
    if (url.endsWith('/api/v1/user')) return answers.user ?? json(200, { login: 'timmy' });
    return answers.repository ?? json(200, { full_name: 'timmy/world' });
  }) as typeof fetch;
}

const noIo: Partial<BridgeCheckIo> = {
  readOutbox: () => undefined,
  connectWebSocket: async () => {},
  lsRemote: async () => [],
  timeoutMs: 1_000,
};

async function run(config: BridgesConfig, io: Partial<BridgeCheckIo>) {
  return Promise.all(bridgeChecks(config, { ...noIo, ...io }).map(check => check()));
}

const giteaConfig = (withToken = true): BridgesConfig => ({
  file: 'timmy.bridges.yaml',
  gitea: {
    url: 'http://127.0.0.1:3000',
    owner: 'timmy',
    name: 'world',
    token: withToken ? secret : undefined,
  },
  outbox,
});

describe('bridgeChecks', () => {
  it('has no checks when no bridge is configured', () => {
    assert.deepEqual(bridgeChecks({ file: undefined, outbox }), []);
  });

  it('reports Gitea reachable and the token accepted, sending the token only as a header', async () => {
    const seen: string[] = [];
    const [gitea, token, box] = await run(giteaConfig(), { fetch: giteaFetch({ seen }) });
    assert.deepEqual(gitea, { name: 'Gitea', status: 'ok', detail: 'Gitea 1.24.0 at http://127.0.0.1:3000' });
    assert.equal(token?.status, 'ok');
    assert.match(token?.detail ?? '', /accepted for timmy/);
    assert.equal(token?.detail.includes(TOKEN), false);
    assert.ok(seen.includes(`http://127.0.0.1:3000/api/v1/user token ${TOKEN}`));
    assert.ok(seen.every(line => !line.split(' ')[0]?.includes(TOKEN)));
    assert.deepEqual(box, {
      name: 'Bridge outbox',
      status: 'ok',
      detail: '/nowhere/outbox.sqlite (not created yet)',
    });
  });

  it('reports a wrong token as missing with how to make a new one', async () => {
    const [, token] = await run(giteaConfig(), {
      fetch: giteaFetch({ user: json(401, { message: 'invalid token' }) }),
    });
    assert.equal(token?.status, 'missing');
    assert.match(
      token?.detail ?? '',
      /refused the token from environment variable TIMMY_GITEA_TOKEN \(401\)/,
    );
    assert.match(token?.fix ?? '', /new token/);
  });

  it('reports an unreachable Gitea with the reason and what to do', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const [gitea] = await run(giteaConfig(), {
      fetch: (async () => {
        throw refused;
      }) as typeof fetch,
    });
    assert.equal(gitea?.status, 'missing');
    assert.match(gitea?.detail ?? '', /unreachable: fetch failed \(ECONNREFUSED\)/);
  });

  it('reports a server that is not Gitea', async () => {
    const [gitea] = await run(giteaConfig(), {
      fetch: giteaFetch({ version: json(200, { hello: 'world' }) }),
    });
    assert.equal(gitea?.status, 'missing');
    assert.match(gitea?.detail ?? '', /does not look like Gitea/);
  });

  it('warns when the repository is not visible to the token', async () => {
    const [, token] = await run(giteaConfig(), { fetch: giteaFetch({ repository: json(404, {}) }) });
    assert.equal(token?.status, 'warning');
  });

  it('reports a missing token', async () => {
    const [, token] = await run(giteaConfig(false), { fetch: giteaFetch({}) });
    assert.equal(token?.status, 'missing');
    assert.match(token?.fix ?? '', /TIMMY_GITEA_TOKEN/);
  });

  it('checks each relay', async () => {
    const config: BridgesConfig = {
      file: 'f',
      nostr: { relays: ['ws://127.0.0.1:1', 'ws://127.0.0.1:2'], operators: [], heartbeatKind1: false },
      outbox,
    };
    const results = await run(config, {
      connectWebSocket: async url => {
        if (url.endsWith(':2')) throw new Error('connect ECONNREFUSED 127.0.0.1:2');
      },
    });
    assert.deepEqual(
      results.map(result => [result.name, result.status]),
      [
        ['Nostr relay ws://127.0.0.1:1', 'ok'],
        ['Nostr relay ws://127.0.0.1:2', 'missing'],
        ['Bridge outbox', 'ok'],
      ],
    );
  });

  it('checks the journal remote with ls-remote and passes on its fix when the token is refused', async () => {
    const config: BridgesConfig = { file: 'f', journal, outbox };
    const [ok] = await run(config, { lsRemote: async () => ['HEAD', 'refs/heads/main'] });
    assert.equal(ok?.status, 'ok');
    assert.match(ok?.detail ?? '', /branch main exists/);
    const [refused] = await run(config, {
      lsRemote: async () => {
        throw new BridgeError(
          'BRIDGE_ERR_AUTH_FAILED',
          'journal',
          'git ls-remote failed: Authentication failed',
          {
            fix: 'check the token in journal.tokenFile',
          },
        );
      },
    });
    assert.equal(refused?.status, 'missing');
    assert.equal(refused?.fix, 'check the token in journal.tokenFile');
  });

  it('warns about dead letters in the outbox, showing the newest error', async () => {
    const config: BridgesConfig = { file: 'f', journal: { ...journal, remote: undefined }, outbox };
    const [remote, box] = await run(config, {
      readOutbox: () => ({
        stats: { pending: 1, delivering: 0, delivered: 5, dead: 2 },
        deadLetters: [
          {
            id: 9,
            bridge: 'journal',
            kind: 'journal.push',
            idempotencyKey: 'k',
            payload: {},
            status: 'dead',
            attempts: 1,
            createdAt: 0,
            nextAttemptAt: 0,
            lastError: 'BRIDGE_ERR_AUTH_FAILED: git push failed',
          },
        ],
      }),
    });
    assert.equal(remote?.status, 'warning');
    assert.equal(box?.status, 'warning');
    assert.equal(
      box?.detail,
      '1 pending, 0 delivering, 5 delivered, 2 dead; newest: #9 journal journal.push: BRIDGE_ERR_AUTH_FAILED: git push failed',
    );
  });
});
