import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { DeliveryError } from '../../bridges/outbox/outbox-contract.ts';
import type { BridgeRequest } from '../../bridges/warden/bridge-request.ts';
import { startWarden, type Warden } from '../../bridges/warden/warden.ts';
import { readWardenCredentials } from '../../bridges/warden/warden-credentials.ts';
import { MudClientError } from '../../mud-client/errors.ts';
import type { TextEvent } from '../../mud-client/events.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';

// Assigned inside the top-level suite, whose hooks start and stop the server around all tests.
let evennia: () => EvenniaInstance;
let player: MudSession;
let warden: Warden | undefined;
const heard: string[] = [];
const requests: BridgeRequest[] = [];
const logLines: string[] = [];
const secrets = mkdtempSync(path.join(os.tmpdir(), 'warden-secrets-'));
const credentialsFile = path.join(secrets, 'warden.json');
const outbox = new Outbox({ file: path.join(secrets, 'outbox.db'), maxAttempts: 1 });

/**
 * Small local handler tables standing in for the Gitea and Nostr bridges (their own integration tests run them
 * against real servers): they answer from what the request carries, so the test sees what the game sent.
 */
const handlers = {
  gitea: {
    list: async (request: BridgeRequest) => {
      requests.push(request);
      return {
        ok: true,
        text: `Open issues for ${request.caller.character}: #1 Broken lamp (canWrite ${request.caller.canWrite})`,
      };
    },
    read: async (request: BridgeRequest) => ({
      ok: false,
      text: `No issue #${String(request.args.number)}.`,
    }),
  },
};

const loggedIn = (username: string, password: string) => evennia().login(username, password);

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function launchWarden(): Promise<Warden> {
  const { host, ports, superuser } = evennia();
  return startWarden({
    host,
    ports,
    credentials: { superuser, file: credentialsFile },
    handlers,
    outbox,
    logger: { info: line => logLines.push(line), warn: line => logLines.push(line) },
  });
}

const forbidden = (error: unknown) => {
  assert.ok(error instanceof MudClientError, String(error));
  assert.equal(error.code, 'MUD_ERR_REQUEST_FAILED');
  assert.equal(error.details?.code, 'forbidden');
  assert.match(error.message, /only for the warden account/);
  return true;
};

