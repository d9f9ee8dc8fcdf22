import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BridgeError } from '../errors.ts';
import { loadBridgesConfig, parseBridgesConfig } from './load-bridges-config.ts';

const directory = mkdtempSync(path.join(tmpdir(), 'timmy-bridges-config-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function secretFile(name: string, content: string, mode = 0o600): string {
  const file = path.join(directory, name);
  writeFileSync(file, `${content}\n`);
  chmodSync(file, mode);
  return file;
}

function configError(run: () => unknown): BridgeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof BridgeError, String(error));
    assert.equal(error.code, 'BRIDGE_ERR_CONFIG_INVALID');
    return error;
  }
  assert.fail('expected a configuration error');
}

const file = path.join(directory, 'timmy.bridges.yaml');
const parse = (text: string, environment: NodeJS.ProcessEnv = {}) =>
  parseBridgesConfig(text, file, environment);

describe('loadBridgesConfig', () => {
  it('turns every bridge off when there is no file', () => {
    const config = loadBridgesConfig({ root: directory, environment: {} });
    assert.equal(config.file, undefined);
    assert.equal(config.gitea, undefined);
    assert.equal(config.nostr, undefined);
    assert.equal(config.journal, undefined);
    assert.equal(config.outbox.maxAttempts, 8);
    assert.equal(config.outbox.file, path.join(directory, '.timmy/bridges/outbox.sqlite'));
  });

  it('refuses a file named by TIMMY_BRIDGES_FILE that does not exist', () => {
    const error = configError(() =>
      loadBridgesConfig({ environment: { TIMMY_BRIDGES_FILE: path.join(directory, 'missing.yaml') } }),
    );
    assert.match(error.message, /missing\.yaml does not exist/);
  });

  it('reads the default file at the root, or the file TIMMY_BRIDGES_FILE names', () => {
    const root = mkdtempSync(path.join(directory, 'root-'));
    writeFileSync(path.join(root, 'timmy.bridges.yaml'), 'outbox:\n  maxAttempts: 3\n');
    assert.equal(loadBridgesConfig({ root, environment: {} }).outbox.maxAttempts, 3);
    const moved = path.join(directory, 'moved.yaml');
    writeFileSync(moved, 'outbox:\n  maxAttempts: 4\n');
    assert.equal(
      loadBridgesConfig({ root, environment: { TIMMY_BRIDGES_FILE: moved } }).outbox.maxAttempts,
      4,
    );
  });

  it('reads the committed example once its secrets exist', () => {
    const example = readFileSync(new URL('./example.yaml', import.meta.url), 'utf8');
    const config = parse(example, {
      TIMMY_GITEA_TOKEN: 'gitea-token',
      TIMMY_GITEA_WEBHOOK_SECRET: 'hook',
      TIMMY_JOURNAL_TOKEN: 'journal-token',
    });
    assert.equal(config.gitea?.owner, 'timmy');
    assert.equal(config.gitea?.name, 'timmy-world');
    assert.equal(config.gitea?.token?.read(), 'gitea-token');
    assert.equal(config.gitea?.webhook?.port, 4010);
    assert.deepEqual(config.nostr?.relays, ['ws://127.0.0.1:7777']);
    assert.equal(config.journal?.directory, path.join(directory, '.timmy/journal'));
    assert.equal(config.journal?.timeZone, 'UTC');
    assert.equal(config.outbox.file, path.join(directory, '.timmy/bridges/outbox.sqlite'));
  });
});

describe('parseBridgesConfig', () => {
  it('leaves a bridge off unless its section is present', () => {
    const config = parse('nostr:\n  relays: [ws://127.0.0.1:7777]\n');
    assert.equal(config.gitea, undefined);
    assert.equal(config.journal, undefined);
    assert.deepEqual(config.nostr, { relays: ['ws://127.0.0.1:7777'], operators: [], heartbeatKind1: false });
  });

  it('reads a token from a 0600 file relative to the configuration file', () => {
    secretFile('gitea-token', 'from-the-file');
    const config = parse(
      'gitea:\n  url: http://127.0.0.1:3000/\n  repository: a/b\n  tokenFile: gitea-token\n',
    );
    assert.equal(config.gitea?.token?.read(), 'from-the-file');
    assert.equal(config.gitea?.token?.description, `file ${path.join(directory, 'gitea-token')}`);
    assert.equal(config.gitea?.url, 'http://127.0.0.1:3000');
  });

  it('prefers the environment variable to the token file', () => {
    secretFile('gitea-token-2', 'from-the-file');
    const config = parse(
      'gitea:\n  url: http://127.0.0.1:3000\n  repository: a/b\n  tokenFile: gitea-token-2\n',
      {
        TIMMY_GITEA_TOKEN: 'from-the-environment',
      },
    );
    assert.equal(config.gitea?.token?.read(), 'from-the-environment');
  });

  it('refuses a secret file others can read, naming chmod 600', () => {
    const wide = secretFile('wide-token', 'secret', 0o644);
    const error = configError(() =>
      parse('gitea:\n  url: http://127.0.0.1:3000\n  repository: a/b\n  tokenFile: wide-token\n'),
    );
    assert.match(error.message, /timmy\.bridges\.yaml:4:14 gitea\.tokenFile: .*\(mode 644\)/);
    assert.equal(error.fix, `chmod 600 ${wide}`);
    assert.equal(error.message.includes('secret\n'), false);
  });

  it('refuses a token written into the YAML itself', () => {
    const error = configError(() => parse('journal:\n  directory: j\n  token: abc123\n'));
    assert.match(error.message, /:3:10 journal\.token: secrets never go in timmy\.bridges\.yaml/);
    assert.equal(error.message.includes('abc123'), false);
  });

  it('names the file, line and path of an invalid value', () => {
    const error = configError(() =>
      parse('outbox:\n  maxAttempts: 0\ngitea:\n  url: ftp://x\n  repository: nope\n'),
    );
    assert.match(error.message, /timmy\.bridges\.yaml:2:16 outbox\.maxAttempts: /);
    assert.match(error.message, /timmy\.bridges\.yaml:4:8 gitea\.url: expected an http/);
    assert.match(error.message, /timmy\.bridges\.yaml:5:15 gitea\.repository: expected "owner\/name"/);
  });

  it('names the line of broken YAML', () => {
    const error = configError(() => parse('nostr:\n  relays: [ws://a\n'));
    assert.match(error.message, /timmy\.bridges\.yaml:\d+:\d+: not valid YAML/);
  });

  it('refuses an operator that is not an npub and an unknown time zone', () => {
    const error = configError(() =>
      parse(
        'nostr:\n  relays: [ws://127.0.0.1:7777]\n  operators: [nsec1abc]\njournal:\n  directory: j\n  timeZone: Moon/Base\n',
      ),
    );
    assert.match(error.message, /nostr\.operators\[0\]: expected an npub1/);
    assert.match(error.message, /journal\.timeZone: expected an IANA time zone/);
  });

  it('refuses a journal remote with credentials in its URL', () => {
    const error = configError(() =>
      parse('journal:\n  directory: j\n  remote: http://bot:s3cret@127.0.0.1/j.git\n'),
    );
    assert.match(error.message, /:3:11 journal\.remote: the remote URL must not contain credentials/);
    assert.equal(error.message.includes('s3cret'), false);
  });

  it('reports a configured token file that does not exist', () => {
    const error = configError(() => parse('journal:\n  directory: j\n  tokenFile: nowhere\n'));
    assert.match(error.message, /journal\.tokenFile: the journal token file .*nowhere does not exist/);
  });
});