describe('the bridge warden against a real Evennia', () => {
  evennia = useEvennia();

  before(async () => {
    await evennia().applyWorld();
    const { username, password } = await evennia().createAccount('Reader');
    player = await loggedIn(username, password);
    player.onEvent(event => {
      if (event.kind === 'text') heard.push((event as TextEvent).text);
    });
    await player.send('north');
    const archives = await player.send('northwest');
    assert.match(archives.text, /Lineage Archives/);
  });

  after(async () => {
    await warden?.stop();
    await player?.close();
    await outbox.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  test('without a warden the board says that the Gitea bridge is offline', async () => {
    const result = await player.send('board');
    assert.match(result.text, /The Repository Board is dark: the Gitea bridge is offline\./);
    assert.equal(requests.length, 0);
  });

  test('the warden provisions its account, goes online and the board shows the answer of its handler', async () => {
    warden = await launchWarden();
    assert.equal(warden.username, 'timmy-warden');
    assert.deepEqual(warden.bridges, ['gitea']);
    assert.equal(statSync(credentialsFile).mode & 0o777, 0o600);
    assert.equal(readWardenCredentials(credentialsFile)?.username, 'timmy-warden');
    const result = await player.send('board');
    assert.equal(result.correlated, true);
    assert.match(result.text, /The board stirs\.\.\./);
    assert.match(result.text, /Open issues for Reader: #1 Broken lamp \(canWrite false\)/);
    const request = requests.at(-1);
    assert.equal(request?.bridge, 'gitea');
    assert.equal(request?.caller.account, 'Reader');
    const failed = await player.send('board read 42');
    assert.match(failed.text, /The Repository Board flickers: No issue #42\./);
    const refused = await player.send('board file Lamp = It flickers');
    assert.match(refused.text, /does not heed you/);
    assert.equal(
      requests.some(seen => seen.action === 'file'),
      false,
    );
    assert.ok(!logLines.some(line => line.includes(readWardenCredentials(credentialsFile)?.password ?? '?')));
  });

  test('another account cannot say hello, reply or announce for the warden, and nothing changes', async () => {
    const { username, password } = await evennia().createAccount('Impostor');
    const impostor = await loggedIn(username, password);
    const before = heard.length;
    try {
      await assert.rejects(impostor.request('warden_hello', { bridges: ['gitea', 'nostr'] }), forbidden);
      await assert.rejects(
        impostor.request('bridge_reply', { id: 'br-0', ok: true, text: 'forged answer' }),
        forbidden,
      );
      await assert.rejects(
        impostor.request('bridge_event', { bridge: 'gitea', kind: 'webhook', text: 'forged news' }),
        forbidden,
      );
      await assert.rejects(impostor.request('warden_provision', { password: 'x'.repeat(30) }), error => {
        assert.ok(error instanceof MudClientError);
        assert.equal(error.details?.code, 'forbidden');
        return true;
      });
    } finally {
      await impostor.close();
    }
    assert.equal(
      heard.slice(before).some(text => text.includes('forged')),
      false,
    );
    const beacon = await player.send('southeast');
    assert.match(beacon.text, /Fraternity Hall/);
    const dark = await player.send('beacon');
    assert.match(dark.text, /The Nostr Beacon is dark: the Nostr bridge is offline\./);
    await player.send('northwest');
    const still = await player.send('board');
    assert.match(still.text, /Open issues for Reader/);
  });

  test('a webhook announcement is heard in the Lineage Archives, and board status shows the outbox', async () => {
    assert.ok(warden);
    const before = heard.length;
    const shown = await warden.announce({
      bridge: 'gitea',
      kind: 'webhook',
      text: 'Issue #5 opened by ezra',
    });
    assert.deepEqual(shown, { ok: true, shown: 1 });
    await until(
      () => heard.slice(before).some(text => text.includes('The Repository Board: Issue #5 opened by ezra')),
      'the announcement',
    );
    outbox.register('gitea', 'issue.create', async () => {
      throw new DeliveryError('401 the token was refused', { retryable: false });
    });
    const { entry } = outbox.enqueue({
      bridge: 'gitea',
      kind: 'issue.create',
      idempotencyKey: 'w-1',
      payload: {},
    });
    outbox.start();
    assert.equal((await outbox.settled(entry.id, 30_000)).status, 'dead');
    await warden.reportOutbox();
    const status = await player.send('board status');
    assert.match(status.text, /The Repository Board glows: the Gitea bridge is online\./);
    assert.match(status.text, /Last news \(\d+s ago\): Issue #5 opened by ezra/);
    assert.match(status.text, /0 pending, 0 delivering, 0 delivered, 1 dead\./);
    assert.match(
      status.text,
      new RegExp(`dead letter ${entry.id} \\(issue\\.create\\): .*401 the token was refused`),
    );
  });

  test('an Evennia reload keeps the warden online and answering', async () => {
    await evennia().supervisor.reload();
    const result = await player.send('board');
    assert.match(result.text, /Open issues for Reader/);
    assert.equal(warden?.online, true);
  });

  test('a warden whose connection was dropped logs in again and says hello again', async () => {
    await evennia().asSuperuser(admin => admin.send('boot timmy-warden'));
    await until(() => warden?.online === false, 'the warden to notice the drop');
    await until(() => warden?.online === true, 'the warden to come back', 120_000);
    const result = await player.send('board');
    assert.match(result.text, /Open issues for Reader/);
  });

  test('a restarted warden logs in with its stored credentials', async () => {
    const password = readWardenCredentials(credentialsFile)?.password;
    await warden?.stop();
    const offline = await player.send('board');
    assert.match(offline.text, /the Gitea bridge is offline/);
    warden = await launchWarden();
    assert.equal(readWardenCredentials(credentialsFile)?.password, password);
    const result = await player.send('board');
    assert.match(result.text, /Open issues for Reader/);
  });
});
